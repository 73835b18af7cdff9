import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { WebSocketServer } from 'ws';
import { CoworkError, type DaemonInfo } from '../contracts/index.js';
import { LIMITS } from '../documents/index.js';
import { redactValue } from '../enclave/index.js';
import {
  createFileLogger,
  type EventLog,
  ensureHome,
  type HomePaths,
  type LogHub,
  markCleanStop,
  removeDaemonInfo,
  UiSessionStore,
  writeDaemonInfo,
} from '../store/index.js';
import { Auth } from './auth.js';
import { DataControl } from './data-control.js';
import { createHttpHandler } from './http-handler.js';
import { coworkVersion, packageRoot } from './package-info.js';
import { RequestGuard } from './request-guard.js';
import { endRunGrantsWithRuns } from './run-grants.js';
import { createServices, type Services } from './services.js';
import { startTempSweeps } from './temp-sweeps.js';
import { WsConnection } from './ws-connection.js';
import { createWebSocketServer, upgradeHandler } from './ws-upgrade.js';

/** The port a person's bookmarks point at; when taken, any free port is used instead. */
export const PREFERRED_PORT = 7437;

export interface DaemonOptions {
  home: string;
  /** 0 = any free port; undefined = PREFERRED_PORT, falling back to any free port. */
  port?: number | undefined;
  logToStderr?: boolean;
}

export interface Daemon {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly paths: HomePaths;
  readonly events: EventLog;
  /** Writes an error line to the daemon log. */
  log(msg: string, fields: Record<string, unknown>): void;
  /** Resolves when the daemon was asked to stop (over the API or by a signal). */
  readonly stopRequested: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts coworkd in this process: takes the home's lock, opens the store, and serves HTTP and
 * WebSocket on 127.0.0.1. Throws CoworkError('ALREADY_RUNNING') when another daemon owns the home.
 */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const paths = ensureHome(options.home);
  const logger = createFileLogger(paths.daemonLog, options.logToStderr);
  // Log lines are redacted like audit entries before they reach the file or any viewer.
  logger.setRedactor(redactValue);
  const version = coworkVersion();
  const startedAt = Date.now();
  const instanceId = randomUUID();
  let port = 0;
  const services = createServices(paths, {
    logger,
    oauthRedirectUrl: () => `http://127.0.0.1:${port}/oauth/callback`,
  });
  const { db, events, enclave, tools, memory, sessions } = services;
  const info = (): DaemonInfo => ({
    pid: process.pid,
    port,
    url: `http://127.0.0.1:${port}`,
    version,
    instanceId,
    startedAt: new Date(startedAt).toISOString(),
  });

  let requestStop: () => void = () => {};
  const stopRequested = new Promise<void>((resolve) => {
    requestStop = resolve;
  });

