import { Worker } from 'node:worker_threads';
import { CoworkError, ErrorCode } from '../contracts/index.js';
import type { Chunk } from './chunker.js';
import type { WorkerReply, WorkerRequest } from './ingest-worker-protocol.js';

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The worker is stopped after this long without work, giving back the model's memory. */
const IDLE_MS = 120_000;

/**
 * The daemon's side of the memory worker thread. Started on first use; if it dies (a crashing
 * model), pending calls fail with a clear error and the next call starts a fresh one, reloading
 * the model it had.
 */
export class IngestWorker {
  #worker: Worker | undefined;
  #model: string | undefined;
  #loaded: Promise<number> | undefined;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  #idle: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly url: URL) {}

  async chunk(path: string, text: string): Promise<Chunk[]> {
    const reply = await this.#request({ op: 'chunk', path, text });
    return (reply as { chunks: Chunk[] }).chunks;
  }

  /** Loads the ONNX model folder; returns its output dimensions. */
  load(dir: string): Promise<number> {
    this.#model = dir;
    this.#loaded = this.#request({ op: 'load', dir }).then((r) => (r as { dims: number }).dims);
    this.#loaded.catch(() => {
      this.#model = undefined;
    });
    return this.#loaded;
  }

  async embed(texts: string[], dims: number): Promise<Float32Array[]> {
    if (this.#model && !this.#worker) await this.load(this.#model); // restarted: load again
    const { data } = (await this.#request({ op: 'embed', texts })) as { data: Float32Array };
    return texts.map((_, i) => data.subarray(i * dims, (i + 1) * dims));
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

  #request(req: Request): Promise<WorkerReply> {
    const worker = this.#start();
    clearTimeout(this.#idle);
    const id = this.#next++;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id } as WorkerRequest);
    }).finally(() => {
      if (this.#pending.size === 0) {
        this.#idle = setTimeout(() => void this.#terminate(), IDLE_MS);
        this.#idle.unref();
      }
    });
  }

  #start(): Worker {
    if (this.#closed) throw new CoworkError('UNAVAILABLE', 'The memory worker is stopped.');
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.url);
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if ('error' in reply) {
        const code = ErrorCode.safeParse(reply.error.code).success ? reply.error.code : 'INTERNAL';
        pending.reject(new CoworkError(code as ErrorCode, reply.error.message));
      } else pending.resolve(reply);
    });
    const fail = (message: string) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const [id, p] of this.#pending) {
        this.#pending.delete(id);
        p.reject(new CoworkError('UNAVAILABLE', message));
      }
    };
    worker.on('error', (err) => fail(`The memory worker failed: ${err.message}`));
    worker.on('exit', (code) => fail(`The memory worker stopped (exit code ${code}).`));
    this.#worker = worker;
    return worker;
  }
}
