import { randomUUID } from 'node:crypto';
import {
  CoworkError,
  EmbedderConfig,
  type EmbedderStatus,
  type EventPayload,
  type EventType,
  type LocalModel,
  type MemoryIndexJob,
} from '../contracts/index.js';
import type { Enclave, FolderChange, FolderWatch } from '../enclave/index.js';
import {
  type Database,
  type EventLog,
  homePaths,
  ModelFiles,
  memoryDatabaseExists,
  openMemoryDatabase,
  type SecretStore,
} from '../store/index.js';
import type { Embedder } from './embedders/embedder.js';
import { ollamaEmbedder, openAiCompatibleEmbedder } from './embedders/http-embedders.js';
import { localEmbedder } from './embedders/local-embedder.js';
import { DEFAULT_EMBEDDING_MODEL, hubEndpoint, pullModel } from './embedders/model-pull.js';
import { applyChanges, indexFolder, type PrepareFile, type ReadDocument } from './ingest.js';
import { IngestWorker } from './ingest-worker-client.js';
import { MemoryIndex, type SearchQuery, type SearchResult } from './memory-index.js';

const EMBEDDER_SECRET = 'memory-embedder';
const DEFAULT_EMBEDDER: EmbedderConfig = { kind: 'local', model: DEFAULT_EMBEDDING_MODEL };
const RETRY_UNAVAILABLE_MS = 30_000;

export interface MemoryServiceOptions {
  secrets?: SecretStore;
  /** The bundled worker (`dist/memory-worker.mjs`); tests running the sources point at the build. */
  workerUrl?: URL;
  /** Where `models pull` downloads from (a hub mirror in tests). */
  hubEndpoint?: string;
  /** Documents (PDF, office files, EPUB) are indexed as their Markdown through this. */
  readDocument?: ReadDocument;
}

/**
 * The daemon's memory: opens `memory.db` on first use (so a daemon that never searches never loads
 * sqlite-vec), runs indexing jobs in the background with progress events, embeds with the
 * configured model (in a worker thread when it is local), and searches.
 */
export class MemoryService {
  #db: Database | undefined;
  #index: MemoryIndex | undefined;
  readonly #jobs = new Map<
    string,
    { job: MemoryIndexJob; abort: AbortController; done: Promise<void>; resume?: () => void }
  >();
  readonly models: ModelFiles;
  #worker: IngestWorker | undefined;
  /** The embedder being resolved or resolved (null: none or unavailable, see #embedderError). */
  #embedder: Promise<Embedder | null> | undefined;
  #embedderError: string | null = null;
  #embedderFailedAt = 0;
  /** Indexed folders are watched, so the index follows their files. */
  readonly #watches = new Map<string, Promise<FolderWatch | undefined>>();
  /** Per folder, the changes being applied (one batch after the other). */
  readonly #applying = new Map<string, Promise<void>>();
  #closed = false;
  readonly #databaseFile: string;

  constructor(
    home: string,
    private readonly enclave: Enclave,
    private readonly events: EventLog,
    private readonly options: MemoryServiceOptions = {},
  ) {
    const paths = homePaths(home);
    this.models = new ModelFiles(paths.models);
    this.#databaseFile = paths.memoryDatabase;
  }

  get index(): MemoryIndex {
    if (!this.#index) {
      this.#db = openMemoryDatabase(this.#databaseFile);
      this.#index = new MemoryIndex(this.#db);
    }
    return this.#index;
  }

