import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CoworkError, type MemoryIndexJob } from '../contracts/index.js';
import type { Enclave } from '../enclave/index.js';
import { type Database, type EventLog, openMemoryDatabase } from '../store/index.js';
import { indexFolder } from './ingest.js';
import { MemoryIndex, type SearchQuery, type SearchResult } from './memory-index.js';

/**
 * The daemon's memory: opens `memory.db` on first use (so a daemon that never searches never loads
 * sqlite-vec), runs indexing jobs in the background with progress events, and searches.
 */
export class MemoryService {
  #db: Database | undefined;
  #index: MemoryIndex | undefined;
  readonly #jobs = new Map<string, { job: MemoryIndexJob; abort: AbortController }>();

  constructor(
    private readonly home: string,
    private readonly enclave: Enclave,
    private readonly events: EventLog,
  ) {}

  get index(): MemoryIndex {
    if (!this.#index) {
      this.#db = openMemoryDatabase(join(this.home, 'memory.db'));
      this.#index = new MemoryIndex(this.#db);
    }
    return this.#index;
  }

  search(query: SearchQuery): SearchResult {
    return this.index.search(query);
  }

  /** Starts indexing `folder` (one job per folder at a time); progress arrives as events. */
  startIndexing(folder: string): MemoryIndexJob {
    const running = [...this.#jobs.values()].find(
      (j) => j.job.folder === folder && j.job.status === 'running',
    );
    if (running) return running.job;
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
    this.#jobs.set(job.id, { job, abort });
    const emit = (type: string) => {
      try {
        this.events.append({ type, payload: { ...job } });
      } catch {
        // the daemon is shutting down: the job's end is not news to anyone
      }
    };
    indexFolder(this.enclave, this.index, folder, {
      signal: abort.signal,
      onProgress: (p) => {
        Object.assign(job, { done: p.done, total: p.total, current: p.current });
        emit('memory.index_progress');
      },
    })
      .then(() => {
        job.status = abort.signal.aborted ? 'cancelled' : 'done';
      })
      .catch((err: Error) => {
        job.status = 'failed';
        job.error = err.message;
      })
      .finally(() => {
        job.current = null;
        emit('memory.index_finished');
      });
    return { ...job };
  }

  job(id: string): MemoryIndexJob {
    const entry = this.#jobs.get(id);
    if (!entry) throw new CoworkError('RESOURCE_NOT_FOUND', `No indexing job ${id}.`);
    return { ...entry.job };
  }

  cancel(id: string): boolean {
    const entry = this.#jobs.get(id);
    if (entry?.job.status !== 'running') return false;
    entry.abort.abort();
    return true;
  }

  status() {
    return {
      ...this.index.stats(),
      embedder: this.index.embedder ?? null,
      jobs: [...this.#jobs.values()].map((j) => ({ ...j.job })),
    };
  }

  close(): void {
    for (const { abort } of this.#jobs.values()) abort.abort();
    this.#db?.close();
  }
}
