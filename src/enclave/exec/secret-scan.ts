/**
 * Finds secret files inside a granted folder, so the sandbox can mask them: a command may read
 * the grant, but not `.env`, keys or credentials in it. Secrets by name (the policy's globs), and
 * by content: files whose names or extensions keys are kept under (secret-content.ts) are opened
 * and their first KB looked at — `*.pem` / `*.key` whole up to 1 MB, since a certificate is not a
 * secret but a key appended to one is. Uses ripgrep when installed (fast even in big trees), else a
 * bounded walk. Results are cached briefly per folder.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { CoworkError } from '../../contracts/index.js';
import {
  CONTENT_CANDIDATE_GLOBS,
  isKeyOrCertName,
  isSecretContent,
  SCAN_HEAD_BYTES,
} from '../policy/secret-content.js';

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
  const byName = ripgrepFiles(root, patterns)?.filter(test) ?? walkFiles(root, test);
  const candidates = ripgrepFiles(root, CONTENT_CANDIDATE_GLOBS, false) ?? walkFiles(root, isCandidate);
  const named = new Set(byName);
  const files = [...byName, ...candidates.filter((f) => !named.has(f) && secretByContent(f))];
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

const candidateMatchers = CONTENT_CANDIDATE_GLOBS.map((g) => picomatch(g, { basename: true, dot: true }));
const isCandidate = (path: string) => candidateMatchers.some((m) => m(path));
const KEY_FILE_CAP = 1024 * 1024;

/** Opens without following links or blocking (a FIFO), reads the head of a regular file only. */
function secretByContent(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return false; // vanished, or a symlink (its target is masked where it lies, if in a grant)
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return false;
    const whole = isKeyOrCertName(file);
    const cap = whole ? KEY_FILE_CAP : SCAN_HEAD_BYTES;
    const buf = Buffer.alloc(Math.min(st.size, cap));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return isSecretContent(file, buf.subarray(0, got), st.size <= cap);
  } catch {
    return isKeyOrCertName(file); // unreadable key material stays masked
  } finally {
    closeSync(fd);
  }
}

/**
 * ripgrep's globs know no extglobs: `!(…)` becomes `*` (a superset), and the caller filters the
 * result with the policy's own matcher.
 */
function ripgrepFiles(root: string, patterns: readonly string[], folders = true): string[] | undefined {
  const globs = patterns
    .map((p) => p.replace(/[!@+*?]\([^)]*\)/g, '*'))
    .flatMap((p) => ['-g', `**/${p}`, ...(folders ? ['-g', `**/${p}/**`] : [])]);
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
