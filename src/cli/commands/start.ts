import { CoworkError, type ErrorCode, type ReadyLine, toErrorInfo } from '../../contracts/index.js';
import { findRunningDaemon, waitFor } from '../daemon-client.js';
import type { DaemonLaunchMessage } from '../launcher.js';
import { printJson } from '../output.js';

/** What the person must act on keeps its code: a port taken, a foreign or damaged database. */
const PASSED_ON: ReadonlySet<string> = new Set<ErrorCode>(['CONFLICT', 'DATA_DAMAGED']);

function printReady(url: string, pid: number): void {
  printJson({ ready: true, url, pid } satisfies ReadyLine);
}

/**
 * `cowork start`: prints one ready line for the daemon serving the home. The launched daemon either
 * becomes it, or finds the home's lock taken (ALREADY_RUNNING) — then the running one is reported.
 * The database lock decides, so racing starts can never produce two daemons.
 */
export async function reportLaunch(
  home: string,
  launch: Promise<DaemonLaunchMessage>,
  open: boolean,
): Promise<number> {
  const message = await launch;
  if (message.type === 'ready') {
    printReady(message.url, message.pid);
  } else if (message.code === 'ALREADY_RUNNING') {
    let running: Awaited<ReturnType<typeof findRunningDaemon>>;
    // The winner of a race may still be starting up: give it a moment to answer.
    await waitFor(
      async () => {
        running = await findRunningDaemon(home);
        return running !== undefined;
      },
      10_000,
      50,
    );
    if (!running) throw new CoworkError('ALREADY_RUNNING', message.message);
    printReady(running.info.url, running.info.pid);
  } else {
    throw new CoworkError(
      PASSED_ON.has(message.code) ? (message.code as ErrorCode) : 'UNAVAILABLE',
      message.message,
    );
  }
  if (open) await (await import('./open.js')).openUi(home);
  return 0;
}

export interface ForegroundOptions {
  home: string;
  port: number | undefined;
  open: boolean;
}

/** Runs the daemon in this process until it is asked to stop or gets SIGINT/SIGTERM. */
export async function runForeground(opts: ForegroundOptions): Promise<number> {
  const { startDaemon } = await import('../../server/index.js');
  const launchedByCli = process.send !== undefined;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  try {
    daemon = await startDaemon({ home: opts.home, port: opts.port, logToStderr: !launchedByCli });
  } catch (err) {
    if (launchedByCli) {
      const { code, message } = toErrorInfo(err, (e) => ({ code: 'INTERNAL', message: String(e) }));
      process.send?.({ type: 'error', code, message } satisfies DaemonLaunchMessage);
    }
    throw err;
  }
  printReady(daemon.url, daemon.pid);
  if (launchedByCli) {
    process.send?.({ type: 'ready', url: daemon.url, pid: daemon.pid } satisfies DaemonLaunchMessage);
    process.disconnect?.();
  }
  keepAliveOnStrayErrors(daemon.log);

  const signalled = new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  process.on('SIGHUP', () => {}); // a closed terminal must not kill a detached daemon
  if (opts.open) await (await import('./open.js')).openUi(opts.home).catch(() => {});
  await Promise.race([daemon.stopRequested, signalled]);
  await daemon.stop();
  return 0;
}

/**
 * The daemon owns people's state: a bug in one request handler must not take every session down.
 * Errors are logged; all durable state is transactional, so nothing half-written remains.
 */
function keepAliveOnStrayErrors(log: (msg: string, fields: Record<string, unknown>) => void): void {
  process.on('uncaughtException', (err) => log('uncaught exception', { error: String(err?.stack ?? err) }));
  process.on('unhandledRejection', (err) => log('unhandled rejection', { error: String(err) }));
}
