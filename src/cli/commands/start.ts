import { fileURLToPath } from 'node:url';
import { CoworkError, type ReadyLine } from '../../contracts/index.js';
import { ensureHome } from '../../store/index.js';
import { findRunningDaemon, waitFor } from '../daemon-client.js';
import { launchDetachedDaemon } from '../launcher.js';
import { printJson } from '../output.js';
import { openUi } from './open.js';

export interface StartOptions {
  home: string;
  port: number | undefined;
  foreground: boolean;
  open: boolean;
}

/**
 * `cowork start`: prints one ready line, `{"ready":true,"url":…,"pid":…}`, for the daemon serving
 * the home — the one already running, or a new one.
 */
export async function start(opts: StartOptions): Promise<number> {
  if (opts.foreground) return runForeground(opts);

  const running = await findRunningDaemon(opts.home);
  if (running) {
    printJson({ ready: true, url: running.info.url, pid: running.info.pid } satisfies ReadyLine);
    if (opts.open) await openUi(opts.home);
    return 0;
  }

  const paths = ensureHome(opts.home);
  const args = ['--home', opts.home, ...(opts.port === undefined ? [] : ['--port', String(opts.port)])];
  const cliMain = fileURLToPath(new URL('../main.js', import.meta.url));
  const message = await launchDetachedDaemon(cliMain, args, paths.daemonLog);
  if (message.type === 'ready') {
    printJson({ ready: true, url: message.url, pid: message.pid } satisfies ReadyLine);
    if (opts.open) await openUi(opts.home);
    return 0;
  }
  if (message.code === 'ALREADY_RUNNING') {
    // Another `cowork start` won the race for this home: report the winner once it is up.
    let winner: Awaited<ReturnType<typeof findRunningDaemon>>;
    await waitFor(async () => (winner = await findRunningDaemon(opts.home)) !== undefined, 10_000, 50);
    if (winner) {
      printJson({ ready: true, url: winner.info.url, pid: winner.info.pid } satisfies ReadyLine);
      return 0;
    }
  }
  throw new CoworkError(message.code === 'ALREADY_RUNNING' ? 'ALREADY_RUNNING' : 'UNAVAILABLE', message.message);
}

async function runForeground(opts: StartOptions): Promise<number> {
  const { startDaemon } = await import('../../server/index.js');
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  try {
    daemon = await startDaemon({ home: opts.home, port: opts.port, logToStderr: process.send === undefined });
  } catch (err) {
    if (process.send && err instanceof CoworkError) {
      process.send({ type: 'error', code: err.code, message: err.message });
    }
    throw err;
  }
  printJson({ ready: true, url: daemon.url, pid: daemon.pid } satisfies ReadyLine);
  if (process.send) {
    process.send({ type: 'ready', url: daemon.url, pid: daemon.pid });
    process.disconnect?.();
  }
  keepAliveOnStrayErrors();

  const signalled = new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  process.on('SIGHUP', () => {}); // a closed terminal must not kill a detached daemon
  if (opts.open) await openUi(opts.home).catch(() => {});
  await Promise.race([daemon.stopRequested, signalled]);
  await daemon.stop();
  return 0;
}

/**
 * The daemon owns people's state: a bug in one request handler must not take every session down.
 * Errors are logged; all durable state is transactional, so nothing half-written remains.
 */
function keepAliveOnStrayErrors(): void {
  // A detached daemon's stderr is its log file.
  const record = (kind: string) => (err: unknown) => {
    const line = `${JSON.stringify({ t: new Date().toISOString(), level: 'error', msg: kind, error: String(err) })}\n`;
    process.stderr.write(line);
  };
  process.on('uncaughtException', record('uncaught exception'));
  process.on('unhandledRejection', record('unhandled rejection'));
}
