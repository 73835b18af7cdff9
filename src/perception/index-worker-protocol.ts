import type { CodeLanguage } from '../contracts/index.js';
import type { TaggedFile } from './tagger.js';

/** Messages between the daemon and the code index's worker thread (parsing only: the store stays in the daemon). */
export type IndexWorkerRequest = { id: number; language: CodeLanguage; text: string };

export type IndexWorkerReply =
  | { id: number; tagged: TaggedFile | null }
  | { id: number; error: { message: string } };
