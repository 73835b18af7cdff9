/**
 * What a git command does beyond its subcommand's name: global options that load configuration or
 * programs from elsewhere (`-c`, `--exec-path`, `--git-dir`), options that run programs
 * (`--upload-pack`, `--ext-diff`, `grep -O`), history rewrites and loss of unmerged work
 * (`branch -D`, `reset --hard`, `push --force`, `rebase` …), and output of stored file contents
 * that can be a committed secret (`show REV:.env`, `cat-file`, `--binary`, an object named by hash).
 *
 * Committed secrets: `git show REV:PATH` (and every `REV:PATH` argument) is judged as a read of
 * PATH. Patches (`log -p`, `show COMMIT`, `diff REV`) cannot be known statically; the sandbox marks
 * secret patterns `-diff` (git then prints "Binary files differ"), so what bypasses that marking
 * is asked about: `--binary`, `--text`/`-a`, `--textconv`, `cat-file`, `archive`, `fast-export`,
 * `bundle`, `format-patch` (binary by default), `grep --cached` or with revisions, and any object
 * named by a bare hash (a blob's hash is printed in every patch's `index` line).
 */

import { ownValue } from '../own-value.js';

export interface GitFinding {
  decision: 'deny' | 'ask_user';
  kind: 'code' | 'history' | 'blob' | 'secret';
  reason: string;
}

const GLOBAL_FLAGS = new Set([
  '--no-pager',
  '-P',
  '--literal-pathspecs',
  '--glob-pathspecs',
  '--noglob-pathspecs',
  '--icase-pathspecs',
  '--no-replace-objects',
  '--no-optional-locks',
  '--no-lazy-fetch',
  '--no-advice',
  '--version',
  '--help',
  '--html-path',
  '--man-path',
  '--info-path',
]);
const GLOBAL_VALUED = new Set(['-C', '--namespace', '--attr-source']);
const GLOBAL_CODE: Record<string, string> = {
  '-c': 'git -c sets configuration, which can run programs',
  '--config-env': 'git --config-env sets configuration, which can run programs',
  '--exec-path': 'git --exec-path runs git commands from another folder',
  '--git-dir': 'git --git-dir reads configuration (which can run programs) from another folder',
  '--work-tree': 'git --work-tree acts on another folder',
  '--bare': 'git --bare reads configuration from the current folder',
  '-p': 'git --paginate runs a pager',
  '--paginate': 'git --paginate runs a pager',
  '--super-prefix': 'git --super-prefix is internal',
};

/** Options of any subcommand that run a program or write a file. */
const SUB_CODE: Record<string, string> = {
  '--upload-pack': 'runs a program as the remote side',
  '--receive-pack': 'runs a program as the remote side',
  '--exec': 'runs a program as the remote side',
  '--ext-diff': 'runs an external diff program',
  '--output': 'writes a file',
  '--template': 'copies hooks from a template folder',
  '--config': 'sets configuration, which can run programs',
  '--open-files-in-pager': 'runs a pager program',
  '--sendmail-cmd': 'runs a program',
  '--extcmd': 'runs a program',
  '--tool': 'runs a program',
};
const SUBCOMMANDS_RUNNING_CODE: Record<string, string> = {
  difftool: 'git difftool runs a diff program',
  mergetool: 'git mergetool runs a merge program',
  'filter-branch': 'git filter-branch runs code and rewrites history',
  'filter-repo': 'git filter-repo runs code and rewrites history',
  bisect: 'git bisect can run a command and moves the checkout',
  submodule: 'git submodule can run commands in each submodule',
  instaweb: 'git instaweb starts a web server',
  daemon: 'git daemon serves the repository',
  credential: 'git credential prints stored credentials',
  'credential-store': 'git credential prints stored credentials',
  'credential-cache': 'git credential prints stored credentials',
  config: 'git config changes configuration, which can run programs',
  alias: 'git aliases run commands',
};
const BLOB_SUBCOMMANDS: Record<string, string> = {
  'cat-file': 'git cat-file prints stored objects, which can be committed secret files',
  archive: 'git archive packs committed files, which can be secret',
  'fast-export': 'git fast-export prints every committed file, which can be secret',
  bundle: 'git bundle packs committed files, which can be secret',
  'format-patch': 'git format-patch prints binary patches of committed files, which can be secret',
  'unpack-file': 'git unpack-file writes a stored blob to a file',
};
const DIFF_FAMILY = new Set([
  'diff',
  'log',
  'show',
  'diff-tree',
  'diff-index',
  'diff-files',
  'whatchanged',
  'range-diff',
  'stash',
  'reflog',
  'grep',
  'blame',
  'annotate',
  'rev-parse',
]);
const BYPASSES_BINARY = new Set(['--binary', '--text', '-a', '--textconv']);