  // Auth and routes depend on the final port (cookie name, allowed origins), known after listen.
  let handle: ReturnType<typeof createHttpHandler> = (_req, res) => res.writeHead(503).end();
  const server: Server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) =>
    handle(req, res),
  );
  let auth: Auth;
  try {
    port = await listen(server, options.port);
    auth = new Auth(paths.authToken, new UiSessionStore(db), port);
  } catch (err) {
    server.close();
    db.close();
    throw err;
  }
  const guard = new RequestGuard(port, auth);
  handle = createHttpHandler({
    auth,
    guard,
    port,
    version,
    startedAt,
    webRoot: join(packageRoot(), 'web', 'dist'),
    info,
    onStopRequested: requestStop,
    finishMcpSignIn: async (state, code) => (await tools.mcp()).finishSignIn(state, code),
    screenshot: (ref) => sessions.screenshotBytes(ref),
    exportData: () => data.export(),
    // The UI's uploads are the person's writes, like its `tools.call`: same door, same rules.
    upload: (path, body, { size, maxBytes, approvalId }) =>
      enclave.writeStream(
        path,
        body,
        { actor: 'user', sessionId: null, runId: null, wait: false, approvalId },
        { size, maxBytes },
      ),
    // The browser's view of a file (a PDF, an image, a download) is the person's read, as their preview's.
    readFile: (path) =>
      enclave.readBytes(
        path,
        { actor: 'user', origin: 'person', sessionId: null, runId: null, wait: false },
        LIMITS.inputBytes,
      ),
  });

  const wss = createWebSocketServer();
  // After start-up (never in its way): indexed folders are watched again, so the index stays fresh.
  setImmediate(() => {
    try {
      memory.watchIndexedFolders();
    } catch (err) {
      logger.log('warn', (err as Error).message, { module: 'memory' });
    }
    services.codeIndexes.reopenIndexed();
  });
  // For the daemon's lifetime: edits of policy.yaml are in force without a restart.
  enclave.watchPolicyFile(logger);
  // For the daemon's lifetime: leftovers of writes a kill cut off go, at start and after each run.
  startTempSweeps({ home: paths.home, events, enclave, runner: services.runner, logger });
  // After the sweeps: a run's grant for this run only ends with the run, once its folder was swept.
  endRunGrantsWithRuns(events, enclave);
  // Unfinished workforces carry on from their logs (their worker runs were marked interrupted).
  services.workforces.start();
  const data = new DataControl({
    ...services,
    paths,
    version,
    logger,
    closeClientsExcept: (keep) => {
      for (const ws of wss.clients) if (ws !== keep) ws.close(1001, 'data deleted');
    },
  });
  const ctx = { ...services, data, requestStop, log: events, logger, home: paths.home, version, startedAt };
  server.on(
    'upgrade',
    upgradeHandler(wss, {
      guard,
      unavailable: () => data.stopping,
      onConnection: (ws) => new WsConnection(ws, ctx),
    }),
  );
  server.on('clientError', (_err, socket) => socket.destroy());

  const { url } = info();
  writeDaemonInfo(paths.daemonInfo, info());
  events.append({ type: 'daemon.started', payload: { version, pid: process.pid } });
  // Local first: offer the model servers already running here (in the background, never blocking start).
  setTimeout(() => {
    void import('../models/index.js')
      .then(({ detectLocalServers }) => detectLocalServers())
      .then((servers) => {
        if (servers.length > 0) events.append({ type: 'models.local_detected', payload: { servers } });
      })
      .catch(() => {});
  }, 1000).unref();
  services.backups.start();
  services.critic.start();
  logger.log('info', 'daemon started', { url, pid: process.pid, version });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= shutdown({ services, server, wss, logger, paths, instanceId, data });
    return stopping;
  };
  const log = (msg: string, fields: Record<string, unknown>) => logger.log('error', msg, fields);
  return { url, port, pid: process.pid, paths, events, stopRequested, stop, log };
}

async function listen(server: Server, requested: number | undefined): Promise<number> {
  const tryPort = (p: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (err: Error) => {
        server.off('listening', onListening);
        reject(err);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(p, '127.0.0.1');
    });
  if (requested !== undefined) {
    try {
      return await tryPort(requested);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new CoworkError('CONFLICT', `Port ${requested} is already in use.`);
      }
      throw err;
    }
  }
  try {
    return await tryPort(PREFERRED_PORT);
  } catch {
    return tryPort(0);
  }
}

interface ShutdownParts {
  services: Services;
  data: DataControl;
  server: Server;
  wss: WebSocketServer;
  logger: LogHub;
  paths: HomePaths;
  instanceId: string;
}

/** Graceful stop: refuse new work, say goodbye to clients, record the stop, close the database last. */
async function shutdown({
  services,
  data,
  server,
  wss,
  logger,
  paths,
  instanceId,
}: ShutdownParts): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const ws of wss.clients) ws.close(1001, 'daemon stopping');
  server.closeAllConnections();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
  wss.close();
  // After "delete everything" the stores are closed and the folder is empty: nothing to record.
  if (data.wiped) return logger.log('info', 'daemon stopped after deleting all data');
  await services.stopActivity();
  const { events } = services;
  try {
    events.append({ type: 'daemon.stopped', payload: { pid: process.pid } });
  } finally {
    removeDaemonInfo(paths.daemonInfo, instanceId);
    services.closeStores();
    // Only now: a stop cut off before the database is closed leaves no marker, so the next start checks it all.
    markCleanStop(paths);
    logger.log('info', 'daemon stopped');
  }
}
