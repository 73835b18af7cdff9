import type { Chunk } from './chunker.js';

/** Messages between the daemon and the memory worker thread. */
export type WorkerRequest =
  | { id: number; op: 'chunk'; path: string; text: string }
  | { id: number; op: 'load'; dir: string }
  | { id: number; op: 'embed'; texts: string[] };

export type WorkerReply =
  | { id: number; chunks: Chunk[] }
  | { id: number; dims: number }
  /** texts × dims, row-major, transferred (not copied). */
  | { id: number; data: Float32Array }
  | { id: number; error: { code: string; message: string } };
