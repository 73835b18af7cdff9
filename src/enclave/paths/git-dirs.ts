/**
 * Which paths git will read as its own configuration or run as hooks — beyond the names the policy
 * lists (`.git/…`): a git directory under any name (a `--separate-git-dir`, the target of a
 * gitfile or of `commondir`, a bare repository planted in the project), and the folder a repo's
 * `core.hooksPath` names. A write there runs code at the next `git status` of the agent's or the
 * person's, so the planner refuses it.
 *
 * Git recognises a git directory by its shape (setup.c, is_git_directory): a `HEAD` file and either
 * `objects/` and `refs/` folders or a `commondir` file. We test the same shape, counting the entry
 * being written as already there, so the last piece of a planted repository is refused.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { isWithin } from '../policy/evaluate.js';
import { isDirectory, isRegularFile } from './file-kind.js';

const GIT_DIR_PIECES = new Set(['HEAD', 'objects', 'refs', 'commondir']);
/** Config files are small; a huge one is not parsed (git reads it, but we only look for hooksPath). */
const MAX_CONFIG_BYTES = 256 * 1024;

/** Why writing `path` would change what git runs, or undefined. `root` bounds the walk (a grant). */
export function gitRunLaterReason(path: string, root: string, home: string): string | undefined {
  for (let dir = path; isWithin(dir, root); dir = dirname(dir)) {
    if (isGitDirectory(dir, path))
      return `${dir} is a git directory: git reads its config and runs its hooks.`;
    if (dir === root || dirname(dir) === dir) break;
  }
  const hooks = hooksPathFor(path, root, home);
  if (hooks !== undefined && isWithin(path, hooks))
    return `${hooks} is this repository's core.hooksPath: git runs what is in it.`;
  return undefined;
}

/** Whether `dir` has (or would have, once `pending` is written) the shape of a git directory. */
function isGitDirectory(dir: string, pending: string): boolean {
  const piece = dirname(pending) === dir && GIT_DIR_PIECES.has(basename(pending)) ? basename(pending) : '';
  const has = (name: string, kind: 'file' | 'dir') =>
    piece === name || (kind === 'file' ? isRegularFile(join(dir, name)) : isDirectory(join(dir, name)));
  return has('HEAD', 'file') && ((has('objects', 'dir') && has('refs', 'dir')) || has('commondir', 'file'));
}

/** The hooks folder git would use for the repository containing `path` (only when one is configured). */
function hooksPathFor(path: string, root: string, home: string): string | undefined {
  const repo = repositoryOf(path, root);
  if (!repo) return undefined;
  const configs = [
    join(home, '.gitconfig'),
    join(home, '.config', 'git', 'config'),
    join(repo.commonDir, 'config'),
    join(repo.gitDir, 'config.worktree'),
  ];
  let value: string | undefined;
  for (const file of configs) value = coreHooksPath(readSmall(file)) ?? value; // the last one wins
  if (value === undefined) return undefined;
  if (value.startsWith('~/')) return join(home, value.slice(2));
  return isAbsolute(value) ? resolve(value) : resolve(repo.workTree, value);
}

/** The worktree containing `path` and its git directories (a `.git` folder, or a gitfile's target). */
function repositoryOf(
  path: string,
  root: string,
): { workTree: string; gitDir: string; commonDir: string } | undefined {
  for (let dir = dirname(path); isWithin(dir, root); dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    let gitDir: string | undefined;
    if (isDirectory(dotGit)) gitDir = dotGit;
    else if (isRegularFile(dotGit)) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readSmall(dotGit) ?? '');
      if (m) gitDir = resolve(dir, m[1]!);
    }
    if (gitDir !== undefined) {
      const common = readSmall(join(gitDir, 'commondir'))?.trim();
      return { workTree: dir, gitDir, commonDir: common ? resolve(gitDir, common) : gitDir };
    }
    if (dir === root || dirname(dir) === dir) break;
  }
  return undefined;
}

/** `core.hooksPath` from a git config file's text (sections and keys are case-insensitive). */
export function coreHooksPath(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let inCore = false;
  let value: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const section = /^\[\s*([^\]\s"]+)[^\]]*\]\s*(.*)$/.exec(line);
    let rest = line;
    if (section) {
      inCore = section[1]!.toLowerCase() === 'core';
      rest = section[2]!;
    }
    const kv = /^hookspath\s*=\s*("?)(.*?)\1\s*(?:[#;].*)?$/i.exec(rest);
    if (inCore && kv) value = kv[2];
  }
  return value;
}

function readSmall(file: string): string | undefined {
  try {
    const st = lstatSync(file);
    if (!st.isFile() || st.size > MAX_CONFIG_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
