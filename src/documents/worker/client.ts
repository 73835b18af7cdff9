/**
 * The daemon's side of the documents worker thread. Jobs run one at a time; each has a time
 * budget, after which the worker is terminated (TIMEOUT) and a fresh one serves the next job. A
 * worker that dies of its heap cap fails its job with DOCUMENT_TOO_LARGE. Nothing a document does
 * in there can touch the daemon's heap or stall its event loop.
 */
import { Worker } from 'node:worker_threads';
import { CoworkError, ErrorCode } from '../../contracts/index.js';
import { LIMITS } from '../limits.js';
import type { DocumentJob, JobResult, WorkerReply } from './protocol.js';

/** The worker is stopped after this long without work, giving back its memory. */
const IDLE_MS = 60_000;

interface Queued {
  job: DocumentJob;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

export interface DocumentWorkerOptions {
  /** The bundled worker (`dist/documents-worker.mjs`); tests running the sources point at the build. */
  url?: URL;
  heapMb?: number;
  jobMs?: number;
}

export class DocumentWorker {
  readonly #url: URL;
  readonly #heapMb: number;
  readonly #jobMs: number;
  #worker: Worker | undefined;
  readonly #queue: Queued[] = [];
  #running: (Queued & { id: number; timer: NodeJS.Timeout }) | undefined;
  #next = 1;
  #idle: NodeJS.Timeout | undefined;
  #closed = false;
  /** The largest heap a job left in use (bench: peak memory per format). */
  lastHeapUsed = 0;

  constructor(opts: DocumentWorkerOptions = {}) {
    this.#url = opts.url ?? new URL('./documents-worker.mjs', import.meta.url);
    this.#heapMb = opts.heapMb ?? LIMITS.workerHeapMb;
    this.#jobMs = opts.jobMs ?? LIMITS.jobMs;
  }

  run<J extends DocumentJob>(job: J): Promise<JobResult<J>> {
    if (this.#closed)
      return Promise.reject(new CoworkError('UNAVAILABLE', 'The documents worker is stopped.'));
    return new Promise<JobResult<J>>((resolve, reject) => {
      this.#queue.push({ job, resolve: resolve as (r: unknown) => void, reject });
      this.#pump();
    });
  }

  /** For good (the daemon is stopping): queued and later jobs fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const q of this.#queue.splice(0))
      q.reject(new CoworkError('UNAVAILABLE', 'The documents worker is stopped.'));
    await this.#terminate(new CoworkError('UNAVAILABLE', 'The documents worker is stopped.'));
  }

  #pump(): void {
    if (this.#running || this.#queue.length === 0) return;
    clearTimeout(this.#idle);
    const next = this.#queue.shift()!;
    const id = this.#next++;
    const timer = setTimeout(() => {
      void this.#terminate(
        new CoworkError(
          'TIMEOUT',
          `The document took longer than ${Math.round(this.#jobMs / 1000)} s to process.`,
          {
            reason: 'time',
          },
        ),
      );
    }, this.#jobMs);
    this.#running = { ...next, id, timer };
    const worker = this.#start();
    const bytes = 'bytes' in next.job ? next.job.bytes : undefined;
    // The bytes are handed over (transferred) when they own their buffer; else copied once.
    const transfer =
      bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? [bytes.buffer as ArrayBuffer]
        : [];
    worker.postMessage({ ...next.job, id }, transfer);
  }

  #settle(outcome: { result: unknown } | { error: Error }): void {
    const running = this.#running;
    if (!running) return;
    clearTimeout(running.timer);
    this.#running = undefined;
    if ('error' in outcome) running.reject(outcome.error);
    else running.resolve(outcome.result);
    if (this.#queue.length) this.#pump();
    else {
      this.#idle = setTimeout(() => void this.#terminate(), IDLE_MS);
      this.#idle.unref();
    }
  }

  async #terminate(reason?: Error): Promise<void> {
    clearTimeout(this.#idle);
    const worker = this.#worker;
    this.#worker = undefined;
    if (reason) this.#settle({ error: reason });
    await worker?.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#url, {
      resourceLimits: { maxOldGenerationSizeMb: this.#heapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
    });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      if (this.#running?.id !== reply.id) return;
      if ('error' in reply) {
        const code = ErrorCode.safeParse(reply.error.code).success ? reply.error.code : 'INTERNAL';
        this.#settle({ error: new CoworkError(code as ErrorCode, reply.error.message, reply.error.details) });
      } else {
        this.lastHeapUsed = reply.heapUsed;
        this.#settle({ result: reply.result });
      }
    });
    const died = (error: CoworkError) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#settle({ error });
    };
    worker.on('error', (err: Error & { code?: string }) =>
      died(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new CoworkError(
              'DOCUMENT_TOO_LARGE',
              'The document needs more memory than a conversion may use.',
              {
                reason: 'memory',
              },
            )
          : new CoworkError('DOCUMENT_INVALID', `The document worker failed: ${err.message}`, {
              reason: 'worker',
            }),
      ),
    );
    worker.on('exit', (code) =>
      died(
        new CoworkError('DOCUMENT_INVALID', `The document worker stopped (exit code ${code}).`, {
          reason: 'worker',
        }),
      ),
    );
    this.#worker = worker;
    return worker;
  }
}