/** Judges `git ARGS`; `isSecret` says whether a repository path is a secret file. */
export function judgeGit(
  args: readonly string[],
  isSecret: (repoPath: string) => boolean,
  isPath: (arg: string) => boolean,
): GitFinding[] {
  const out: GitFinding[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) break;
    const eq = a.indexOf('=');
    const opt = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const code =
      ownValue(GLOBAL_CODE, opt) ?? (opt.startsWith('-c') && opt.length > 2 ? GLOBAL_CODE['-c'] : undefined);
    if (code) out.push({ decision: 'ask_user', kind: 'code', reason: code });
    else if (GLOBAL_VALUED.has(opt)) {
      if (eq < 0 && !/^-C./.test(a)) i++;
    } else if (!GLOBAL_FLAGS.has(opt))
      out.push({ decision: 'ask_user', kind: 'code', reason: `git option ${opt} is not one Cowork knows` });
  }
  const sub = args[i];
  if (sub === undefined) return out;
  const rest = args.slice(i + 1);
  const has = (...names: string[]) =>
    rest.some((a) => names.includes(a) || names.some((n) => a.startsWith(`${n}=`)));
  const shortHas = (letter: string) =>
    rest.some((a) => /^-[A-Za-z]+$/.test(a) && a.slice(1).includes(letter));
  const history = (reason: string) => out.push({ decision: 'ask_user', kind: 'history', reason });

  const runs = ownValue(SUBCOMMANDS_RUNNING_CODE, sub);
  if (runs) out.push({ decision: 'ask_user', kind: 'code', reason: runs });
  for (const a of rest) {
    const opt = a.startsWith('--') ? a.split('=')[0]! : a;
    const reason = ownValue(SUB_CODE, opt);
    if (reason) out.push({ decision: 'ask_user', kind: 'code', reason: `git ${sub} ${opt} ${reason}` });
  }
  if (sub === 'grep' && (shortHas('O') || rest.some((a) => a.startsWith('-O'))))
    out.push({ decision: 'ask_user', kind: 'code', reason: 'git grep -O runs a pager program' });
  if ((sub === 'clone' || sub === 'fetch' || sub === 'pull' || sub === 'ls-remote') && rest.includes('-u'))
    out.push({
      decision: 'ask_user',
      kind: 'code',
      reason: `git ${sub} -u runs a program as the remote side`,
    });
  if (sub === 'rebase' && (has('--exec') || rest.includes('-x')))
    out.push({ decision: 'ask_user', kind: 'code', reason: 'git rebase --exec runs commands' });

  // history rewrites and loss of work not yet merged or committed
  switch (sub) {
    case 'branch': {
      const del = has('--delete') || shortHas('d');
      const force = has('--force') || shortHas('f');
      if (shortHas('D') || (del && force) || shortHas('M') || shortHas('C') || (force && !del))
        history('git branch with -D/-M/-C/--force deletes or overwrites a branch (work not merged is lost)');
      if (has('--edit-description'))
        out.push({ decision: 'ask_user', kind: 'code', reason: 'runs an editor' });
      break;
    }
    case 'reset':
      if (has('--hard', '--merge', '--keep')) history('git reset --hard discards changes');
      break;
    case 'checkout':
      if (
        rest.includes('--') ||
        rest.includes('.') ||
        has('--force', '--ours', '--theirs', '--patch') ||
        shortHas('f') ||
        shortHas('B')
      )
        history('git checkout of paths or with --force discards changes');
      break;
    case 'switch':
      if (has('--discard-changes', '--force', '--force-create') || shortHas('f') || shortHas('C'))
        history('git switch --discard-changes/--force loses changes');
      break;
    case 'restore':
      if (!(has('--staged') || shortHas('S')) || has('--worktree') || shortHas('W'))
        history('git restore discards changes in the working tree');
      break;
    case 'clean':
      if (has('--force') || shortHas('f')) history('git clean -f deletes files git does not track');
      break;
    case 'push':
      if (
        has('--force', '--force-with-lease', '--force-if-includes', '--mirror', '--delete', '--prune') ||
        shortHas('f') ||
        shortHas('d') ||
        rest.some((a) => !a.startsWith('-') && (a.startsWith('+') || a.startsWith(':')))
      )
        history('git push --force/--delete rewrites or deletes history on the remote');
      break;
    case 'rebase':
      history('git rebase rewrites history');
      break;
    case 'commit':
      if (has('--amend')) history('git commit --amend rewrites the last commit');
      break;
    case 'reflog':
      if (rest[0] === 'expire' || rest[0] === 'delete')
        history('git reflog expire/delete drops recovery points');
      break;
    case 'gc':
      if (has('--prune', '--aggressive')) history('git gc --prune deletes unreachable commits');
      break;
    case 'prune':
    case 'update-ref':
    case 'replace':
    case 'filter-branch':
    case 'filter-repo':
      history(`git ${sub} rewrites or deletes history`);
      break;
    case 'stash':
      if (rest[0] === 'drop' || rest[0] === 'clear') history('git stash drop/clear deletes stashed work');
      break;
    case 'tag':
      if (has('--delete', '--force') || shortHas('d') || shortHas('f'))
        history('git tag -d/-f deletes or moves a tag');
      break;
    case 'worktree':
      if (rest[0] === 'remove' || rest[0] === 'prune') history('git worktree remove deletes a working tree');
      break;
  }

  // stored file contents
  const blob = ownValue(BLOB_SUBCOMMANDS, sub);
  if (blob) out.push({ decision: 'ask_user', kind: 'blob', reason: blob });
  for (const a of rest) {
    const colon = a.startsWith(':/') ? -1 : a.indexOf(':');
    if (colon >= 0 && !a.startsWith('-')) {
      const path = a.slice(colon + 1).replace(/^[0-3]:/, '');
      if (path && isSecret(path.replace(/^\.\//, '')))
        out.push({
          decision: 'deny',
          kind: 'secret',
          reason: `git ${sub} ${a} prints a committed secret file`,
        });
    }
  }
  if (DIFF_FAMILY.has(sub)) {
    for (const a of rest) {
      const opt = a.split('=')[0]!;
      if (
        BYPASSES_BINARY.has(opt) ||
        (sub !== 'grep' && sub !== 'blame' && /^-[A-Za-z]*a[A-Za-z]*$/.test(a) && sub !== 'stash')
      )
        out.push({
          decision: 'ask_user',
          kind: 'blob',
          reason: `git ${sub} ${a} prints stored files as text, which can be committed secret files`,
        });
      if (!a.startsWith('-') && (/^[0-9a-f]{4,64}$/i.test(a.split(/[:.^~]/)[0]!) || a.includes('^{')))
        out.push({
          decision: 'ask_user',
          kind: 'blob',
          reason: `git ${sub} ${a} names an object by hash, which can be a committed secret file`,
        });
    }
    if (sub === 'grep') grepRevisions(rest, isPath, out);
    if (sub === 'grep' && has('--cached'))
      out.push({
        decision: 'ask_user',
        kind: 'blob',
        reason: 'git grep --cached searches stored files, which can be secret',
      });
  }
  return out;
}

/** `git grep PATTERN REV…`: operands before `--` that are not files are revisions (stored blobs). */
function grepRevisions(rest: readonly string[], isPath: (arg: string) => boolean, out: GitFinding[]) {
  const patternGiven = rest.some(
    (a) => a === '-e' || a === '-f' || a.startsWith('--regexp') || a.startsWith('--file'),
  );
  let seenPattern = patternGiven;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--') return;
    if (a.startsWith('-')) {
      if (['-e', '-f', '-m', '-A', '-B', '-C', '--max-depth'].includes(a)) i++;
      continue;
    }
    if (!seenPattern) {
      seenPattern = true;
      continue;
    }
    if (!isPath(a))
      out.push({
        decision: 'ask_user',
        kind: 'blob',
        reason: `git grep ${a} searches stored files, which can be secret`,
      });
  }
}
