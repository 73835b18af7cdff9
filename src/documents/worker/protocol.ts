import type { ConvertOptions, ConvertResult, DocumentPreview, ErrorInfo } from '../../contracts/index.js';
import type { BuildRequest, Built } from '../write/writer.js';

/** Work for the documents worker thread; bytes are transferred, not copied. */
export type DocumentJob =
  | { op: 'convert'; bytes: Uint8Array; fileName: string; options: ConvertOptions }
  | { op: 'preview'; bytes: Uint8Array; path: string }
  | { op: 'build'; request: BuildRequest };

export type JobResult<J extends DocumentJob> = J extends { op: 'convert' }
  ? ConvertResult
  : J extends { op: 'preview' }
    ? DocumentPreview
    : Built;

export type WorkerRequest = DocumentJob & { id: number };

export type WorkerReply =
  | { id: number; result: ConvertResult | DocumentPreview | Built; heapUsed: number }
  | { id: number; error: ErrorInfo };
