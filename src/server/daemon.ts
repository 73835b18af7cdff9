import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { AgentRunner, CheckpointStore } from '../agent/index.js';
import { CoworkError, type DaemonInfo } from '../contracts/index.js';
import { Enclave, redactValue } from '../enclave/index.js';
import { LessonStore, MemoryService, memoryTools } from '../memory/index.js';
import {
  customPatterns,
  languageModel,
  PriceTable,
  ProviderStore,
  Router,
  streamTurn,
} from '../models/index.js';
import { browserTools, SessionManager, terminalTools } from '../sessions/index.js';
import {
  BlobStore,
  createFileLogger,
  type Database,
  EventLog,
  ensureHome,
  type HomePaths,
  type Logger,
  openDatabase,
  readConfigJson,
  removeDaemonInfo,
  SecretStore,
  UiSessionStore,
  writeDaemonInfo,
} from '../store/index.js';
import { type Sampler, ToolRegistry } from '../tools/index.js';
import { Auth } from './auth.js';
import { DataControl } from './data-control.js';
import { createHttpHandler } from './http-handler.js';
import { isAllowedOrigin, isLoopbackHost } from './loopback.js';
import { coworkVersion, packageRoot } from './package-info.js';
import { SOFT_FRAME_LIMIT, WsConnection } from './ws-connection.js';

/** The port a person's bookmarks point at; when taken, any free port is used instead. */
export const PREFERRED_PORT = 7437;
/** Hard frame cap: above it `ws` closes the socket (1009); below it we answer FRAME_TOO_LARGE. */
const HARD_FRAME_LIMIT = 8 * SOFT_FRAME_LIMIT;

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
  const db = openDatabase(paths.database);
  const version = coworkVersion();
  const startedAt = Date.now();
  const instanceId = randomUUID();
  const events = new EventLog(db);
  const secrets = new SecretStore(paths.home);
  let enclave: Enclave;
  try {
    // The secret store also keeps the audit log's signing key.
    enclave = new Enclave({ db, events, dataDir: paths.home, policyFile: paths.policyFile, secrets });
    // Log lines are redacted like audit entries before they reach the file or any viewer.
    logger.setRedactor(redactValue);
  } catch (err) {
    db.close();
    throw err;
  }
  let port = 0;
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
  handle = createHttpHandler({
    auth,
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
  });

  // Invalid UTF-8 becomes U+FFFD and then a parse error reply, rather than a dropped connection.
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT, skipUTF8Validation: true });
  const providers = new ProviderStore(db);
  const router = loadRouter(join(paths.home, 'routes.json'), logger);
  const tools = new ToolRegistry(enclave, db, logger, events, {
    sampler: createSampler(providers, router, secrets),
    oauth: { secrets, redirectUrl: `http://127.0.0.1:${port}/oauth/callback` },
  });
  const blobs = new BlobStore(join(paths.home, 'blobs'));
  const checkpoints = new CheckpointStore(db, blobs, enclave);
  const lessons = new LessonStore(db);
  const memory = new MemoryService(paths.home, enclave, events, { secrets });
  tools.addLocal(...memoryTools(memory, lessons, enclave));
  const sessions = new SessionManager(enclave, events, blobs);
  tools.addLocal(...terminalTools(sessions, enclave), ...browserTools(sessions));
  // After start-up (never in its way): indexed folders are watched again, so the index stays fresh.
  setImmediate(() => {
    try {
      memory.watchIndexedFolders();
    } catch (err) {
      logger.log('warn', (err as Error).message, { module: 'memory' });
    }
  });
  const runner = new AgentRunner({
    lessons,
    db,
    events,
    enclave,
    tools,
    providers,
    checkpoints,
    blobs,
    home: paths.home,
    prices: new PriceTable(join(paths.home, 'prices.json')),
    router,
    redactionPatterns: loadRedactionPatterns(join(paths.home, 'redaction.json'), logger),
    // Keys stay in the secret store until the moment a request needs one.
    apiKey: (id) => (providers.get(id)?.authRef ? secrets.get(`provider:${id}`) : undefined),
    logger,
  });
  const data = new DataControl({
    paths,
    db,
    version,
    logger,
    runner,
    tools,
    sessions,
    enclave,
    memory,
    providers,
    secrets,
    closeClientsExcept: (keep) => {
      for (const ws of wss.clients) if (ws !== keep) ws.close(1001, 'data deleted');
    },
  });
  const ctx = {
    data,
    requestStop,
    enclave,
    tools,
    runner,
    providers,
    router,
    checkpoints,
    secrets,
    lessons,
    memory,
    sessions,
    log: events,
    logger,
    version,
    startedAt,
  };
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (req.url?.split('?')[0] !== '/api/ws') return reject(404, 'Not Found');
    if (!isLoopbackHost(req.headers.host, port)) return reject(403, 'Forbidden');
    if (!isAllowedOrigin(req.headers.origin, port)) return reject(403, 'Forbidden');
    if (data.stopping) return reject(503, 'Service Unavailable');
    if (!auth.isAuthenticated({ authorization: req.headers.authorization, cookie: req.headers.cookie })) {
      return reject(401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      new WsConnection(ws, ctx);
    });
  });
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
  logger.log('info', 'daemon started', { url, pid: process.pid, version });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= shutdown({
      server,
      wss,
      db,
      events,
      logger,
      paths,
      instanceId,
      enclave,
      tools,
      runner,
      memory,
      sessions,
      data,
    });
    return stopping;
  };
  const log = (msg: string, fields: Record<string, unknown>) => logger.log('error', msg, fields);
  return { url, port, pid: process.pid, paths, events, stopRequested, stop, log };
}

