/**
 * The documents worker thread: every conversion, preview and document build runs here, under a
 * V8 heap cap and a time budget the daemon enforces (worker/client.ts), so a hostile file costs a
 * stable error, never the daemon's heap or event loop. Bundled on its own (`dist/documents-worker.mjs`).
 */
import { parentPort } from 'node:worker_threads';
import { CoworkError, type ErrorInfo } from '../../contracts/index.js';
import { convertBytes } from '../convert/index.js';
import { previewBytes } from '../preview/index.js';
import { buildDocument } from '../write/index.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  switch (req.op) {
    case 'convert':
      return reply(req.id, await convertBytes(req.bytes, req.fileName, req.options));
    case 'preview':
      return reply(req.id, await previewBytes(req.bytes, req.path));
    case 'build': {
      const built = await buildDocument(req.request);
      return reply(req.id, built);
    }
  }
}

function reply(id: number, result: Extract<WorkerReply, { result: unknown }>['result']): WorkerReply {
  return { id, result, heapUsed: process.memoryUsage().heapUsed };
}

/** A library's own exception (not a CoworkError) says the file is damaged, in that library's words. */
function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof CoworkError)
    return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  const e = err as Error;
  if (
    e instanceof RangeError &&
    /call stack|Array buffer allocation|Invalid array length|Invalid string length/i.test(e.message)
  ) {
    return {
      code: 'DOCUMENT_TOO_LARGE',
      message: `The document is too large or deep to convert (${e.message}).`,
      details: { reason: 'memory' },
    };
  }
  return {
    code: 'DOCUMENT_INVALID',
    message: `The document could not be read: ${e?.message ?? String(err)}`,
    details: { reason: 'library' },
  };
}

/** Bytes on an ArrayBuffer of their own (a pooled Buffer's would take its neighbours with it). */
export function ownBuffer(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
}

parentPort?.on('message', (req: WorkerRequest) => {
  handle(req).then(
    (r) => {
      if ('result' in r && 'bytes' in r.result) {
        const bytes = ownBuffer(r.result.bytes);
        parentPort?.postMessage({ ...r, result: { ...r.result, bytes } }, [bytes.buffer as ArrayBuffer]);
      } else parentPort?.postMessage(r);
    },
    (err: unknown) => parentPort?.postMessage({ id: req.id, error: errorInfo(err) } satisfies WorkerReply),
  );
});
