import { Worker } from 'node:worker_threads';
import { type CodeLanguage, CoworkError } from '../contracts/index.js';
import type { IndexWorkerReply } from './index-worker-protocol.js';
import type { TaggedFile } from './tagger.js';

/** The worker is stopped after this long without work, giving back its grammars' memory. */
const IDLE_MS = 60_000;

/** Tags a file's text; undefined when its grammar is not installed. */
export type Tag = (language: CodeLanguage, text: string) => Promise<TaggedFile | undefined>;

/**
 * The daemon's side of the code index's worker thread. Started on first use; if it dies, pending
 * calls fail and the next call starts a fresh one.
 */
export class IndexWorker {
  #worker: Worker | undefined;
  #next = 1;
  readonly #pending = new Map<
    number,
    { resolve: (r: TaggedFile | undefined) => void; reject: (e: Error) => void }
  >();
  #idle: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly url: URL) {}

  readonly tag: Tag = async (language, text) => {
    const worker = this.#start();
    clearTimeout(this.#idle);
    const id = this.#next++;
    return new Promise<TaggedFile | undefined>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, language, text });
    }).finally(() => {
      if (this.#pending.size === 0) {
        this.#idle = setTimeout(() => void this.#terminate(), IDLE_MS);
        this.#idle.unref();
      }
    });
  };

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
    if (this.#closed) throw new CoworkError('UNAVAILABLE', 'The code index worker is stopped.');
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.url);
    worker.unref();
    worker.on('message', (reply: IndexWorkerReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if ('error' in reply) pending.reject(new CoworkError('INTERNAL', reply.error.message));
      else pending.resolve(reply.tagged ?? undefined);
    });
    const fail = (message: string) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const [id, p] of this.#pending) {
        this.#pending.delete(id);
        p.reject(new CoworkError('UNAVAILABLE', message));
      }
    };
    worker.on('error', (err) => fail(`The code index worker failed: ${err.message}`));
    worker.on('exit', (code) => fail(`The code index worker stopped (exit code ${code}).`));
    this.#worker = worker;
    return worker;
  }
}
