/**
 * The code index of the folder in use, as the Files panel, the palette and the file view ask it:
 * built on first use (`code.index`, once per folder and page), then symbols, outlines and
 * definitions by the typed `code.*` calls. Every call is the person's own read through the door.
 */

import { rpc } from './cowork';
import { Store } from './store';
import type { RpcResult } from './types';

export type CodeSymbol = RpcResult<'code.symbols'>['symbols'][number];
export type CodeDefinition = RpcResult<'code.definition'>['definitions'][number];
export type CodeIndexStatus = RpcResult<'code.index'>;

/** What the UI knows of a folder's index: being built, ready (with its counts), or why it failed. */
export type IndexState =
  | { state: 'indexing' }
  | { state: 'ready'; status: CodeIndexStatus }
  | { state: 'failed'; error: string };

/** The file view's outline is shown: kept as the person goes from file to file. */
export const outlineShown = new Store(false);

/** Per folder: the index as the UI last saw it (absent: not asked yet). */
export const codeIndexes = new Store<Record<string, IndexState>>({});
const building = new Map<string, Promise<CodeIndexStatus>>();

/**
 * The folder's index, built on first use: one `code.index` per folder at a time, its progress in
 * `codeIndexes` (so every view shows "indexing…" while it runs). A failure is kept and shown, and
 * the next use tries again.
 */
export function ensureIndexed(folder: string): Promise<CodeIndexStatus> {
  const known = codeIndexes.get()[folder];
  if (known?.state === 'ready') return Promise.resolve(known.status);
  const running = building.get(folder);
  if (running) return running;
  const set = (s: IndexState) => codeIndexes.set((all) => ({ ...all, [folder]: s }));
  set({ state: 'indexing' });
  const call = rpc.call('code.index', { folder }).then(
    (status) => {
      building.delete(folder);
      if (status.state === 'failed') {
        set({ state: 'failed', error: status.error ?? 'The index could not be built.' });
        throw new Error(status.error ?? 'The index could not be built.');
      }
      set({ state: 'ready', status });
      return status;
    },
    (err: Error) => {
      building.delete(folder);
      set({ state: 'failed', error: err.message });
      throw err;
    },
  );
  building.set(folder, call);
  return call;
}

/** How many symbols a search lists at most: enough to choose from, few enough to draw at once. */
export const SYMBOL_LIMIT = 50;

/** Symbols whose names match `query`, best first (the index ranks them). */
export async function searchSymbols(folder: string, query: string): Promise<CodeSymbol[]> {
  await ensureIndexed(folder);
  const r = await rpc.call('code.symbols', { folder, query, limit: SYMBOL_LIMIT });
  return r.symbols;
}

export async function outlineOf(folder: string, path: string): Promise<CodeSymbol[]> {
  await ensureIndexed(folder);
  return (await rpc.call('code.outline', { folder, path })).symbols;
}

/** The definitions of the name used at `line`:`column` of `path` (several when it is ambiguous). */
export async function definitionsAt(
  folder: string,
  at: { path: string; line: number; column: number },
): Promise<CodeDefinition[]> {
  await ensureIndexed(folder);
  return (await rpc.call('code.definition', { folder, ...at })).definitions;
}

/** `src/router.ts` for a path inside `folder`; a path outside it as it is. */
export function relativeTo(folder: string, path: string): string {
  return path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : path;
}

/** `src/router.ts:12` relative to the folder: what a person reads in a list of results. */
export function placeOf(folder: string, path: string, line: number): string {
  return `${relativeTo(folder, path)}:${line}`;
}
