/**
 * The files of a granted folder that the sandbox's scans look at (secret names, key-like names,
 * run-later places), listed in one walk: ripgrep when installed (fast even in big trees, every
 * hidden and ignored file included, links not followed), else a bounded walk of every file.
 */
import { spawnSync } from 'node:child_process';
import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface GrantFiles {
  files: string[];
  /** False when ripgrep could not run and the bounded walk stood in (it may have stopped early). */
  complete: boolean;
}

/**
 * Files under `root` matching any glob, or inside a folder that does. Globs are the policy's
 * unanchored ones (`~/` is taken from the root); ripgrep knows no extglobs, so `!(…)` widens to `*`
 * and callers filter with the policy's own matchers.
 */
export function listGrantFiles(root: string, globs: readonly string[]): GrantFiles {
  const files = ripgrepFiles(root, globs);
  return files ? { files, complete: true } : { files: walkFiles(root), complete: false };
}

function ripgrepFiles(root: string, globs: readonly string[]): string[] | undefined {
  const args = globs
    .map((g) => (g.startsWith('~/') ? g.slice(2) : g).replace(/[!@+*?]\([^)]*\)/g, '*'))
    .flatMap((g) => ['-g', `**/${g}`, '-g', `**/${g}/**`]);
  const r = spawnSync(
    'rg',
    [
      '--files',
      '--hidden',
      '--no-ignore',
      '--no-messages',
      '--no-follow',
      '--glob-case-insensitive',
      ...args,
      root,
    ],
    { encoding: 'utf8', timeout: 10_000, maxBuffer: 16 * 1024 * 1024 },
  );
  if (r.error || (r.status !== 0 && r.status !== 1)) return undefined;
  return r.stdout.split('\n').filter(Boolean);
}

function walkFiles(root: string, maxEntries = 50_000): string[] {
  const out: string[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > 12 || seen > maxEntries) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      seen++;
      const p = join(dir, e.name);
      if (e.isFile()) out.push(p);
      else if (e.isDirectory()) walk(p, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}