/** MCP sampling runs on a route for "mcp-sampling", else the person's default model. */
function createSampler(providers: ProviderStore, router: Router, secrets: SecretStore): Sampler {
  return async ({ systemPrompt, messages, maxTokens }) => {
    const { modelId } = router.choose({ taskType: 'mcp-sampling' }, undefined, providers.firstModel());
    const { provider, model } = providers.resolve(modelId);
    const lm = await languageModel(
      provider,
      model,
      provider.authRef ? secrets.get(`provider:${provider.id}`) : undefined,
    );
    const turn = {
      messages: [
        ...(systemPrompt ? [{ role: 'system' as const, text: systemPrompt }] : []),
        ...messages.map((m) =>
          m.role === 'user'
            ? { role: 'user' as const, text: m.text }
            : { role: 'assistant' as const, text: m.text },
        ),
      ],
      maxOutputTokens: maxTokens,
    };
    let text = '';
    for await (const chunk of streamTurn(lm, turn, {
      retries: provider.retries.max,
      baseDelayMs: provider.retries.baseDelayMs,
    })) {
      if (chunk.type === 'text') text += chunk.text;
      if (chunk.type === 'error') throw new CoworkError('PROVIDER_ERROR', chunk.message);
    }
    return { text, model: modelId };
  };
}

/** The person's own secret patterns; a broken file is logged and the built-in patterns still apply. */
function loadRedactionPatterns(file: string, logger: Logger) {
  try {
    return customPatterns(readConfigJson(file));
  } catch (err) {
    logger.log('error', 'redaction.json ignored', { error: (err as Error).message });
    return [];
  }
}

/** A broken routes.json must not keep the daemon from starting: it is logged, and routing starts empty. */
function loadRouter(file: string, logger: Logger): Router {
  const router = new Router(file);
  if (router.loadError) logger.log('error', 'routes.json ignored', { error: router.loadError });
  return router;
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
  enclave: Enclave;
  tools: ToolRegistry;
  runner: AgentRunner;
  memory: MemoryService;
  sessions: SessionManager;
  data: DataControl;
  server: Server;
  wss: WebSocketServer;
  db: Database;
  events: EventLog;
  logger: Logger;
  paths: HomePaths;
  instanceId: string;
}

/** Graceful stop: refuse new work, say goodbye to clients, record the stop, close the database last. */
async function shutdown({
  enclave,
  tools,
  runner,
  memory,
  sessions,
  data,
  server,
  wss,
  db,
  events,
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
  await runner.stopAll();
  await tools.close().catch(() => {});
  await sessions.closeAll();
  await enclave.closeBrowser();
  await memory.close();
  try {
    events.append({ type: 'daemon.stopped', payload: { pid: process.pid } });
  } finally {
    removeDaemonInfo(paths.daemonInfo, instanceId);
    enclave.close();
    db.close();
    logger.log('info', 'daemon stopped');
  }
}
