/**
 * The daemon's code indexes: one symbol store per folder opened, built on first open, brought up
 * to date by `update` (the folder watcher's changes). Writes to one folder's index run one after
 * another; reads never wait for them (each file's rows change in one transaction).
 */
import { resolve } from 'node:path';
import { type CodeIndexStatus, CoworkError, ErrorCode } from '../contracts/index.js';
import type { CallContext, Enclave } from '../enclave/index.js';
import type { CodeIndexes, CodeIndexReader } from './code-index.js';
import { IndexCatalog } from './index-catalog.js';
import { IndexWorker, type Tag } from './index-worker-client.js';
import { indexFolder, updatePaths } from './indexer.js';
import { SymbolStore, symbolDatabasePath } from './symbol-store.js';

const SYSTEM: CallContext = { actor: 'system', sessionId: null, runId: null, wait: false };

export interface CodeIndexesOptions {
  /** The folder the indexes live in (COWORK_HOME/code), created by the caller. */
  directory: string;
  /** The bundled worker (`dist/perception-worker.mjs`); tests running the sources point at the build. */
  workerUrl?: URL;
  /** Parses in this thread instead of the worker (unit tests). */
  tag?: Tag;
  /** At most this many code files per folder (default MAX_INDEXED_FILES; the status says when reached). */
  maxFiles?: number;
}

interface Folder {
  store: SymbolStore;
  state: CodeIndexStatus['state'];
  error: string | null;
  /** The last write queued (build, refresh, update): the next one starts after it. */
  queue: Promise<void>;
  reader: CodeIndexReader;
}

export class LocalCodeIndexes implements CodeIndexes {
  readonly #folders = new Map<string, Promise<Folder>>();
  /** The same folders, once their store is open (a first build may still be under way). */
  readonly #known = new Map<string, Folder>();
  readonly #catalog: IndexCatalog;
  readonly #worker: IndexWorker | undefined;
  readonly #tag: Tag;
  /** Stops a build under way when the daemon stops (what was indexed stays; the next open goes on). */
  readonly #stopping = new AbortController();

  constructor(
    private readonly enclave: Enclave,
    private readonly options: CodeIndexesOptions,
  ) {
    this.#catalog = new IndexCatalog(options.directory);
    if (options.tag) this.#tag = options.tag;
    else {
      this.#worker = new IndexWorker(
        options.workerUrl ?? new URL('./perception-worker.mjs', import.meta.url),
      );
      this.#tag = this.#worker.tag;
    }
  }

  async open(folder: string): Promise<CodeIndexReader> {
    const key = resolve(folder);
    let opening = this.#folders.get(key);
    if (!opening) {
      opening = this.#open(key);
      this.#folders.set(key, opening);
      opening.catch(() => this.#folders.delete(key));
    }
    return (await opening).reader;
  }

  async update(folder: string, paths: string[]): Promise<void> {
    const opening = this.#folders.get(resolve(folder));
    if (!opening) return; // not open: built (and so brought up to date) when it is
    const f = await opening;
    await this.#enqueue(f, () =>
      updatePaths(
        this.enclave,
        f.store,
        paths.map((p) => resolve(p)),
        this.#tag,
        this.#limits,
      ),
    );
  }

  status(folder: string): CodeIndexStatus {
    const key = resolve(folder);
    const known = this.#known.get(key);
    if (known) return known.reader.status();
    if (!this.#catalog.has(key))
      return {
        folder: key,
        state: 'absent',
        files: 0,
        symbols: 0,
        references: 0,
        bytesOnDisk: 0,
        languages: [],
        updatedAt: null,
        error: null,
      };
    // On disk, not open: read as it was left (opening it is what brings it up to date).
    const store = SymbolStore.open(key, symbolDatabasePath(this.options.directory, key));
    try {
      return { folder: key, state: 'ready', error: null, ...store.counts() };
    } finally {
      store.close();
    }
  }

  indexed(): string[] {
    return this.#catalog.folders();
  }

  get #limits(): { maxFiles?: number } {
    return this.options.maxFiles === undefined ? {} : { maxFiles: this.options.maxFiles };
  }

  async close(): Promise<void> {
    this.#stopping.abort();
    const folders = await Promise.allSettled(this.#folders.values());
    this.#folders.clear();
    this.#known.clear();
    for (const f of folders) {
      if (f.status !== 'fulfilled') continue;
      await f.value.queue;
      f.value.store.close();
    }
    await this.#worker?.close();
    this.#catalog.close();
  }

  async #open(folder: string): Promise<Folder> {
    // Through the door first: an index on disk from an earlier grant is not served once the grant is gone.
    const stat = await this.enclave.perform('fs.stat', { path: folder }, SYSTEM);
    if (!stat.success) {
      const code = ErrorCode.safeParse(stat.error?.code).success
        ? (stat.error!.code as ErrorCode)
        : 'INTERNAL';
      throw new CoworkError(code, stat.error?.message ?? `${folder} cannot be indexed.`);
    }
    const store = SymbolStore.open(folder, symbolDatabasePath(this.options.directory, folder));
    const built = store.counts().updatedAt !== null;
    const f: Folder = {
      store,
      state: 'indexing',
      error: null,
      queue: Promise.resolve(),
      reader: readerOf(store, () => f),
    };
    const build = this.#enqueue(f, () =>
      indexFolder(this.enclave, store, folder, this.#tag, {
        signal: this.#stopping.signal,
        ...this.#limits,
      }).then(() => undefined),
    );
    this.#known.set(folder, f);
    // Absent: open waits for the build (and fails with it). Present: served as it is while the
    // changes made since (the daemon was not watching) are picked up.
    if (!built) {
      try {
        await build;
      } catch (err) {
        this.#known.delete(folder);
        store.close();
        throw err;
      }
      this.#catalog.add(folder);
    } else build.catch(() => undefined); // the status says it failed
    return f;
  }

  #enqueue(f: Folder, job: () => Promise<void>): Promise<void> {
    const run = f.queue.then(async () => {
      f.state = 'indexing';
      try {
        await job();
        f.state = 'ready';
        f.error = null;
      } catch (err) {
        f.state = 'failed';
        f.error = (err as Error).message;
        throw err;
      }
    });
    f.queue = run.catch(() => undefined);
    return run;
  }
}

function readerOf(store: SymbolStore, folder: () => Folder): CodeIndexReader {
  return {
    folder: store.folder,
    status: () => {
      const { state, error } = folder();
      return { folder: store.folder, state, error, ...store.counts() };
    },
    findSymbols: (q) => store.findSymbols(q),
    symbolsNamed: (n) => store.symbolsNamed(n),
    symbolsIn: (p) => store.symbolsIn(p),
    symbolAt: (p, l, c) => store.symbolAt(p, l, c),
    referenceAt: (p, l, c) => store.referenceAt(p, l, c),
    referencesTo: (n, limit) => store.referencesTo(n, limit),
    files: () => store.files(),
    importsOf: (p) => store.importsOf(p),
    importersOf: (p) => store.importersOf(p),
    cycles: () => store.cycles(),
    referenceEdges: () => store.referenceEdges(),
  };
}
