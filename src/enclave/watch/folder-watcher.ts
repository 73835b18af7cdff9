/**
 * Watches a granted folder (native file-system events through @parcel/watcher: inotify, FSEvents,
 * ReadDirectoryChangesW) and reports debounced changes. Only what the person's policy lets Cowork
 * read is reported — a secret file changing is not news anyone gets — and `.gitignore` is honoured.
 */
import { lstatSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { AsyncSubscription, Event as WatcherEvent } from '@parcel/watcher';
import ignore, { type Ignore } from 'ignore';
import type { FolderChange } from '../../contracts/index.js';
import { isIgnored, readSmallRegularFile } from '../brokers/fs.js';

export type { FolderChange };

export interface FolderWatch {
  readonly folder: string;
  stop(): Promise<void>;
}

export interface WatchOptions {
  /** Changes arriving within this window are reported together, each path once (default 50 ms: an editor's save is several events). */
  debounceMs?: number;
  /** Whether a change to this real path may be reported (the policy's read decision). */
  mayRead: (path: string) => boolean;
  /** Whether the folder is still inside a grant; when not, the watch stops itself. */
  stillGranted: () => boolean;
  onChanges: (changes: FolderChange[]) => void;
  onError?: (err: Error) => void;
}

/** Remembers inodes of paths seen recently, so a delete + create of the same inode is a rename. */
const MAX_INODES = 100_000;
/** A steady stream of changes is still reported at least this often. */
const MAX_DELAY_MS = 500;

export async function watchFolder(folder: string, opts: WatchOptions): Promise<FolderWatch> {
  const { subscribe } = await import('@parcel/watcher');
  const gitignores = new Map<string, Ignore | null>();
  const inodes = new Map<string, number>();
  let pending = new Map<string, WatcherEvent['type']>();
  let timer: NodeJS.Timeout | undefined;
  let subscription: AsyncSubscription | undefined;
  let stopped = false;
  let burstStart: number | undefined;

  const rulesFor = (rel: string) => {
    const rules: { base: string; ig: Ignore }[] = [];
    const parts = rel.split('/').slice(0, -1);
    for (let i = 0; i <= parts.length; i++) {
      const base = parts.slice(0, i).join('/');
      let ig = gitignores.get(base);
      if (ig === undefined) {
        // Never a blocking open: a FIFO named .gitignore must not freeze the daemon.
        const text = readSmallRegularFile(join(folder, base, '.gitignore'));
        ig = text === undefined ? null : ignore().add(text);
        gitignores.set(base, ig);
      }
      if (ig) rules.push({ base, ig });
    }
    return rules;
  };

  const flush = () => {
    timer = undefined;
    burstStart = undefined;
    const batch = pending;
    pending = new Map();
    if (stopped) return;
    if (!opts.stillGranted()) {
      void watch.stop();
      return;
    }
    const created: FolderChange[] = [];
    const deleted = new Map<number, string>();
    const changes: FolderChange[] = [];
    for (const [path, type] of batch) {
      const rel = relative(folder, path).split(sep).join('/');
      if (rel.startsWith('..') || rel === '') continue;
      if (rel === '.gitignore' || rel.endsWith('/.gitignore'))
        gitignores.delete(dirname(rel) === '.' ? '' : dirname(rel));
      const stat = type === 'delete' ? undefined : lstatOrUndefined(path);
      const isDir = stat?.isDirectory() ?? false;
      if (isIgnored(rulesFor(rel), rel, isDir)) continue;
      if (!opts.mayRead(path)) continue;
      if (type === 'delete') {
        const ino = inodes.get(path);
        inodes.delete(path);
        if (ino !== undefined) deleted.set(ino, path);
        else changes.push({ kind: 'delete', path, isDir: false });
        continue;
      }
      if (!stat) continue; // gone again before we looked
      remember(inodes, path, stat.ino);
      (type === 'create' ? created : changes).push({
        kind: type === 'create' ? 'create' : 'modify',
        path,
        isDir,
      });
    }
    for (const c of created) {
      const from = deleted.get(inodes.get(c.path)!);
      if (from !== undefined) {
        deleted.delete(inodes.get(c.path)!);
        changes.push({ kind: 'rename', from, path: c.path, isDir: c.isDir });
      } else changes.push(c);
    }
    for (const path of deleted.values()) changes.push({ kind: 'delete', path, isDir: false });
    if (changes.length > 0) opts.onChanges(changes);
  };

  subscription = await subscribe(
    folder,
    (err, events) => {
      if (err) {
        opts.onError?.(err);
        return;
      }
      for (const e of events) {
        const overall = coalesce(pending.get(e.path), e.type);
        if (overall) pending.set(e.path, overall);
        else pending.delete(e.path);
      }
      // Trailing debounce (a burst is one report), but never later than MAX_DELAY_MS after its start.
      const now = Date.now();
      burstStart ??= now;
      clearTimeout(timer);
      timer = setTimeout(flush, Math.min(opts.debounceMs ?? 50, burstStart + MAX_DELAY_MS - now));
    },
    { ignore: ['.git', 'node_modules'] },
  );

  const watch: FolderWatch = {
    folder,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await subscription?.unsubscribe();
      subscription = undefined;
    },
  };
  return watch;
}

/** Two events for one path within the window: what happened overall. */
function coalesce(
  before: WatcherEvent['type'] | undefined,
  now: WatcherEvent['type'],
): WatcherEvent['type'] | undefined {
  if (!before) return now;
  if (before === 'create' && now === 'update') return 'create';
  if (before === 'create' && now === 'delete') return undefined; // came and went: nothing happened
  if (before === 'delete' && now === 'create') return 'update'; // replaced (an atomic save)
  return now;
}

function remember(inodes: Map<string, number>, path: string, ino: number): void {
  inodes.delete(path);
  inodes.set(path, ino);
  if (inodes.size > MAX_INODES) inodes.delete(inodes.keys().next().value!);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
