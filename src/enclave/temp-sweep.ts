import { lstatSync, unlinkSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { findOrphanTemps } from '../store/index.js';
import { withPinnedDir } from './paths/pinned-dir.js';

/**
 * Removes Cowork's leftover temp files (an atomic write cut off by a kill) under `folders`: only
 * Cowork's own temp names (store/temp-files.ts), only regular files, never through a symlink —
 * the folder is pinned and verified (a swapped-in link is refused) and the entry itself is checked
 * with lstat. Paths under `skip` (Cowork's data folder inside a grant) are left to their own sweep.
 * Returns what was removed; `removed` is told of each (the enclave audits it).
 */
export async function sweepOrphanTemps(
  folders: readonly string[],
  skip: readonly string[],
  removed: (path: string) => void,
): Promise<string[]> {
  const gone: string[] = [];
  for (const folder of folders) {
    for (const path of await findOrphanTemps(folder)) {
      if (skip.some((s) => path === s || path.startsWith(s + sep))) continue;
      if (removeRegularFile(path)) {
        gone.push(path);
        removed(path);
      }
    }
  }
  return gone;
}

function removeRegularFile(path: string): boolean {
  try {
    return withPinnedDir(dirname(path), (dir) => {
      const entry = dir.child(basename(path));
      if (!lstatSync(entry).isFile()) return false;
      unlinkSync(entry);
      return true;
    });
  } catch {
    return false; // gone meanwhile, or the folder moved: nothing of ours to remove
  }
}
