/**
 * Grants for one run only (`cowork run`'s "this run only"): given as the run starts, ended when it
 * ends. The grant itself lives in the enclave (GrantStore: memory only, so no restart keeps it);
 * this ties it to the run's life.
 */
import type { AgentRunner, RunRecord } from '../agent/index.js';
import { CoworkError, type RpcParams } from '../contracts/index.js';
import type { Enclave } from '../enclave/index.js';
import type { EventLog } from '../store/index.js';

/** The events after which a run does nothing more. An interrupted run may resume: it keeps its grant. */
const RUN_ENDS: Record<string, string> = {
  'run.completed': 'completed',
  'run.failed': 'failed',
  'run.cancelled': 'was cancelled',
};

/**
 * `runs.start`: the run's folder must be granted — read-write to change anything — or, with
 * `folderGrant`, it is granted for this run only when no grant allows that mode already.
 */
export function startRun(
  runner: AgentRunner,
  enclave: Enclave,
  { folderGrant, ...params }: RpcParams<'runs.start'>,
): RunRecord {
  const grant = grantOf(enclave, params.folder);
  const enough = grant && (folderGrant !== 'rw' || grant.mode === 'rw');
  if (enough || !folderGrant) {
    requireGranted(enclave, params.folder);
    return runner.start(params);
  }
  // In force before the run starts (it reads its folder's instructions at once), bound to it after.
  const hold = enclave.holdRunGrant(params.folder, folderGrant);
  let run: RunRecord;
  try {
    run = runner.start(params);
  } catch (err) {
    hold.release();
    throw err;
  }
  hold.bind(run.id);
  return run;
}

const grantOf = (enclave: Enclave, folder: string) =>
  enclave.grants.list().find((g) => folder === g.path || folder.startsWith(`${g.path}/`));

/** A folder runs may be started in (a workforce's too): inside a grant, else PERMISSION_DENIED. */
export function requireGranted(enclave: Enclave, folder: string): void {
  if (!grantOf(enclave, folder))
    throw new CoworkError('PERMISSION_DENIED', `${folder} is not a granted folder; grant it first.`);
}

/**
 * Ends each run's grants when the run ends. Subscribe after the temp sweep (temp-sweeps.ts), which
 * looks at the run's grant when the same event arrives. Returns the unsubscribe.
 */
export function endRunGrantsWithRuns(events: EventLog, enclave: Enclave): () => void {
  return events.subscribe((event) => {
    const why = RUN_ENDS[event.type];
    const runId = (event.payload as { runId?: unknown }).runId;
    if (why && typeof runId === 'string') enclave.dropRunGrants(runId, why);
  });
}
