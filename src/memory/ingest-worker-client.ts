import { WorkerThread } from '../store/index.js';
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
  readonly #thread: WorkerThread<Request, WorkerReply>;
  #model: string | undefined;
  #loaded: Promise<number> | undefined;

  constructor(url: URL) {
    this.#thread = new WorkerThread(url, 'memory worker', IDLE_MS);
  }

  async chunk(path: string, text: string): Promise<Chunk[]> {
    const reply = await this.#thread.request({ op: 'chunk', path, text });
    return (reply as { chunks: Chunk[] }).chunks;
  }

  /** Loads the ONNX model folder; returns its output dimensions. */
  load(dir: string): Promise<number> {
    this.#model = dir;
    this.#loaded = this.#thread.request({ op: 'load', dir }).then((r) => (r as { dims: number }).dims);
    this.#loaded.catch(() => {
      this.#model = undefined;
    });
    return this.#loaded;
  }

  async embed(texts: string[], dims: number): Promise<Float32Array[]> {
    if (this.#model && !this.#thread.running) await this.load(this.#model); // restarted: load again
    const { data } = (await this.#thread.request({ op: 'embed', texts })) as { data: Float32Array };
    return texts.map((_, i) => data.subarray(i * dims, (i + 1) * dims));
  }

  /** For good (the daemon is stopping): pending and later calls fail. */
  close(): Promise<void> {
    return this.#thread.close();
  }
}
