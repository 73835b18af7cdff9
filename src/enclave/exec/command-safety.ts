/**
 * Forms of a command that run *other* code, so a prefix rule that allows the benign form must not
 * allow them: `find -exec`, `xargs`, `bash -c`, `python -c`, `node -e`, `awk '…system()…'`,
 * `git -c core.pager=…`, `env CMD`, `eval` … Wrappers (`env`, `nohup`, `timeout`, `nice`, `time`,
 * `command`) are unwrapped so the wrapped command is what the policy judges.
 */

export interface CommandView {
  /** The command after unwrapping wrappers: this is what the policy judges. */
  argv: string[];
  /** Why this command is not just itself, if it is not. */
  embedded: string | null;
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

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
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
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
  exec: 'exec replaces the shell with another command',
  source: 'source runs a file as shell code',
  '.': '. runs a file as shell code',
  xargs: 'xargs runs a command built from its input',
  parallel: 'parallel runs commands built from its input',
  watch: 'watch runs a command repeatedly',
  script: 'script runs a command in a new session',
  busybox: 'busybox runs other programs',
};

const WRAPPERS = new Set([
  'env',
  'nohup',
  'timeout',
  'nice',
  'time',
  'command',
  'builtin',
  'stdbuf',
  'ionice',
  'chrt',
  'taskset',
]);

/** Unwraps wrappers and reports whether the command runs code it was handed. */
export function viewCommand(argv: readonly string[]): CommandView {
  let rest = [...argv];
  for (let depth = 0; depth < 10 && rest.length > 0; depth++) {
    const name = basename(rest[0]!);
    if (!WRAPPERS.has(name)) break;
    if (name === 'env' && rest.some((a) => a === '-S' || a.startsWith('--split-string'))) {
      return { argv: rest, embedded: 'env -S splits a string into a command' };
    }
    rest = skipWrapperOptions(name, rest.slice(1));
  }
  if (rest.length === 0) return { argv: [...argv], embedded: null };
  return { argv: rest, embedded: embeddedReason(rest) };
}

/** Drops a wrapper's own options (and `VAR=value` for env, the duration for timeout, …). */
function skipWrapperOptions(name: string, args: string[]): string[] {
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--') return args.slice(i + 1);
    if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) break;
    // options that take a value as the next argument
    if (
      [
        '-u',
        '--unset',
        '-C',
        '--chdir',
        '-n',
        '-s',
        '--signal',
        '-k',
        '--kill-after',
        '-i',
        '-o',
        '-e',
        '-c',
        '-p',
      ].includes(a)
    )
      i++;
    i++;
  }
  if (name === 'timeout' && i < args.length) i++; // the duration
  return args.slice(i);
}

function embeddedReason(argv: string[]): string | null {
  const name = basename(argv[0]!);
  const args = argv.slice(1);
  const always = ALWAYS_EMBEDDED[name];
  if (always) return always;
  const versioned = name.replace(/[0-9.]+$/, '');
  const flags = CODE_FLAGS[name] ?? CODE_FLAGS[versioned];
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
    case 'find':
      if (
        args.some((a) =>
          [
            '-exec',
            '-execdir',
            '-ok',
            '-okdir',
            '-delete',
            '-fprint',
            '-fprintf',
            '-fls',
            '-fprint0',
          ].includes(a),
        )
      ) {
        return 'find runs commands or writes files for what it finds';
      }
      return null;
    case 'git':
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (
          a === '-c' ||
          a.startsWith('--config-env') ||
          a.startsWith('--exec-path') ||
          a === '--upload-pack' ||
          a.startsWith('--upload-pack=')
        ) {
          return 'git with command-line configuration can run arbitrary programs';
        }
        if (!a.startsWith('-')) break;
      }
      if (
        args.some((a) => a.startsWith('--ext-diff') || a.startsWith('--textconv') || a.startsWith('--output'))
      ) {
        return 'this git option runs external programs or writes files';
      }
      return null;
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'nawk':
      if (args.some((a) => /system\s*\(|\|\s*getline|\|&|print[^;]*\|\s*"/.test(a) || /^-f/.test(a))) {
        return 'awk program can run commands';
      }
      return null;
    case 'sed':
    case 'gsed':
      // The `e` command (after any address: `1e cmd`, `$e`, `/re/e cmd`) and the `s///e` flag run commands.
      if (args.some((a) => /(^|[;{}\n0-9$/])\s*e(\s|$|;)|\/e\b|\bw\s+\//.test(a))) {
        return 'sed script can run commands or write files';
      }
      return null;
    case 'tar':
      if (
        args.some(
          (a) =>
            a.startsWith('--to-command') ||
            a.startsWith('--use-compress-program') ||
            a === '-I' ||
            a.startsWith('--checkpoint-action'),
        )
      ) {
        return 'tar option runs a program';
      }
      return null;
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
