/**
 * Wrappers run another command (`env -i X`, `timeout 5 X`, `nice -n 5 X` …). Each is unwrapped by
 * its real option grammar — which options take a value, which operands come before the command —
 * so the command that runs is what the policy judges. An option a wrapper's grammar does not list
 * is never guessed at: the command is put to the person.
 */

interface WrapperGrammar {
  /** Options without a value. */
  flags: readonly string[];
  /** Options with a value (the next argument, `--long=value`, or attached to a short option). */
  valued: readonly string[];
  /** Valued options whose value is a file the wrapper writes. */
  writes?: readonly string[];
  /** Options that make the wrapper run a string as a command, or act elsewhere: asked about. */
  ask?: Readonly<Record<string, string>>;
  /** Operands before the command (timeout's duration, chrt's priority, taskset's mask). */
  operands?: number;
  /** `NAME=value` words set the command's environment (env). */
  assignments?: boolean;
  /** Options after which nothing runs (`command -v`): the wrapper itself is the command. */
  noRun?: readonly string[];
  /** A leading `-N` is a value (nice's old syntax). */
  numericFlag?: boolean;
}

const GRAMMARS: Record<string, WrapperGrammar> = {
  env: {
    flags: ['-i', '--ignore-environment', '-0', '--null', '-v', '--debug', '-'],
    valued: ['-u', '--unset'],
    ask: {
      '-S': 'env -S splits a string into a command',
      '--split-string': 'env -S splits a string into a command',
      '-C': 'env -C runs the command in another folder',
      '--chdir': 'env -C runs the command in another folder',
    },
    assignments: true,
  },
  // GNU time; bash's `time` keyword takes only -p (anything else it runs as the command).
  time: {
    flags: ['-p', '--portability', '-v', '--verbose', '-q', '--quiet', '-a', '--append'],
    valued: ['-f', '--format', '-o', '--output'],
    writes: ['-o', '--output'],
  },
  command: { flags: ['-p', '-v', '-V'], valued: [], noRun: ['-v', '-V'] },
  builtin: { flags: [], valued: [] },
  nice: { flags: [], valued: ['-n', '--adjustment'], numericFlag: true },
  nohup: { flags: [], valued: [] },
  timeout: {
    flags: ['--foreground', '--preserve-status', '-v', '--verbose'],
    valued: ['-s', '--signal', '-k', '--kill-after'],
    operands: 1,
  },
  stdbuf: { flags: [], valued: ['-i', '--input', '-o', '--output', '-e', '--error'] },
  ionice: {
    flags: ['-t', '--ignore'],
    valued: ['-c', '--class', '-n', '--classdata'],
    ask: {
      '-p': 'ionice -p changes another process',
      '--pid': 'ionice -p changes another process',
      '-P': 'ionice -P changes other processes',
      '--pgid': 'ionice -P changes other processes',
      '-u': 'ionice -u changes other processes',
      '--uid': 'ionice -u changes other processes',
    },
  },
  chrt: {
    flags: [
      '-a',
      '--all-tasks',
      '-b',
      '--batch',
      '-d',
      '--deadline',
      '-e',
      '--ext',
      '-f',
      '--fifo',
      '-i',
      '--idle',
      '-o',
      '--other',
      '-r',
      '--rr',
      '-R',
      '--reset-on-fork',
      '-v',
      '--verbose',
    ],
    valued: ['-T', '--sched-runtime', '-P', '--sched-period', '-D', '--sched-deadline'],
    ask: { '-p': 'chrt -p changes another process', '--pid': 'chrt -p changes another process' },
    operands: 1,
  },
  taskset: {
    flags: ['-a', '--all-tasks', '-c', '--cpu-list'],
    valued: [],
    ask: { '-p': 'taskset -p changes another process', '--pid': 'taskset -p changes another process' },
    operands: 1,
  },
  setsid: { flags: ['-c', '--ctty', '-f', '--fork', '-w', '--wait'], valued: [] },
  exec: { flags: ['-c', '-l'], valued: ['-a'] },
};

export const WRAPPER_NAMES: ReadonlySet<string> = new Set(Object.keys(GRAMMARS));

export interface Unwrapped {
  /** What the wrapper runs; empty when it runs nothing (`env` alone prints the environment). */
  rest: string[];
  /** `env NAME=value`: names set for the command. */
  env: string[];
  /** Files the wrapper writes (`time -o FILE`). */
  writes: string[];
  /** Why this wrapper use is put to the person, if it is. */
  ask: string | null;
  /** The wrapper runs nothing (`command -v x`): judge the wrapper itself. */
  noRun: boolean;
}

/** Parses one wrapper's own options and operands off the front of `args`. */
export function unwrap(name: string, args: readonly string[]): Unwrapped {
  const g = GRAMMARS[name]!;
  const out: Unwrapped = { rest: [], env: [], writes: [], ask: null, noRun: false };
  const takeValue = (opt: string, value: string | undefined) => {
    if (g.writes?.includes(opt) && value !== undefined) out.writes.push(value);
  };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (g.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      out.env.push(a.slice(0, a.indexOf('=')));
      continue;
    }
    if (!a.startsWith('-') || (a === '-' && !g.flags.includes(a))) break;
    if (g.numericFlag && /^-[0-9]+$/.test(a)) continue;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const opt = eq < 0 ? a : a.slice(0, eq);
      if (g.ask?.[opt]) return { ...out, ask: g.ask[opt]! };
      if (g.flags.includes(opt) && eq < 0) continue;
      if (g.valued.includes(opt)) {
        takeValue(opt, eq < 0 ? args[++i] : a.slice(eq + 1));
        continue;
      }
      return { ...out, ask: `${name} option ${opt} is not one Cowork knows` };
    }
    if (g.flags.includes(a)) {
      if (g.noRun?.includes(a)) out.noRun = true;
      continue;
    }
    // a cluster of short options, the last possibly with its value attached: `-iv`, `-n5`, `-ofile`
    for (let c = 1; c < a.length; c++) {
      const opt = `-${a[c]}`;
      if (g.ask?.[opt]) return { ...out, ask: g.ask[opt]! };
      if (g.flags.includes(opt)) {
        if (g.noRun?.includes(opt)) out.noRun = true;
        continue;
      }
      if (g.valued.includes(opt)) {
        takeValue(opt, c + 1 < a.length ? a.slice(c + 1) : args[++i]);
        break;
      }
      return { ...out, ask: `${name} option ${opt} is not one Cowork knows` };
    }
  }
  i += g.operands ?? 0;
  out.rest = args.slice(i);
  return out;
}
