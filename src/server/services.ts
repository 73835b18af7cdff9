import { AgentRunner, CheckpointStore } from '../agent/index.js';
import { CoworkError } from '../contracts/index.js';
import { DocumentService, documentTools, NotesFolder, noteTools } from '../documents/index.js';
import { Enclave } from '../enclave/index.js';
import {
  Critic,
  LessonSimilarity,
  LessonStore,
  MemoryService,
  memoryTools,
  PersonaStore,
  ProposalStore,
} from '../memory/index.js';
import {
  customPatterns,
  languageModel,
  logProviderFailure,
  PriceTable,
  ProviderStore,
  providerApiKey,
  Router,
  streamTurn,
} from '../models/index.js';
import {
  CodeWatch,
  codeEditNote,
  codeRenameTool,
  codeTools,
  enclavePreciseCode,
  LocalCodeIndexes,
  OpenIndexes,
  OVERVIEW_WAIT_MS,
  taskOverview,
} from '../perception/index.js';
import { browserTools, SessionManager, terminalTools } from '../sessions/index.js';
import {
  BlobStore,
  type Database,
  EventLog,
  type HomePaths,
  type Logger,
  openHomeDatabase,
  readConfigJson,
  SecretStore,
  SettingsStore,
} from '../store/index.js';
import { type Sampler, ToolRegistry } from '../tools/index.js';
import { Workforces } from '../workforce/index.js';
import { BackupSchedule } from './backup-schedule.js';

export interface ServicesOptions {
  logger: Logger;
  /**
   * Where MCP sign-ins come back to: the daemon's `/oauth/callback`. Asked for when a sign-in
   * starts, as the daemon's port is known only once it listens, after the services are built.
   */
  oauthRedirectUrl?: () => string;
  /** Tests and the bench skip the keychain probe (default: unless COWORK_NO_KEYCHAIN=1). */
  useKeychain?: boolean;
}

/** What Cowork is made of, under its HTTP and WebSocket API (the daemon) or a benchmark. */
export interface Services {
  db: Database;
  events: EventLog;
  secrets: SecretStore;
  enclave: Enclave;
  providers: ProviderStore;
  router: Router;
  tools: ToolRegistry;
  blobs: BlobStore;
  checkpoints: CheckpointStore;
  lessons: LessonStore;
  /** Lessons the critic proposes, until the person accepts, edits or dismisses them. */
  proposals: ProposalStore;
  personas: PersonaStore;
  /** Reads the event log for what the person does about the agent's work (started with the daemon). */
  critic: Critic;
  memory: MemoryService;
  /** Folders' code indexes (symbols, references, imports), kept fresh by watching the open folders. */
  codeIndexes: OpenIndexes;
  documents: DocumentService;
  /** The folder the person chose for the agent's notes (Settings → Notes). */
  notes: NotesFolder;
  sessions: SessionManager;
  runner: AgentRunner;
  /** Workforces: task graphs run by parallel worker runs (started by the daemon). */
  workforces: Workforces;
  /** Daily backups of the database (started by the daemon). */
  backups: BackupSchedule;
  /** Stops what runs: agent runs, MCP servers, terminals and browsers, the memory and documents workers. */
  stopActivity(): Promise<void>;
  /** Closes the enclave and then the database: the very last step of a stop. */
  closeStores(): void;
}

/**
 * Opens a home's database (taking its lock: CoworkError('ALREADY_RUNNING') when another daemon
 * owns it; DATA_DAMAGED when it fails its check or is missing, CONFLICT when it is not Cowork's)
 * and builds every service on it. Nothing is started: memory opens its index, the tools
 * their MCP side and the enclave its brokers on first use.
 */
