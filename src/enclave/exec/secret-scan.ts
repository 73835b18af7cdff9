/**
 * Finds secret files inside a granted folder, so the sandbox can mask them: a command may read
 * the grant, but not `.env`, keys or credentials in it. Uses ripgrep when installed (fast even in
 * big trees), else a bounded walk. Results are cached briefly per folder.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoworkError } from '../../contracts/index.js';

const CACHE_MS = 2000;
export const MAX_MASKED = 2000;
const cache = new Map<string, { at: number; files: string[] }>();

/** `patterns` are the policy's unanchored secret globs (`.env*`, `.ssh`, `*.pem` …). */
export function findSecretFiles(
  root: string,
  patterns: readonly string[],
  test: (path: string) => boolean,
): string[] {
  const hit = cache.get(root);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.files;
  const files = ripgrepFiles(root, patterns) ?? walkFiles(root, test);
  if (files.length > MAX_MASKED) {
    throw new CoworkError(
      'SANDBOX_UNAVAILABLE',
      `More than ${MAX_MASKED} secret files under ${root}; narrow the grant.`,
    );
  }
  cache.set(root, { at: Date.now(), files });
  return files;
}

export function forgetSecretScan(): void {
  cache.clear();
}

function ripgrepFiles(root: string, patterns: readonly string[]): string[] | undefined {
  const globs = patterns.flatMap((p) => ['-g', `**/${p}`, '-g', `**/${p}/**`]);
  const r = spawnSync(
    'rg',
    [
      '--files',
      '--hidden',
      '--no-ignore',
      '--no-messages',
      '--no-follow',
      '--glob-case-insensitive',
      ...globs,
      root,
    ],
    {
      encoding: 'utf8',
      timeout: 10_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (r.error || (r.status !== 0 && r.status !== 1)) return undefined;
  return r.stdout.split('\n').filter(Boolean);
}

function walkFiles(root: string, test: (path: string) => boolean, maxEntries = 50_000): string[] {
  const out: string[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > 12 || seen > maxEntries) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      seen++;
      const p = join(dir, e.name);
      if (e.isFile() && test(p)) out.push(p);
      else if (e.isDirectory()) walk(p, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}
