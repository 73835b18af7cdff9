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
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoworkError } from '../../contracts/index.js';

const MAX_BOUND = 2000;

/** Inside a `.git` folder, what git reads code or configuration from. */
const GIT_RUN_LATER = ['config', 'config.worktree', 'commondir', 'hooks', 'info', 'objects/info'];

/**
 * The existing run-later paths among a grant's listed files (folders whole, shallowest first, none
 * inside another). `isProtected` is the policy's matcher of protected files.
 */
export function runLaterPathsAmong(
  root: string,
  files: readonly string[],
  isProtected: (path: string) => boolean,
): string[] {
  const found = new Set<string>();
  for (const file of files) {
    const top = protectedAncestor(root, file, isProtected);
    if (top) for (const p of expandGitFolder(top)) found.add(p);
  }
  const paths = outermost([...found]);
  if (paths.length > MAX_BOUND)
    throw new CoworkError(
      'SANDBOX_UNAVAILABLE',
      `More than ${MAX_BOUND} run-later files under ${root}; narrow the grant.`,
    );
  return paths;
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
