import type { CodeLanguage } from '../contracts/index.js';
import { WorkerThread } from '../store/index.js';
import type { IndexWorkerReply, IndexWorkerRequest } from './index-worker-protocol.js';
import type { TaggedFile } from './tagger.js';

/** The worker is stopped after this long without work, giving back its grammars' memory. */
const IDLE_MS = 60_000;

/** Tags a file's text; undefined when its grammar is not installed. */
export type Tag = (language: CodeLanguage, text: string) => Promise<TaggedFile | undefined>;

/**
 * The daemon's side of the code index's worker thread (parsing off the daemon's loop). Started on
 * first use; if it dies, pending calls fail and the next call starts a fresh one.
 */
export class IndexWorker {
  readonly #thread: WorkerThread<Omit<IndexWorkerRequest, 'id'>, IndexWorkerReply>;

  constructor(url: URL) {
    this.#thread = new WorkerThread(url, 'code index worker', IDLE_MS);
  }

  readonly tag: Tag = async (language, text) =>
    (await this.#thread.request({ language, text })).tagged ?? undefined;

  close(): Promise<void> {
    return this.#thread.close();
  }
}
