import { createHash } from 'node:crypto';
import { extname, join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CallContext, Enclave } from '../enclave/index.js';
import { type Chunk, chunkText } from './chunker.js';
import type { MemoryIndex } from './memory-index.js';

/** Files larger than this are skipped: they are data, logs or bundles, not notes or code. */
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_FILES = 10_000;
/** Extensions that are never text worth indexing. */
const BINARY = new Set(
  'png jpg jpeg gif webp ico bmp tiff pdf zip gz tgz bz2 xz 7z rar jar war exe dll so dylib bin o a class wasm woff woff2 ttf otf eot mp3 mp4 mov avi mkv wav flac ogg webm sqlite db pyc'.split(
    ' ',
  ),
);

export interface IngestProgress {
  folder: string;
  done: number;
  total: number;
  current: string | null;
  indexed: number;
  unchanged: number;
  skipped: number;
  removed: number;
  renamed: number;
}

/** Turns a file's text into chunks, and vectors when an embedder is configured. */
export type PrepareFile = (
  path: string,
  text: string,
) => Promise<{ chunks: Chunk[]; vectors?: Float32Array[] }>;

const chunkOnly: PrepareFile = async (path, text) => ({ chunks: chunkText(path, text) });

/**
 * Indexes a granted folder. Every listing and read goes through the enclave as the system actor,
 * so grants, secret files and the policy apply exactly as they do to the agent, and every read is
 * audited; `.gitignore` is honoured by the listing. Only changed files (by content hash) are
 * re-chunked; files gone from the folder leave the index.
 */
export async function indexFolder(
  enclave: Enclave,
  index: MemoryIndex,
  folder: string,
  opts: {
    signal?: AbortSignal;
    onProgress?: (p: IngestProgress) => void;
    prepare?: PrepareFile;
    /** Resolves when the job may go on (a paused job waits here, between two files). */
    proceed?: () => Promise<void>;
  } = {},
): Promise<IngestProgress> {
  const prepare = opts.prepare ?? chunkOnly;
  const ctx: CallContext = { actor: 'system', sessionId: null, runId: null, wait: false };
  const listing = await enclave.perform(
    'fs.list',
    { path: folder, recursive: true, gitignore: true, limit: MAX_FILES },
    ctx,
  );
  if (!listing.success) throw new Error(listing.error?.message ?? 'The folder could not be listed.');
  const { entries } = JSON.parse(listing.content.map((p) => (p.type === 'text' ? p.text : '')).join('')) as {
    entries: { path: string; type: string; size: number }[];
  };
  const files = entries.filter((e) => e.type === 'file');
  const listed = new Set(files.map((e) => join(folder, e.path)));
  const progress: IngestProgress = {
    folder,
    done: 0,
    total: files.length,
    current: null,
    indexed: 0,
    unchanged: 0,
    skipped: 0,
    removed: 0,
    renamed: 0,
  };
  const seen = new Set<string>();
  for (const entry of files) {
    await opts.proceed?.();
    if (opts.signal?.aborted) break;
    const path = join(folder, entry.path);
    progress.current = path;
    if (entry.size > MAX_FILE_BYTES || BINARY.has(extname(path).slice(1).toLowerCase())) {
      progress.skipped++;
    } else {
      seen.add(path);
      const read = await enclave.perform('fs.read', { path, encoding: 'utf8' }, ctx);
      const first = read.success ? read.content[0] : undefined;
      const text = first?.type === 'text' ? first.text : undefined;
      if (text === undefined || text.includes('\u0000')) {
        progress.skipped++; // refused by the policy (a secret), unreadable, or binary after all
        seen.delete(path);
      } else {
        const hash = createHash('sha256').update(text).digest('hex');
        const known = index.file(path);
        // Same content under a path that is gone: a rename, which keeps its chunks and vectors.
        const renamedFrom = known ? undefined : index.pathsWithHash(hash).find((p) => !listed.has(p));
        if (known?.hash === hash) progress.unchanged++;
        else if (renamedFrom) {
          index.renameFile(renamedFrom, path);
          progress.renamed++;
        } else {
          const { chunks, vectors } = await prepare(path, text);
          if (opts.signal?.aborted) break; // the file stays as it was: indexed before, or not at all
          index.putFile({ path, hash, size: entry.size, mtimeMs: Date.now() }, chunks, vectors);
          progress.indexed++;
        }
      }
    }
    progress.done++;
    if (progress.done % 25 === 0) opts.onProgress?.({ ...progress });
    await yieldToLoop(); // one file at a time: the daemon keeps answering in between
  }
  // Cancelled: what was indexed stays (each file is its own transaction); nothing is removed.
  if (!opts.signal?.aborted) {
    for (const path of index.pathsUnder(folder)) {
      if (!seen.has(path)) {
        index.removeFile(path);
        progress.removed++;
      }
    }
  }
  progress.current = null;
  opts.onProgress?.({ ...progress });
  return progress;
}
