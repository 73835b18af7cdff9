/**
 * Git inside the sandbox: secret files are masked in the working tree, but their committed
 * contents still sit in `.git/objects`, and `git diff` / `git log -p` / `git grep REV` would print
 * them. The sandbox's git reads a global config (`GIT_CONFIG_GLOBAL`) whose attributes file marks
 * every secret pattern `-diff`: patches and greps then say "Binary files differ" instead of the
 * bytes. What attributes cannot stop (`git show REV:PATH`, `cat-file`, `--binary`, `--text`, a
 * repository's own `.gitattributes`, which git ranks above this file) the command planner judges
 * (git-safety.ts).
 */

/** Where the two files appear inside the sandbox. */
export const SANDBOX_GITCONFIG = '/run/cowork/gitconfig';
export const SANDBOX_GITATTRIBUTES = '/run/cowork/gitattributes';

/** Key files decided by content elsewhere; in patches they are binary whatever they hold. */
const KEY_FILE_NAMES = ['*.pem', '*.key'];

/**
 * One gitattributes line per secret glob (and one for what is inside a folder pattern). Extglob
 * exceptions (`.env.!(example)`) cannot be written as attributes: they widen to `*`, which only
 * makes an example file's patch say "binary".
 */
export function secretAttributes(globs: readonly string[]): string {
  const lines = ['# Written by Cowork: secret files are binary to git in the sandbox.'];
  for (const glob of [...globs, ...KEY_FILE_NAMES]) {
    if (glob.startsWith('~/') || glob.startsWith('/')) continue; // home paths: not in a work tree
    const pattern = glob.replace(/[!@+?*]\([^)]*\)/g, '*').replace(/ /g, '[ ]');
    const anywhere = pattern.includes('/') ? `**/${pattern}` : pattern;
    lines.push(`${anywhere} -diff -merge`, `${anywhere}/** -diff -merge`);
  }
  return `${lines.join('\n')}\n`;
}

/** The sandbox's global git config: only the attributes file. */
export const sandboxGitConfig = () => `[core]\n\tattributesFile = ${SANDBOX_GITATTRIBUTES}\n`;

/** Environment of the sandbox's git: the config above, and no pager (there is no terminal). */
export const SANDBOX_GIT_ENV = { GIT_CONFIG_GLOBAL: SANDBOX_GITCONFIG, GIT_PAGER: 'cat' } as const;
