/**
 * Terminal sessions: a program (an interactive shell by default) in a pseudo-terminal, decided like
 * a command (`pty.spawn` requests, the same shell-line analysis), confined by the same sandbox, but
 * streamed and long-lived. The PTY keeps the program's controlling terminal (see SandboxSpec.tty).
 */
import type { IPty } from '@lydell/node-pty';
import { CoworkError } from '../../contracts/index.js';
import { clip } from '../audit/redact.js';
import { DEFAULT_LIMITS, rlimitPrelude } from '../exec/limits.js';
import { bwrapAvailable, launchInSandbox } from '../exec/linux-bwrap.js';
import { type SandboxLaunch, sandboxLaunch } from '../exec/sandbox-launch.js';
import type { CallContext, Plan, PlanContext } from '../plan.js';
import { planCommand, sandboxSpec } from './exec.js';

export interface PtyOptions {
  /** The program; without argv or command, an interactive bash. */
  argv?: string[] | undefined;
  command?: string | undefined;
  cwd?: string | undefined;
  cols: number;
  rows: number;
}

/** A running terminal program. Output arrives as raw bytes (no decoding: a UTF-8 sequence may span chunks). */
export interface PtyProcess {
  readonly pid: number;
  readonly sandboxed: boolean;
  readonly cwd: string;
  readonly argv: readonly string[];
  onData(listener: (data: Buffer) => void): void;
  onExit(listener: (exit: { exitCode: number; signal: number | null }) => void): void;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  /** Flow control: stop reading the PTY (the program blocks on a full buffer) and go on. */
  pause(): void;
  resume(): void;
  kill(): void;
}

const TERMINAL_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp/home',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
  TERM: 'xterm-256color',
  COLORTERM: 'truecolor',
  PS1: '\\w\\$ ',
};

export async function planPty(
  x: PlanContext,
  opts: PtyOptions,
  ctx: CallContext,
  started: (p: PtyProcess) => void,
): Promise<Plan> {
  const interactive = opts.argv === undefined && opts.command === undefined;
  const args = interactive ? { ...opts, argv: ['/bin/bash', '--noprofile', '--norc', '-i'] } : opts;
  const { cwd, requests, extra, argv, display } = await planCommand(x, args, ctx, 'pty.spawn');
  return {
    requests,
    extraDecisions: extra,
    target: `terminal: ${clip(display, 2000)} (in ${cwd.real})`,
    title: interactive
      ? `Open a terminal in ${cwd.real}`
      : `Run \`${clip(display, 300)}\` in a terminal in ${cwd.real}`,
    detail: () => `Terminal program:\n${display}\nFolder: ${cwd.real}`,
    recheck: [cwd],
    writes: false,
    effect: async () => {
      const sandbox = bwrapAvailable();
      const unsandboxed = !sandbox.ok && x.policy.source.sandbox.allowUnsandboxed;
      if (!sandbox.ok && !unsandboxed)
        throw new CoworkError(
          'SANDBOX_UNAVAILABLE',
          `Terminals run only inside the OS sandbox, which cannot start: ${sandbox.reason}.`,
        );
      const spec = {
        ...sandboxSpec(x, cwd.real),
        env: TERMINAL_ENV,
        tty: true,
        proxySocket: unsandboxed ? undefined : await x.egressSocket(),
      };
      const launch: SandboxLaunch = unsandboxed ? unsandboxedLaunch(argv) : sandboxLaunch(spec, argv);
      const { spawn } = await import('@lydell/node-pty');
      const pty = spawn(launch.file, launch.args, {
        name: 'xterm-256color',
        cols: opts.cols,
        rows: opts.rows,
        cwd: cwd.real,
        env: unsandboxed ? TERMINAL_ENV : {},
        encoding: null,
      } as Parameters<typeof spawn>[2]);
      pty.onExit(() => launch.cgroup?.dispose());
      started(wrap(pty, !unsandboxed, cwd.real, argv));
      return {
        content: [{ type: 'text', text: `Terminal started (pid ${pty.pid}).` }],
        sandboxed: !unsandboxed,
      };
    },
  };
}

/** The person chose to run without the sandbox: the program with the rlimits only. */
function unsandboxedLaunch(argv: readonly string[]): SandboxLaunch {
  const inner = launchInSandbox(argv, {
    withProxy: false,
    prelude: rlimitPrelude(DEFAULT_LIMITS, undefined),
  });
  return { file: inner[0]!, args: inner.slice(1), cgroup: undefined };
}

function wrap(pty: IPty, sandboxed: boolean, cwd: string, argv: readonly string[]): PtyProcess {
  return {
    pid: pty.pid,
    sandboxed,
    cwd,
    argv,
    onData: (listener) => {
      pty.onData((d) => listener(typeof d === 'string' ? Buffer.from(d) : (d as unknown as Buffer)));
    },
    onExit: (listener) => {
      pty.onExit(({ exitCode, signal }) => listener({ exitCode, signal: signal || null }));
    },
    write: (data) => pty.write(typeof data === 'string' ? data : data.toString('utf8')),
    resize: (cols, rows) => pty.resize(cols, rows),
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    kill: () => {
      try {
        process.kill(-pty.pid, 'SIGKILL'); // the whole session: the shell and what it started
      } catch {
        pty.kill('SIGKILL');
      }
    },
  };
}

/**
 * A command line the agent types into a terminal: an approved shell is not a blank cheque, so each
 * line is decided like that command (`pty.spawn` requests from the same shell-line analysis), then
 * sent with Enter.
 */
export async function planTyping(
  x: PlanContext,
  pty: PtyProcess,
  line: string,
  ctx: CallContext,
): Promise<Plan> {
  const c = await planCommand(x, { command: line, cwd: pty.cwd }, ctx, 'pty.spawn');
  return {
    requests: c.requests,
    extraDecisions: c.extra,
    target: `terminal ${pty.pid}: ${clip(line, 2000)}`,
    title: `Type \`${clip(line, 300)}\` in the terminal (${c.cwd.real})`,
    detail: () => `Command:\n${line}\nTerminal started in: ${c.cwd.real}`,
    recheck: [c.cwd],
    writes: false,
    effect: () => {
      pty.write(`${line}\r`);
      return { content: [{ type: 'text', text: 'typed' }], sandboxed: pty.sandboxed };
    },
  };
}
