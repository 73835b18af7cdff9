import { randomBytes } from 'node:crypto';
import { type Dirent, lstatSync, unlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { homePaths } from './home.js';

/**
 * The temp files of Cowork's atomic writes (`.<name>.cowork-<12 hex>.tmp`, beside the target):
 * named here once, so a sweep can tell Cowork's own leftovers (a kill between create and rename)
 * from anything of the person's, and never touches a write that is still going.
 */
const TEMP_NAME = /^\..+\.cowork-[0-9a-f]{12}\.tmp$/;

/** Temp files this process is writing now, by path: never swept. */
const live = new Set<string>();

/** A new temp name for `name` (cut so the whole fits a file system's 255 bytes). */
export function tempNameFor(name: string): string {
  return `.${name.slice(0, 200)}.cowork-${randomBytes(6).toString('hex')}.tmp`;
}

/** Marks `path` as being written until the returned function is called (after the rename or removal). */
export function writingTemp(path: string): () => void {
  live.add(path);
  return () => live.delete(path);
}

export function isCoworkTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** Folders never walked into: they are big and Cowork's writes do not go there. */
const SKIPPED = new Set(['.git', 'node_modules']);

/**
 * Cowork's leftover temp files under `root`: regular files with Cowork's temp name that no write of
 * this process is making. Symlinks are never followed (a linked folder is not walked into, a link
 * is never a leftover); at most `maxEntries` entries are looked at, so a huge grant costs bounded
 * time. Asynchronous, a folder at a time: it never blocks the daemon.
 */
export async function findOrphanTemps(root: string, maxEntries = 200_000): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  let seen = 0;
  while (pending.length > 0 && seen < maxEntries) {
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // gone, or not ours to read
    }
    for (const e of entries) {
      if (++seen > maxEntries) break;
      const path = join(dir, e.name);
      if (e.isDirectory() && !SKIPPED.has(e.name)) pending.push(path);
      else if (e.isFile() && isCoworkTempName(e.name) && !live.has(path)) found.push(path);
    }
  }
  return found;
}

/**
 * Removes Cowork's leftover temp files from its data folder (settings, blobs, the daemon file) —
 * not from `trash/`, which keeps the person's deleted files as they were. Returns what went.
 */
export async function sweepDataFolderTemps(home: string): Promise<string[]> {
  const trash = homePaths(home).trash + sep;
  const gone: string[] = [];
  for (const path of await findOrphanTemps(home)) {
    if (path.startsWith(trash)) continue;
    try {
      if (!lstatSync(path).isFile()) continue;
      unlinkSync(path);
      gone.push(path);
    } catch {
      // removed meanwhile
    }
  }
  return gone;
}