  get #ingestWorker(): IngestWorker {
    this.#worker ??= new IngestWorker(
      this.options.workerUrl ?? new URL('./memory-worker.mjs', import.meta.url),
    );
    return this.#worker;
  }

  // ── embedder ──────────────────────────────────────────────────────────────────────────────────

  embedderConfig(): EmbedderConfig {
    const stored = this.index.setting('embedder');
    return stored ? EmbedderConfig.parse(JSON.parse(stored)) : DEFAULT_EMBEDDER;
  }

  /** The configured embedder, loaded once; null (keyword search) when there is none or it cannot run. */
  embedder(): Promise<Embedder | null> {
    // A server that was down, or a model not yet pulled, is tried again after a while.
    if (this.#embedderError && Date.now() - this.#embedderFailedAt > RETRY_UNAVAILABLE_MS)
      this.#embedder = undefined;
    this.#embedder ??= this.#load(this.embedderConfig()).then(
      (embedder) => {
        this.#embedderError = null;
        if (embedder && this.index.adoptEmbedder({ id: embedder.id, dims: embedder.dims }).reindex)
          this.#reindexAll();
        return embedder;
      },
      (err: Error) => {
        this.#embedderError = err.message;
        this.#embedderFailedAt = Date.now();
        return null;
      },
    );
    return this.#embedder;
  }

  async embedderStatus(): Promise<EmbedderStatus> {
    const config = this.embedderConfig();
    const embedder = await this.embedder();
    return {
      config,
      state: embedder ? 'ready' : config.kind === 'none' ? 'none' : 'unavailable',
      id: embedder?.id ?? null,
      dims: embedder?.dims ?? null,
      message: embedder
        ? null
        : config.kind === 'none'
          ? 'No embedder: search is keyword-only.'
          : `${this.#embedderError} Search is keyword-only until then.`,
    };
  }

  /**
   * Switches embedder. The new one is loaded (or probed) first, so a model that cannot run is
   * refused and the old one stays; vectors of the old one are dropped and folders re-indexed.
   */
  async setEmbedder(input: EmbedderConfig): Promise<EmbedderStatus> {
    const { apiKey, ...rest } = input as EmbedderConfig & { apiKey?: string };
    const config = rest as EmbedderConfig;
    const next = await this.#load(config, apiKey);
    if (apiKey !== undefined) this.options.secrets?.set(EMBEDDER_SECRET, apiKey);
    (await this.#embedder)?.close();
    this.index.setSetting('embedder', JSON.stringify(config));
    this.#embedder = Promise.resolve(next);
    this.#embedderError = null;
    if (next) {
      if (this.index.adoptEmbedder({ id: next.id, dims: next.dims }).reindex) this.#reindexAll();
    } else this.index.clearEmbedder();
    return this.embedderStatus();
  }

  /** Removes the embedder's API key from the secret store (the person deletes all their data). */
  forgetKey(): void {
    this.options.secrets?.delete(EMBEDDER_SECRET);
  }

  #load(config: EmbedderConfig, apiKey?: string): Promise<Embedder | null> {
    switch (config.kind) {
      case 'none':
        return Promise.resolve(null);
      case 'local':
        return localEmbedder(config.model, this.models, this.#ingestWorker);
      case 'ollama':
        return ollamaEmbedder(config.model, config.baseUrl);
      case 'openai-compatible':
        return openAiCompatibleEmbedder(
          config.model,
          config.baseUrl,
          apiKey ?? this.options.secrets?.get(EMBEDDER_SECRET),
        );
    }
  }

  listModels(): LocalModel[] {
    return this.models.list();
  }

  async pullModel(name: string): Promise<LocalModel> {
    const model = await pullModel(name, this.models, this.options.hubEndpoint ?? hubEndpoint());
    if (this.#embedderError) this.#embedderFailedAt = 0; // perhaps the model it was waiting for
    return model;
  }

  // ── indexing and search ───────────────────────────────────────────────────────────────────────

  async search(query: SearchQuery): Promise<SearchResult & { notice: string | null }> {
    const embedder = await this.embedder();
    let vector: Float32Array | undefined;
    if (embedder && this.index.embedder?.id === embedder.id) [vector] = await embedder.embed([query.text]);
    const result = this.index.search(vector ? { ...query, vector } : query);
    const notice =
      result.mode === 'keyword' ? ((await this.embedderStatus()).message ?? 'Keyword search only.') : null;
    return { ...result, notice };
  }

  /** Starts indexing `folder` (one job per folder at a time); progress arrives as events. */
  startIndexing(folder: string): MemoryIndexJob {
    const running = [...this.#jobs.values()].find((j) => j.job.folder === folder && isActive(j.job));
    if (running) return { ...running.job };
    this.index.addFolder(folder);
    const job: MemoryIndexJob = {
      id: randomUUID(),
      folder,
      status: 'running',
      done: 0,
      total: 0,
      current: null,
      error: null,
    };
    const abort = new AbortController();
    const emit = (type: 'memory.index_progress' | 'memory.index_finished') => this.#emit(type, { ...job });
    const entry = { job, abort } as {
      job: MemoryIndexJob;
      abort: AbortController;
      done: Promise<void>;
      resume?: () => void;
    };
    // Watching starts before the listing, so no change made while indexing runs is missed.
    const done = this.#watch(folder)
      .then(() => this.#prepareFile())
      .then((prepare) =>
        indexFolder(this.enclave, this.index, folder, {
          signal: abort.signal,
          prepare,
          ...(this.options.readDocument ? { readDocument: this.options.readDocument } : {}),
          proceed: () =>
            job.status === 'paused' && !abort.signal.aborted
              ? new Promise<void>((resolve) => {
                  entry.resume = resolve;
                })
              : Promise.resolve(),
          onProgress: (p) => {
            Object.assign(job, { done: p.done, total: p.total, current: p.current });
            emit('memory.index_progress');
          },
        }),
      )
      .then(() => {
        job.status = abort.signal.aborted ? 'cancelled' : 'done';
      })
      .catch((err: Error) => {
        job.status = abort.signal.aborted ? 'cancelled' : 'failed';
        job.error = abort.signal.aborted ? null : err.message;
      })
      .finally(() => {
        job.current = null;
        emit('memory.index_finished');
      });
    entry.done = done;
    this.#jobs.set(job.id, entry);
    return { ...job };
  }

  pause(id: string): MemoryIndexJob {
    const entry = this.#entry(id);
    if (entry.job.status === 'running') {
      entry.job.status = 'paused';
      this.events.append({ type: 'memory.index_progress', payload: { ...entry.job } });
    }
    return { ...entry.job };
  }

  resume(id: string): MemoryIndexJob {
    const entry = this.#entry(id);
    if (entry.job.status === 'paused') {
      entry.job.status = 'running';
      entry.resume?.();
      entry.resume = undefined;
      this.events.append({ type: 'memory.index_progress', payload: { ...entry.job } });
    }
    return { ...entry.job };
  }

  #entry(id: string) {
    const entry = this.#jobs.get(id);
    if (!entry) throw new CoworkError('RESOURCE_NOT_FOUND', `No indexing job ${id}.`);
    return entry;
  }

  /** Chunks in the worker thread; embeds with the configured embedder, if any. */
  async #prepareFile(): Promise<PrepareFile> {
    const embedder = await this.embedder();
    const worker = this.#ingestWorker;
    return async (path, text) => {
      const chunks = await worker.chunk(path, text);
      if (!embedder) return { chunks };
      return { chunks, vectors: await embedder.embed(chunks.map((c) => c.content)) };
    };
  }

  #reindexAll(): void {
    for (const folder of this.index.folders()) {
      for (const { job, abort } of this.#jobs.values())
        if (job.folder === folder && isActive(job)) this.#abort(job.id, abort);
      void this.#afterRunning(folder).then(() => this.startIndexing(folder));
    }
  }

  async #afterRunning(folder: string): Promise<void> {
    await Promise.all([...this.#jobs.values()].filter((j) => j.job.folder === folder).map((j) => j.done));
  }

  // ── keeping fresh ─────────────────────────────────────────────────────────────────────────────

  /**
   * At daemon start: watches every indexed folder again and catches up with what changed while the
   * daemon was not running (a listing; only files whose size or time moved are read). A home that
   * never used memory opens nothing.
   */
  watchIndexedFolders(): void {
    if (!this.#index && !memoryDatabaseExists(this.#databaseFile)) return;
    for (const folder of this.index.folders()) this.startIndexing(folder);
  }

  #watch(folder: string): Promise<FolderWatch | undefined> {
    let watch = this.#watches.get(folder);
    if (!watch && !this.#closed) {
      const system = { actor: 'system' as const, sessionId: null, runId: null, wait: false };
      watch = this.enclave
        .watch(folder, system, (changes) => this.#onChanges(folder, changes))
        .catch((err: Error) => {
          // Not granted any more, or gone: the index stays as it was; indexing again retries.
          this.#watches.delete(folder);
          this.#emit('memory.watch_failed', { folder, message: err.message });
          return undefined;
        });
      this.#watches.set(folder, watch);
    }
    return watch ?? Promise.resolve(undefined);
  }

  #onChanges(folder: string, changes: FolderChange[]): void {
    const previous = this.#applying.get(folder) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        await this.#afterRunning(folder); // a full index of the folder sees these changes anyway
        if (this.#closed) return;
        await applyChanges(
          this.enclave,
          this.index,
          changes,
          await this.#prepareFile(),
          this.options.readDocument,
        );
        this.#emit('memory.index_updated', { folder, changes: changes.length });
      })
      .catch((err: Error) => this.#emit('memory.watch_failed', { folder, message: err.message }));
    this.#applying.set(folder, next);
  }

  /** Resolves when the changes reported so far are in the index. */
  async settled(): Promise<void> {
    await Promise.all(this.#applying.values());
  }

  #emit<T extends EventType>(type: T, payload: EventPayload<T>): void {
    try {
      this.events.append({ type, payload });
    } catch {
      // the daemon is shutting down
    }
  }

  /** Forgets a folder: its files leave the index, and it is no longer re-indexed. */
  async removeFolder(folder: string): Promise<{ removed: number }> {
    const watch = this.#watches.get(folder);
    this.#watches.delete(folder);
    await (await watch)?.stop();
    for (const { job, abort } of this.#jobs.values()) if (job.folder === folder) this.#abort(job.id, abort);
    await this.#afterRunning(folder);
    return { removed: this.index.removeFolder(folder) };
  }

  job(id: string): MemoryIndexJob {
    return { ...this.#entry(id).job };
  }

  cancel(id: string): boolean {
    const entry = this.#jobs.get(id);
    if (!entry || !isActive(entry.job)) return false;
    this.#abort(id, entry.abort);
    return true;
  }

  /** Aborts a job; a paused one is released so it can notice and end. */
  #abort(id: string, abort: AbortController): void {
    abort.abort();
    const entry = this.#jobs.get(id);
    entry?.resume?.();
  }

  status() {
    return {
      ...this.index.stats(),
      embedder: this.index.embedder ?? null,
      folders: this.index.folders(),
      jobs: [...this.#jobs.values()].map((j) => ({ ...j.job })),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const [id, { abort }] of this.#jobs) this.#abort(id, abort);
    await Promise.all([...this.#watches.values()].map(async (w) => (await w)?.stop()));
    await this.#worker?.close(); // fails a chunk or embedding in flight, so no job waits on it
    await Promise.allSettled([...this.#jobs.values()].map((j) => j.done));
    this.#db?.close();
  }
}

const isActive = (job: MemoryIndexJob) => job.status === 'running' || job.status === 'paused';
