/**
 * A worker thread the daemon asks things of (the memory worker, the code index's): started on first
 * use, stopped after `idleMs` without work (giving back its memory), started afresh after it dies —
 * its pending calls then fail with UNAVAILABLE, never hang. A reply `{ id, error }` rejects with
 * the error's code when it is one of Cowork's, else INTERNAL.
 */
import { Worker } from 'node:worker_threads';
import { CoworkError, ErrorCode } from '../contracts/index.js';

type Reply = { id: number } | { id: number; error: { code?: string; message: string } };
type Pending<R> = { resolve: (r: R) => void; reject: (e: Error) => void };

export class WorkerThread<Request extends object, R extends Reply> {
  #worker: Worker | undefined;
  #next = 1;
  readonly #pending = new Map<number, Pending<R>>();
  #idle: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    private readonly url: URL,
    /** What the thread is, in its errors ("the memory worker"). */
    private readonly name: string,
    private readonly idleMs: number,
  ) {}

  /** Whether the thread is up now (after an idle stop or a crash, the next request starts it). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  request(req: Request): Promise<Exclude<R, { error: unknown }>> {
    const worker = this.#start();
    clearTimeout(this.#idle);
    const id = this.#next++;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    }).finally(() => {
      if (this.#pending.size === 0) {
        this.#idle = setTimeout(() => void this.#terminate(), this.idleMs);
        this.#idle.unref();
      }
    }) as Promise<Exclude<R, { error: unknown }>>;
  }

  /** For good (the daemon is stopping): pending and later calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#terminate();
  }

  async #terminate(): Promise<void> {
    clearTimeout(this.#idle);
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #start(): Worker {
    if (this.#closed) throw new CoworkError('UNAVAILABLE', `The ${this.name} is stopped.`);
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.url);
    worker.unref();
    worker.on('message', (reply: R) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if ('error' in reply) pending.reject(errorOf(reply.error));
      else pending.resolve(reply);
    });
    const fail = (message: string) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const [id, p] of this.#pending) {
        this.#pending.delete(id);
        p.reject(new CoworkError('UNAVAILABLE', message));
      }
    };
    worker.on('error', (err) => fail(`The ${this.name} failed: ${err.message}`));
    worker.on('exit', (code) => fail(`The ${this.name} stopped (exit code ${code}).`));
    this.#worker = worker;
    return worker;
  }
}

function errorOf(error: { code?: string; message: string }): CoworkError {
  const code = ErrorCode.safeParse(error.code).success ? (error.code as ErrorCode) : 'INTERNAL';
  return new CoworkError(code, error.message);
}
