import { ownValue } from '../own-value.js';
import { isSystemProgramPath } from '../policy/matchers.js';
import { unwrap, WRAPPER_NAMES } from './wrappers.js';

/**
 * Forms of a command that run *other* code, so a prefix rule that allows the benign form must not
 * allow them: `find -exec`, `xargs`, `bash -c`, `python -c`, `node -e`, `awk '…system()…'`,
 * `env CMD`, `eval`, `trap` … Wrappers (`env`, `nohup`, `timeout`, `nice`, `time`, `command` …, see
 * wrappers.ts) are unwrapped so the wrapped command is what the policy judges. Options of the
 * allowed programs are judged in tool-options.ts, git in git-safety.ts.
 */

export interface CommandView {
  /** The command after unwrapping wrappers: this is what the policy judges. */
  argv: string[];
  /** Why this command is not just itself, if it is not (it runs code it was handed). */
  embedded: string | null;
  /** Names the wrappers set in the command's environment (`env NAME=value`). */
  env: string[];
  /** Files the wrappers write (`time -o FILE`). */
  writes: string[];
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * The name a program is known by: a bare name (looked up in the sandbox's PATH, system folders
 * only) or a path into a system folder. A path anywhere else (`./tools/cat`, `bin/git`) is that
 * file, not the system program, and has no name here.
 */
export function systemName(program: string): string | null {
  if (!program.includes('/')) return program;
  return isSystemProgramPath(program) ? basename(program) : null;
}

/** Programs that take code as an argument, and the flags that introduce it. */
const CODE_FLAGS: Record<string, string[]> = {
  bash: ['-c'],
  sh: ['-c'],
  zsh: ['-c'],
  dash: ['-c'],
  ksh: ['-c'],
  fish: ['-c', '--command'],
  python: ['-c'],
  python3: ['-c'],
  python2: ['-c'],
  node: ['-e', '--eval', '-p', '--print', '-r', '--require', '--import', '--loader', '--experimental-loader'],
  nodejs: ['-e', '--eval', '-p', '--print', '-r', '--require', '--import', '--loader'],
  bun: ['-e', '--eval'],
  deno: ['eval'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  php: ['-r'],
  lua: ['-e'],
  osascript: ['-e'],
  pwsh: ['-c', '-Command'],
};

/** Always code runners, whatever their arguments. */
const ALWAYS_EMBEDDED: Record<string, string> = {
  eval: 'eval runs a string as code',
  source: 'source runs a file as shell code',
  '.': '. runs a file as shell code',
  xargs: 'xargs runs a command built from its input',
  parallel: 'parallel runs commands built from its input',
  watch: 'watch runs a command repeatedly',
  script: 'script runs a command in a new session',
  busybox: 'busybox runs other programs',
  coproc: 'coproc runs a command in the background',
  trap: 'trap runs a string as code later',
  alias: 'alias makes a name run other code',
  hash: 'hash -p makes a name run another program',
  enable: 'enable can load a shared library into the shell',
  complete: 'complete -C runs a command',
  compgen: 'compgen -C runs a command',
  bind: 'bind -x runs a command',
  fc: 'fc runs an editor and commands from history',
  let: 'let evaluates arithmetic (array subscripts run code)',
  mapfile: 'mapfile assigns to arrays (subscripts run code)',
  readarray: 'readarray assigns to arrays (subscripts run code)',
  strace: 'strace runs another command',
  ltrace: 'ltrace runs another command',
  gdb: 'gdb runs programs and code',
  valgrind: 'valgrind runs another command',
  chroot: 'chroot runs another command',
  unshare: 'unshare runs another command',
  nsenter: 'nsenter runs another command',
  flock: 'flock runs another command',
  setpriv: 'setpriv runs another command',
  capsh: 'capsh runs another command',
  'systemd-run': 'systemd-run runs another command',
  runuser: 'runuser runs another command',
  fakeroot: 'fakeroot runs another command',
  unbuffer: 'unbuffer runs another command',
  expect: 'expect runs commands',
};

/** Unwraps wrappers and reports whether the command runs code it was handed. */
export function viewCommand(argv: readonly string[]): CommandView {
  let rest = [...argv];
  const env: string[] = [];
  const writes: string[] = [];
  for (let depth = 0; depth < 10 && rest.length > 0; depth++) {
    const name = systemName(rest[0]!);
    if (name === null || !WRAPPER_NAMES.has(name)) break;
    const u = unwrap(name, rest.slice(1));
    env.push(...u.env);
    writes.push(...u.writes);
    if (u.ask) return { argv: rest, embedded: u.ask, env, writes };
    if (u.noRun || u.rest.length === 0) return { argv: rest, embedded: null, env, writes };
    rest = u.rest;
  }
  if (rest.length === 0) return { argv: [...argv], embedded: null, env, writes };
  return { argv: rest, embedded: embeddedReason(rest), env, writes };
}

function embeddedReason(argv: string[]): string | null {
  const name = systemName(argv[0]!);
  if (name === null) return null; // a program of the project's: judged by its path

  const args = argv.slice(1);
  const always = ownValue(ALWAYS_EMBEDDED, name);
  if (always) return always;
  const versioned = name.replace(/[0-9.]+$/, '');
  const flags = ownValue(CODE_FLAGS, name) ?? ownValue(CODE_FLAGS, versioned);
  // `-c`, and short-flag clusters that contain it (`bash -lc`, `python -Bc`, `node -pe`).
  const isCodeFlag = (a: string) =>
    flags?.some(
      (f) =>
        a === f || (f.length === 2 && a.startsWith('-') && !a.startsWith('--') && a.slice(1).includes(f[1]!)),
    );
  if (flags && args.some(isCodeFlag)) {
    return `${name} runs code given on the command line`;
  }
  switch (name) {
    case 'tar':
      return tarRunsCode(args);
    case 'rsync':
      if (args.some((a) => a === '-e' || a.startsWith('--rsh') || a.startsWith('--rsync-path')))
        return 'rsync option runs a program';
      return null;
    case 'less':
    case 'more':
    case 'man':
      return `${name} can run shell commands interactively`;
    case 'vim':
    case 'vi':
    case 'nvim':
    case 'emacs':
      return `${name} can run shell commands`;
    default:
      return null;
  }
}

const TAR_CODE = [
  '--to-command',
  '--use-compress-program',
  '--checkpoint-action',
  '--info-script',
  '--new-volume-script',
  '--rsh-command',
  '--rmt-command',
];

/** tar options that run a program: `-I PROG`, `-F SCRIPT`, `--to-command` … (also in `tar xIf`). */
function tarRunsCode(args: string[]): string | null {
  for (const [i, a] of args.entries()) {
    if (TAR_CODE.some((o) => a === o || a.startsWith(`${o}=`))) return 'tar option runs a program';
    const cluster =
      a.startsWith('-') && !a.startsWith('--') ? a.slice(1) : i === 0 && !a.startsWith('-') ? a : '';
    if (/[IF]/.test(cluster)) return 'tar option runs a program';
  }
  return null;
}
