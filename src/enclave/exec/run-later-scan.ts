/**
 * Files that run code later (a repository's git config and hooks, shell start-up files, autostart
 * entries, editor init files — the policy's PROTECTED_FILES) are refused to `fs.*` writes, but a
 * program the person approved, or a project script the defaults allow, runs with the grant
 * writable. So the sandbox binds every such path that exists inside a read-write grant read-only
 * over itself: a script that appends `core.fsmonitor` to `.git/config` or a line to `~/.bashrc`
 * gets EROFS, and the person's next `git status` or shell runs nothing of the agent's.
 *
 * A repository's `.git` stays writable (commits, branches, the index are ordinary work); only the
 * parts git runs code from are bound: config, hooks, info, commondir, alternates, submodule configs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoworkError } from '../../contracts/index.js';

const CACHE_MS = 2000;
const MAX_BOUND = 2000;
const cache = new Map<string, { at: number; paths: string[] }>();

/** Inside a `.git` folder, what git reads code or configuration from. */
const GIT_RUN_LATER = ['config', 'config.worktree', 'commondir', 'hooks', 'info', 'objects/info'];

/**
 * The existing run-later paths under `root` (folders whole, shallowest first, none inside another).
 * `globs` are the policy's protected-file globs; `isProtected` its matcher for a path.
 */
export function findRunLaterPaths(
  root: string,
  globs: readonly string[],
  isProtected: (path: string) => boolean,
): string[] {
  const hit = cache.get(root);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.paths;
  const found = new Set<string>();
  for (const file of listFiles(root, globs)) {
    const top = protectedAncestor(root, file, isProtected);
    if (top) for (const p of expandGitFolder(top)) found.add(p);
  }
  const paths = outermost([...found]);
  if (paths.length > MAX_BOUND)
    throw new CoworkError(
      'SANDBOX_UNAVAILABLE',
      `More than ${MAX_BOUND} run-later files under ${root}; narrow the grant.`,
    );
  cache.set(root, { at: Date.now(), paths });
  return paths;
}

export function forgetRunLaterScan(): void {
  cache.clear();
}

/** The shallowest path from `root` down to `file` that the policy protects. */
function protectedAncestor(
  root: string,
  file: string,
  isProtected: (p: string) => boolean,
): string | undefined {
  const parts = file.slice(root.length + 1).split('/');
  for (let i = 1; i <= parts.length; i++) {
    const p = join(root, ...parts.slice(0, i));
    if (isProtected(p)) return p;
  }
  return undefined;
}

/** A `.git` folder becomes the parts of it git runs code from; anything else is itself. */
function expandGitFolder(path: string): string[] {
  if (!path.endsWith('/.git') || !existsSync(join(path, 'HEAD'))) return [path];
  const parts = GIT_RUN_LATER.map((p) => join(path, p)).filter((p) => existsSync(p));
  // Submodules keep a whole git folder each under modules/: their config and hooks.
  for (const sub of safeReaddir(join(path, 'modules')))
    for (const p of ['config', 'hooks']) {
      const full = join(path, 'modules', sub, p);
      if (existsSync(full)) parts.push(full);
    }
  return parts;
}

const safeReaddir = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

function outermost(paths: string[]): string[] {
  const sorted = paths.sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of sorted) if (!out.some((o) => p.startsWith(`${o}/`))) out.push(p);
  return out;
}

/** Files under `root` matching the globs (or inside a folder that does), by ripgrep. */
function listFiles(root: string, globs: readonly string[]): string[] {
  const args = globs
    .map((g) => (g.startsWith('~/') ? g.slice(2) : g).replace(/[!@+*?]\([^)]*\)/g, '*'))
    .flatMap((g) => ['-g', `**/${g}`, '-g', `**/${g}/**`]);
  const r = spawnSync(
    'rg',
    ['--files', '--hidden', '--no-ignore', '--no-messages', '--no-follow', ...args, root],
    {
      encoding: 'utf8',
      timeout: 10_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  // Without ripgrep (or when it fails) nothing is known: refuse rather than leave them writable.
  if (r.error || (r.status !== 0 && r.status !== 1))
    throw new CoworkError(
      'SANDBOX_UNAVAILABLE',
      'Cannot list the run-later files of the grants (ripgrep failed).',
    );
  return r.stdout.split('\n').filter(Boolean);
}