export function createServices(paths: HomePaths, opts: ServicesOptions): Services {
  const { logger } = opts;
  const db = openHomeDatabase(paths);
  const events = new EventLog(db);
  const secrets = new SecretStore(paths.home, opts.useKeychain);
  let enclave: Enclave;
  try {
    // The secret store also keeps the audit log's signing key.
    enclave = new Enclave({ db, events, dataDir: paths.home, policyFile: paths.policyFile, secrets });
  } catch (err) {
    db.close();
    throw err;
  }
  const providers = new ProviderStore(db);
  const router = loadRouter(paths.routesFile, logger);
  const { oauthRedirectUrl } = opts;
  const tools = new ToolRegistry(enclave, db, logger, events, {
    sampler: createSampler(providers, router, secrets, logger),
    secrets,
    ...(oauthRedirectUrl && {
      oauth: {
        secrets,
        get redirectUrl() {
          return oauthRedirectUrl();
        },
      },
    }),
  });
  const blobs = new BlobStore(paths.blobs);
  const checkpoints = new CheckpointStore(db, blobs, enclave);
  const lessons = new LessonStore(db);
  const proposals = new ProposalStore(db, lessons, events);
  const personas = new PersonaStore(db);
  const documents = new DocumentService(enclave, db, events);
  const memory = new MemoryService(paths.home, enclave, events, {
    secrets,
    readDocument: async (path, ctx) => (await documents.convert({ path }, ctx)).result,
  });
  tools.addLocal(...memoryTools(memory, lessons, enclave));
  // One SQLite file per indexed folder (ensureHome made the folder); the worker starts on first use.
  const codeFailed = (folder: string, err: Error) =>
    logger.log('warn', err.message, { module: 'perception', folder });
  const precise = enclavePreciseCode(enclave);
  const codeIndexes = new OpenIndexes(new LocalCodeIndexes(enclave, { directory: paths.code }), {
    watcher: new CodeWatch(enclave, codeFailed),
    onError: codeFailed,
    precise,
  });
  // A language server reads files once: what changed on disk is told to it like to the index.
  codeIndexes.onFilesChanged((folder, changed) => void precise.filesChanged(folder, changed));
  tools.addLocal(...codeTools(codeIndexes, enclave), codeRenameTool(codeIndexes, enclave));
  enclave.setEditNote(codeEditNote(codeIndexes, (p) => enclave.readAllowed(p)));
  tools.addLocal(...documentTools(documents));
  const notes = new NotesFolder(new SettingsStore(db), () => enclave.grants.list());
  tools.addLocal(...noteTools(enclave, documents, notes));
  const sessions = new SessionManager(enclave, events, blobs);
  tools.addLocal(...terminalTools(sessions, enclave), ...browserTools(sessions));
  tools.resumeSubscriptions();
  const runner = new AgentRunner({
    lessons,
    personas,
    lessonSimilarity: new LessonSimilarity(() => memory.embedder()),
    db,
    events,
    enclave,
    tools,
    providers,
    checkpoints,
    blobs,
    home: paths.home,
    prices: new PriceTable(paths.pricesFile),
    router,
    redactionPatterns: loadRedactionPatterns(paths.redactionFile, logger),
    // Keys stay in the secret store until the moment a request needs one.
    apiKey: (id) => {
      const provider = providers.get(id);
      return provider && providerApiKey(provider, secrets);
    },
    logger,
    taskOverview: taskOverview(enclave, codeIndexes, { waitMs: OVERVIEW_WAIT_MS }),
  });
  const critic = new Critic(db, events, proposals, {
    runOf: (runId) => {
      const run = runner.runs.get(runId);
      // A continued run's messages hold the earlier conversation between its system prompt and its own prompt.
      return run && { prompt: run.prompt, folder: run.folder, continued: run.messages.length > 2 };
    },
    readText: async (path) => {
      try {
        const ctx = { actor: 'system' as const, sessionId: null, runId: null };
        return (await enclave.readBytes(path, ctx, 1_000_000)).data.toString('utf8');
      } catch {
        return undefined; // not readable any more (moved, or not granted): nothing to compare
      }
    },
  });
  const workforces = new Workforces({ db, events, runner, enclave, artifacts: documents.artifacts, logger });
  const backups = new BackupSchedule(db, paths, logger);
  return {
    db,
    events,
    backups,
    secrets,
    enclave,
    providers,
    router,
    tools,
    blobs,
    checkpoints,
    lessons,
    proposals,
    personas,
    critic,
    memory,
    codeIndexes,
    documents,
    notes,
    sessions,
    runner,
    workforces,
    async stopActivity() {
      // Before the runs stop: their interruption must not read as a failure to the coordinator.
      workforces.stop();
      critic.stop();
      await runner.stopAll();
      await tools.close().catch(() => {});
      await sessions.closeAll();
      await enclave.closeBrowser();
      await memory.close();
      await codeIndexes.close();
      await documents.close();
      await backups.stop();
    },
    closeStores() {
      enclave.close();
      db.close();
    },
  };
}

/** MCP sampling runs on a route for "mcp-sampling", else the person's default model. */
function createSampler(
  providers: ProviderStore,
  router: Router,
  secrets: SecretStore,
  logger: Logger,
): Sampler {
  return async ({ systemPrompt, messages, maxTokens }) => {
    const { modelId } = router.choose({ taskType: 'mcp-sampling' }, undefined, providers.firstModel());
    const { provider, model } = providers.resolve(modelId);
    const lm = await languageModel(provider, model, providerApiKey(provider, secrets));
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
      if (chunk.type === 'error') {
        const failure = logProviderFailure(logger, provider, model, chunk, { use: 'mcp-sampling' });
        throw new CoworkError('PROVIDER_ERROR', failure.message, { ...failure });
      }
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
