/**
 * Git inside the sandbox: secret files are masked in the working tree, but their committed
 * contents still sit in `.git/objects`, and `git diff` / `git log -p` / `git grep REV` would print
 * them. The sandbox's git reads a global attributes file (through `GIT_CONFIG_GLOBAL`) that marks
 * every secret pattern `-diff`: patches and greps then say "Binary files differ" instead of the
 * bytes. What attributes cannot stop (`git show REV:PATH`, `cat-file`, `--binary`, `--text`) the
 * command planner refuses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the two files appear inside the sandbox. */
export const SANDBOX_GITCONFIG = '/run/cowork/gitconfig';
export const SANDBOX_GITATTRIBUTES = '/run/cowork/gitattributes';

/** One gitattributes line per secret glob (a folder pattern covers what is inside it). */
export function secretAttributes(globs: readonly string[]): string {
  const lines = ['# Written by Cowork: secret files are binary to git here (no content in patches).'];
  for (const glob of globs) {
    if (glob.startsWith('~/') || glob.startsWith('/')) continue; // home paths: never inside a repo's tree
    if (/\s/.test(glob)) continue; // attributes patterns cannot hold spaces (macOS folders)
    const anywhere = glob.includes('/') ? `**/${glob}` : glob;
    lines.push(`${anywhere} -diff -merge`, `${anywhere}/** -diff -merge`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the sandbox's git files into Cowork's run folder (once per set of globs) and returns the
 * host paths to bind read-only at `SANDBOX_GITCONFIG` / `SANDBOX_GITATTRIBUTES`.
 */
export function writeGitSandboxFiles(runDir: string, globs: readonly string[]): { config: string; attributes: string } {
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const config = join(runDir, 'sandbox-gitconfig');
  const attributes = join(runDir, 'sandbox-gitattributes');
  writeFileSync(attributes, secretAttributes(globs), { mode: 0o644 });
  writeFileSync(config, `[core]\n\tattributesFile = ${SANDBOX_GITATTRIBUTES}\n`, { mode: 0o644 });
  return { config, attributes };
}
