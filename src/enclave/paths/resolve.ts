import { constants, lstatSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import { type Grant, grantFor } from '../policy/evaluate.js';

export const MAX_PATH_LENGTH = 4096;
const MAX_COMPONENT_BYTES = 255;
/** Never served, even if someone grants `/`: kernel interfaces that alias other paths or processes. */
const FORBIDDEN_ROOTS = ['/proc', '/sys', '/dev'];

export interface ResolvedPath {
  /** What the caller asked for, made absolute. */
  requested: string;
  /** Every symlink resolved; for a path that does not exist yet, its deepest existing folder resolved. */
  real: string;
  exists: boolean;
  grant: Grant | undefined;
}

function deny(message: string, details?: Record<string, unknown>): never {
  throw new CoworkError('PERMISSION_DENIED', message, details);
}

/**
 * Resolves a path the way the enclave trusts: validated, absolute, normalised, every symlink
 * resolved (`realpath`), then located in the grant that really contains it. Does not decide
 * policy — the caller checks `grant` and the rules against `real`.
 */
export function resolveSafePath(input: unknown, cwd: string, grants: readonly Grant[]): ResolvedPath {
  if (typeof input !== 'string' || input.length === 0)
    throw new CoworkError('INVALID_ARGUMENTS', 'A path must be a non-empty string.');
  if (input.length > MAX_PATH_LENGTH)
    throw new CoworkError('INVALID_ARGUMENTS', `Path longer than ${MAX_PATH_LENGTH} characters.`);
  if (input.includes('\0')) throw new CoworkError('INVALID_ARGUMENTS', 'Path contains a NUL byte.');
  if (!input.isWellFormed()) throw new CoworkError('INVALID_ARGUMENTS', 'Path is not valid Unicode.');
  if (!isAbsolute(cwd)) throw new CoworkError('INVALID_ARGUMENTS', 'Working folder must be absolute.');

  const expanded =
    input === '~' ? homedir() : input.startsWith('~/') ? join(homedir(), input.slice(2)) : input;
  const requested = resolve(cwd, expanded);
  for (const part of requested.split(sep)) {
    if (Buffer.byteLength(part) > MAX_COMPONENT_BYTES)
      throw new CoworkError('INVALID_ARGUMENTS', 'A path component is too long.');
  }
  const { real, exists } = realpathAllowingMissingTail(requested);
  if (FORBIDDEN_ROOTS.some((r) => real === r || real.startsWith(`${r}/`))) {
    deny(`${requested} resolves into ${real}, which is never accessible.`, { real });
  }
  return { requested, real, exists, grant: grantFor(real, grants) };
}

/** realpath of the deepest existing ancestor, plus the part that does not exist yet. */
function realpathAllowingMissingTail(absolute: string): { real: string; exists: boolean } {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = realpathSync.native(current);
      if (missing.length > 0 && !lstatSync(real).isDirectory()) {
        throw new CoworkError('INVALID_ARGUMENTS', `${current} is not a folder.`);
      }
      return {
        real: missing.length === 0 ? real : join(real, ...missing.reverse()),
        exists: missing.length === 0,
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') deny(`${absolute} contains a symlink loop.`);
      if (code === 'ENAMETOOLONG') throw new CoworkError('INVALID_ARGUMENTS', 'Path too long.');
      if (code === 'EACCES') deny(`${current} cannot be read.`);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      // A dangling symlink must not be treated as "missing" (its target could be anywhere).
      if (isSymlink(current)) deny(`${current} is a symlink to a path that does not exist.`);
      const parent = dirname(current);
      if (parent === current) throw err;
      missing.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export const OPEN_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
export const OPEN_DIRECTORY = constants.O_DIRECTORY ?? 0;
