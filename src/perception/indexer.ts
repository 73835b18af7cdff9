/**
 * Brings a folder's symbol store up to date. Every listing and read goes through the enclave as
 * the system actor, so grants, secret files (by name and by content) and the policy apply as they
 * do to the agent, and every read is audited; the listing honours `.gitignore`. Parsing happens
 * in the worker thread (`tag`); the store is written here, one file per transaction.
 */
import { join, relative } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { CoworkError, ErrorCode } from '../contracts/index.js';
import { type CallContext, type Enclave, toolResultText } from '../enclave/index.js';
import { sha256 } from '../store/index.js';
import type { Tag } from './index-worker-client.js';
import { languageOf } from './languages/index.js';
import type { SymbolStore } from './symbol-store.js';

/** Larger files are generated or vendored code (bundles, tables), not what anyone navigates. */
export const MAX_FILE_BYTES = 512 * 1024;
/** The enclave lists at most this many entries (files and folders) at once: larger folders are listed in pages. */
const PAGE_ENTRIES = 10_000;
/** A folder's index takes at most this many code files (the rest is reported, never silently dropped). */
export const MAX_INDEXED_FILES = 100_000;
const SYSTEM: CallContext = { actor: 'system', sessionId: null, runId: null, wait: false };

export interface IndexOutcome {
  indexed: number;
  unchanged: number;
  skipped: number;
  removed: number;
}

interface Entry {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Dependencies and tool folders: `node_modules`, and any folder whose name starts with a dot (.git, .venv). */
export function isSkippedFolder(rel: string): boolean {
  return rel
    .split('/')
    .some((part, i, all) => part === 'node_modules' || (part.startsWith('.') && i < all.length - 1));
}

/** The whole folder (or a folder inside it): every code file listed, files no longer there removed. */
export async function indexFolder(
  enclave: Enclave,
  store: SymbolStore,
  dir: string,
  tag: Tag,
  opts: { signal?: AbortSignal; maxFiles?: number } = {},
): Promise<IndexOutcome> {
  const outcome: IndexOutcome = { indexed: 0, unchanged: 0, skipped: 0, removed: 0 };
  const { entries, truncated } = await listCode(
    enclave,
    store.folder,
    dir,
    opts.maxFiles ?? MAX_INDEXED_FILES,
  );
  // The whole folder's listing decides; a folder inside it can only find the cap reached.
  if (dir === store.folder || truncated) store.setTruncated(truncated);
  const seen = new Set<string>();
  for (const entry of entries) {
    if (opts.signal?.aborted) return outcome; // what was indexed stays; nothing is removed
    const result = await indexFile(enclave, store, entry, tag);
    if (result !== 'skipped') seen.add(entry.path);
    outcome[result]++;
    await yieldToLoop();
  }
  for (const path of store.pathsUnder(dir)) {
    if (!seen.has(path)) {
      store.removeFile(path);
      outcome.removed++;
    }
  }
  store.resolvePending();
  return outcome;
}

/**
 * Changed paths (the folder watcher's, which already leaves out ignored files): a file is indexed
 * again or removed; a folder that appeared is indexed whole; one that went takes its files along.
 */
export async function updatePaths(
  enclave: Enclave,
  store: SymbolStore,
  paths: string[],
  tag: Tag,
  opts: { maxFiles?: number } = {},
): Promise<void> {
  for (const path of [...new Set(paths)].sort()) {
    const rel = relative(store.folder, path);
    if (rel.startsWith('..') || rel === '' || isSkippedFolder(rel)) continue;
    const stat = await enclave.perform('fs.stat', { path }, SYSTEM);
    const s = stat.success
      ? (JSON.parse(toolResultText(stat)) as { type: string; size: number; mtimeMs: number })
      : undefined;
    if (s?.type === 'dir') {
      await indexFolder(enclave, store, path, tag, opts);
      continue;
    }
    const known = store.pathsUnder(path);
    if (s?.type === 'file' && languageOf(path) && s.size <= MAX_FILE_BYTES) {
      if (
        (await indexFile(enclave, store, { path, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) }, tag)) !==
        'skipped'
      )
        continue;
    }
    // Gone, refused (no longer granted, or a secret now), or no longer code: out of the index.
    for (const p of known) store.removeFile(p);
  }
  store.resolvePending();
}

/**
 * The code files under `dir`, page after page of the enclave's listing (each capped), up to
 * `maxFiles`; `truncated` when more were there.
 */
async function listCode(
  enclave: Enclave,
  folder: string,
  dir: string,
  maxFiles: number,
): Promise<{ entries: Entry[]; truncated: boolean }> {
  const code: Entry[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listPage(enclave, dir, after);
    for (const e of page.entries) {
      const path = join(dir, e.path);
      if (e.type !== 'file' || e.size > MAX_FILE_BYTES || !languageOf(e.path)) continue;
      if (isSkippedFolder(relative(folder, path))) continue;
      if (code.length === maxFiles) return { entries: code, truncated: true };
      code.push({ path, size: e.size, mtimeMs: e.mtimeMs });
    }
    const last = page.entries.at(-1)?.path;
    if (!page.truncated) return { entries: code, truncated: false };
    // A full page of nothing visible (all hidden as secrets) gives no place to go on from: said, not hidden.
    if (last === undefined) return { entries: code, truncated: true };
    after = last;
  }
}

async function listPage(
  enclave: Enclave,
  dir: string,
  after: string | undefined,
): Promise<{ entries: { path: string; type: string; size: number; mtimeMs: number }[]; truncated: boolean }> {
  const listing = await enclave.perform(
    'fs.list',
    { path: dir, recursive: true, gitignore: true, limit: PAGE_ENTRIES, ...(after ? { after } : {}) },
    SYSTEM,
  );
  if (!listing.success) {
    const code = ErrorCode.safeParse(listing.error?.code).success
      ? (listing.error!.code as ErrorCode)
      : 'INTERNAL';
    throw new CoworkError(code, listing.error?.message ?? `${dir} could not be listed.`);
  }
  return JSON.parse(toolResultText(listing));
}

/** One file: unchanged size and time are not even read; unchanged content is not parsed. */
async function indexFile(
  enclave: Enclave,
  store: SymbolStore,
  { path, size, mtimeMs }: Entry,
  tag: Tag,
): Promise<'indexed' | 'unchanged' | 'skipped'> {
  const spec = languageOf(path);
  if (!spec) return 'skipped';
  const known = store.file(path);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return 'unchanged';
  const read = await enclave.perform('fs.read', { path, encoding: 'utf8' }, SYSTEM);
  const first = read.success ? read.content[0] : undefined;
  const text = first?.type === 'text' ? first.text : undefined;
  // Refused (a secret by name or content, outside the grants), unreadable, or binary.
  if (text === undefined || text.includes('\u0000')) return 'skipped';
  const hash = sha256(text);
  if (known?.hash === hash) {
    store.touchFile(path, size, mtimeMs);
    return 'unchanged';
  }
  const tagged = await tag(spec.id, text);
  if (!tagged) return 'skipped';
  store.putFile({ path, language: spec.id, hash, size, mtimeMs }, tagged);
  return 'indexed';
}
