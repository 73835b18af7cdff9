import type { AgentRunner } from '../agent/index.js';
import type { Enclave } from '../enclave/index.js';
import { type EventLog, type LogHub, sweepDataFolderTemps } from '../store/index.js';

/** The events that end a run: its folder is swept then. */
const RUN_ENDINGS = new Set(['run.completed', 'run.failed', 'run.cancelled', 'run.interrupted']);

interface SweepDeps {
  home: string;
  events: EventLog;
  enclave: Enclave;
  runner: AgentRunner;
  logger: LogHub;
}

/**
 * Temp files of atomic writes that a kill cut off are removed at start (Cowork's data folder and
 * every read-write grant, in the background) and in a run's folder after the run ends. Returns
 * the unsubscribe.
 */
export function startTempSweeps(deps: SweepDeps): () => void {
  const { enclave, logger } = deps;
  const busy = new Set<string>();
  const sweep = (what: string, work: () => Promise<string[]>) => {
    if (busy.has(what)) return;
    busy.add(what);
    work()
      .then((gone) => {
        if (gone.length > 0)
          logger.log('info', 'removed leftover temp files', { count: gone.length, in: what });
      })
      .catch((err) => logger.log('warn', 'temp file sweep failed', { error: String(err) }))
      .finally(() => busy.delete(what));
  };
  setImmediate(() => {
    sweep('data folder', () => sweepDataFolderTemps(deps.home));
    sweep('grants', () => enclave.sweepTempFiles());
  });
  return deps.events.subscribe((event) => {
    if (!RUN_ENDINGS.has(event.type)) return;
    const runId = (event.payload as { runId?: unknown }).runId;
    const folder = typeof runId === 'string' ? deps.runner.runs.get(runId)?.folder : undefined;
    if (folder) sweep(folder, () => enclave.sweepTempFiles([folder]));
  });
}
