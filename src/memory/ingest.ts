import { extname, join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ConvertResult, DocumentSection } from '../contracts/index.js';
import { type CallContext, type Enclave, toolResultText } from '../enclave/index.js';
import { sha256 } from '../store/index.js';
import { type Chunk, chunkText } from './chunker.js';
import type { MemoryIndex } from './memory-index.js';

/** Files larger than this are skipped: they are data, logs or bundles, not notes or code. */
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_FILES = 10_000;
/** Documents are indexed as their Markdown (the documents converters), up to this size. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
const DOCUMENTS = new Set('pdf docx docm pptx pptm xlsx xlsm xls ods epub'.split(' '));
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

/**
 * A document as Markdown with its sections (pages, slides, sheets), read through the door like
 * any read (documents/DocumentService.convert); it throws what cannot be converted.
 */
export type ReadDocument = (
  path: string,
  ctx: CallContext,
) => Promise<Pick<ConvertResult, 'markdown' | 'sections'>>;

/** Memory reads as the system actor: grants, secrets and the policy apply as they do to the agent. */
const SYSTEM: CallContext = { actor: 'system', sessionId: null, runId: null, wait: false };

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
    /** Without it, documents (PDF, office files, EPUB) are skipped like other binary files. */
    readDocument?: ReadDocument;
    /** Resolves when the job may go on (a paused job waits here, between two files). */
    proceed?: () => Promise<void>;
  } = {},
): Promise<IngestProgress> {
  const prepare = opts.prepare ?? chunkOnly;
  const listing = await enclave.perform(
    'fs.list',
    { path: folder, recursive: true, gitignore: true, limit: MAX_FILES },
    SYSTEM,
  );
  if (!listing.success) throw new Error(listing.error?.message ?? 'The folder could not be listed.');
  const { entries } = JSON.parse(toolResultText(listing)) as {
    entries: { path: string; type: string; size: number; mtimeMs: number }[];
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
    const outcome = await indexFile(enclave, index, path, entry, {
      prepare,
      isGone: (p) => !listed.has(p),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.readDocument ? { readDocument: opts.readDocument } : {}),
    });
    if (outcome !== 'skipped') seen.add(path);
    if (outcome !== 'cancelled') progress[outcome]++;
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

/**
 * Brings one file's entry up to date: read through the enclave (refused secrets are skipped),
 * unchanged content skipped by hash, content found under a path that is gone taken over as a
 * rename (chunks and vectors kept), anything else re-chunked and re-embedded.
 */
async function indexFile(
  enclave: Enclave,
  index: MemoryIndex,
  path: string,
  { size, mtimeMs }: { size: number; mtimeMs: number },
  opts: {
    prepare: PrepareFile;
    isGone: (path: string) => boolean;
    signal?: AbortSignal;
    readDocument?: ReadDocument;
  },
): Promise<'indexed' | 'unchanged' | 'renamed' | 'skipped' | 'cancelled'> {
  const ext = extname(path).slice(1).toLowerCase();
  const document = opts.readDocument && DOCUMENTS.has(ext) ? opts.readDocument : undefined;
  if (document ? size > MAX_DOCUMENT_BYTES : size > MAX_FILE_BYTES || BINARY.has(ext)) return 'skipped';
  const known = index.file(path);
  // Same size and modification time as when indexed (and not waiting for vectors): not even read.
  if (known && known.hash !== '' && known.size === size && known.mtimeMs === mtimeMs) return 'unchanged';
  const read = document ? await readAsMarkdown(document, path) : await readText(enclave, path);
  // Refused by the policy (a secret), unreadable, not convertible, or binary after all.
  if (!read) return 'skipped';
  const { text, sections } = read;
  const hash = sha256(text);
  if (known?.hash === hash) {
    index.touchFile(path, size, mtimeMs);
    return 'unchanged';
  }
  const renamedFrom = known ? undefined : index.pathsWithHash(hash).find(opts.isGone);
  if (renamedFrom) {
    index.renameFile(renamedFrom, path);
    index.touchFile(path, size, mtimeMs);
    return 'renamed';
  }
  const { chunks, vectors } = sections?.length
    ? await prepareBySection(opts.prepare, path, text, sections)
    : await opts.prepare(path, text);
  if (opts.signal?.aborted) return 'cancelled'; // the file stays as it was
  index.putFile({ path, hash, size, mtimeMs }, chunks, vectors);
  return 'indexed';
}

async function readText(
  enclave: Enclave,
  path: string,
): Promise<{ text: string; sections?: undefined } | undefined> {
  const read = await enclave.perform('fs.read', { path, encoding: 'utf8' }, SYSTEM);
  const first = read.success ? read.content[0] : undefined;
  const text = first?.type === 'text' ? first.text : undefined;
  return text === undefined || text.includes('\u0000') ? undefined : { text };
}

async function readAsMarkdown(
  document: ReadDocument,
  path: string,
): Promise<{ text: string; sections: DocumentSection[] } | undefined> {
  try {
    const { markdown, sections } = await document(path, SYSTEM);
    return markdown.trim() ? { text: markdown, sections } : undefined;
  } catch {
    return undefined; // encrypted, damaged, refused: not indexed, like an unreadable text file
  }
}

/**
 * A document is chunked page by page (slide by slide, sheet by sheet), so no chunk straddles two
 * and each one says where it is (`page 3`, `slide 2: Risks`); lines are shifted to the document's
 * Markdown. Lines before the first section (a title) are a piece of their own.
 */
export async function prepareBySection(
  prepare: PrepareFile,
  path: string,
  text: string,
  sections: DocumentSection[],
): Promise<{ chunks: Chunk[]; vectors?: Float32Array[] }> {
  const lines = text.split('\n');
  const pieces: { from: number; to: number; locator?: string }[] = [];
  const first = sections[0]!.startLine;
  if (first > 1) pieces.push({ from: 1, to: first - 1 });
  for (const s of sections) {
    pieces.push({
      from: s.startLine,
      to: s.endLine,
      locator: `${s.kind} ${s.index}${s.name ? `: ${s.name}` : ''}`,
    });
  }
  const chunks: Chunk[] = [];
  const vectors: Float32Array[] = [];
  for (const piece of pieces) {
    const body = lines.slice(piece.from - 1, piece.to).join('\n');
    if (!body.trim()) continue;
    const prepared = await prepare(path, body);
    for (const c of prepared.chunks) {
      const shifted = {
        ...c,
        idx: chunks.length,
        startLine: c.startLine + piece.from - 1,
        endLine: c.endLine + piece.from - 1,
      };
      chunks.push(piece.locator ? { ...shifted, locator: piece.locator } : shifted);
    }
    vectors.push(...(prepared.vectors ?? []));
  }
  return vectors.length === chunks.length && vectors.length > 0 ? { chunks, vectors } : { chunks };
}

/** A change the folder watcher reported (the enclave's FolderChange). */
export type WatchedChange =
  | { kind: 'create' | 'modify' | 'delete'; path: string; isDir: boolean }
  | { kind: 'rename'; from: string; path: string; isDir: boolean };

/**
 * Applies watcher changes to the index of `folder`: deleted files leave, renamed ones keep their
 * vectors, created and modified files are indexed (a folder that appears is indexed whole).
 */
export async function applyChanges(
  enclave: Enclave,
  index: MemoryIndex,
  changes: WatchedChange[],
  prepare: PrepareFile = chunkOnly,
  readDocument?: ReadDocument,
): Promise<void> {
  const documents = readDocument ? { readDocument } : {};
  const deleted = new Set(changes.filter((c) => c.kind === 'delete').map((c) => c.path));
  for (const change of changes) {
    if (change.kind === 'delete') {
      for (const p of index.pathsUnder(change.path)) index.removeFile(p);
    } else if (change.kind === 'rename') {
      for (const p of index.pathsUnder(change.from))
        index.renameFile(p, change.path + p.slice(change.from.length));
    } else if (change.isDir) {
      if (change.kind === 'create') await indexFolder(enclave, index, change.path, { prepare, ...documents });
    } else {
      const stat = await enclave.perform('fs.stat', { path: change.path }, SYSTEM);
      if (stat.success) {
        const s = JSON.parse((stat.content[0] as { text: string }).text) as { size: number; mtimeMs: number };
        const seen = { size: s.size, mtimeMs: Math.trunc(s.mtimeMs) };
        await indexFile(enclave, index, change.path, seen, {
          prepare,
          isGone: (p) => deleted.has(p),
          ...documents,
        });
      }
    }
    await yieldToLoop();
  }
}
