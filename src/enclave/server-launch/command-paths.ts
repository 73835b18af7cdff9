/**
 * The paths on a stdio server's command line, split in two: its program, which it needs read-only
 * to run at all, and everything else — data paths, which are only *offered* to the person as
 * grants (read-only by default) and mounted once taken at enable, never silently.
 */
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { Grant } from '../policy/evaluate.js';

/** Folders every sandbox sees read-only anyway. */
const SYSTEM = /^\/(usr|bin|sbin|lib|lib64|etc|opt)\//;

/** Programs that run a script named later on the line: the script is the program. */
const INTERPRETERS = /^(node|nodejs|deno|bun|tsx|ts-node|python[0-9.]*|ruby|perl|php|bash|sh|dash|zsh|java)$/;

export interface CommandPaths {
  /** Read-only folders (or files) the program needs: never a parent folder widened to. */
  program: Grant[];
  /** Other existing absolute paths on the line, for the person to grant. */
  offered: Grant[];
}

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

export function commandPaths(argv: readonly string[], home = homedir()): CommandPaths {
  const script = programToken(argv);
  const program = script ? programMounts(script, home) : [];
  const offered: Grant[] = [];
  for (const token of argv.slice(1)) {
    const path = pathIn(token);
    if (!path || path === script || SYSTEM.test(`${path}/`) || !existsSync(path)) continue;
    if (program.some((p) => p.path === path)) continue;
    if (!offered.some((o) => o.path === path)) offered.push({ path, mode: 'ro' });
  }
  return { program, offered };
}

/** An absolute path in a token: the token itself, or the value of `--flag=/path`. */
function pathIn(token: string): string | undefined {
  if (isAbsolute(token)) return token.replace(/\/+$/, '') || '/';
  const eq = token.indexOf('=');
  const value = eq > 0 && token.startsWith('-') ? token.slice(eq + 1) : '';
  return isAbsolute(value) ? value.replace(/\/+$/, '') || '/' : undefined;
}

/** The program's file: the command itself, or for an interpreter the first script file after it. */
function programToken(argv: readonly string[]): string | undefined {
  const [command = ''] = argv;
  if (!INTERPRETERS.test(basename(command)))
    return isAbsolute(command) && !SYSTEM.test(command) && isFile(command) ? command : undefined;
  return argv.slice(1).find((t) => isAbsolute(t) && !SYSTEM.test(t) && isFile(t));
}

/**
 * A script inside `node_modules` gets that `node_modules` (its dependencies live beside it). Any
 * other script gets its own folder — or the file alone when that folder is the person's home or
 * the root — plus the `node_modules` folders Node resolves its imports from (each one only, never
 * the folder that holds it).
 */
function programMounts(script: string, home: string): Grant[] {
  const modules = script.indexOf('/node_modules/');
  if (modules >= 0) return [{ path: script.slice(0, modules + '/node_modules'.length), mode: 'ro' }];
  const folder = dirname(script);
  const wide = folder === '/' || folder === home || isAncestor(folder, home);
  const mounts: Grant[] = [{ path: wide ? script : folder, mode: 'ro' }];
  for (let dir = folder; ; dir = dirname(dir)) {
    const nm = join(dir, 'node_modules');
    // A link inside the mounted folder cannot be a mount point: its target is mounted instead.
    if (existsSync(nm))
      mounts.push({
        path: dir === folder && !wide && lstatSync(nm).isSymbolicLink() ? realpathSync(nm) : nm,
        mode: 'ro',
      });
    if (dirname(dir) === dir) break;
  }
  return mounts;
}

const isAncestor = (dir: string, of: string) => of.startsWith(dir === '/' ? '/' : `${dir}/`);
