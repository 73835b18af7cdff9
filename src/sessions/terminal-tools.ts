/**
 * The agent's terminal tools. Opening a terminal is decided like the command it runs; every line the
 * agent types is decided again (`Enclave.typeIntoTerminal`). A terminal the person took control of
 * refuses the agent's input until it is handed back — and the agent is told why.
 */
import * as z from 'zod/mini';
import type { ToolResult } from '../contracts/index.js';
import {
  type CallContext,
  type Enclave,
  localToolSpec,
  parseToolArgs,
  toolFailure,
  toolText,
} from '../enclave/index.js';
import { sessionForAgent } from './agent-access.js';
import type { SessionManager } from './session-manager.js';
import type { TerminalSession } from './terminal-session.js';

const OpenArgs = z.strictObject({
  /** A program to run (a dev server, a REPL); without it, a shell. */
  command: z.optional(z.string().check(z.minLength(1), z.maxLength(4000))),
  cwd: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
  title: z.optional(z.string().check(z.maxLength(200))),
});
const RunArgs = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  input: z.string().check(z.minLength(1), z.maxLength(4000)),
  /** How long to wait for output to settle (ms). */
  waitMs: z.optional(z.int().check(z.minimum(100), z.maximum(30_000))),
});
const ReadArgs = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  lines: z.optional(z.int().check(z.minimum(1), z.maximum(2000))),
});

/** Output is "done" when nothing new arrived for this long. */
const QUIET_MS = 300;

/** Waits until the terminal has been quiet for QUIET_MS (or exited), at most `maxMs`. */
async function settle(t: TerminalSession, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  let seen = t.scrollback.written;
  let quietSince = Date.now();
  while (Date.now() < deadline && !t.exit) {
    await new Promise((r) => setTimeout(r, 50));
    if (t.scrollback.written !== seen) {
      seen = t.scrollback.written;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= QUIET_MS) return;
  }
}

function status(t: TerminalSession): string {
  return t.exit ? `\n[terminal ${t.info.id} exited with code ${t.exit.exitCode}]` : '';
}

export function terminalTools(sessions: SessionManager, enclave: Enclave) {
  /** The terminal the call names; `act`: one the agent controls. */
  const find = (id: string, callId: string, act: boolean) =>
    sessionForAgent((x) => sessions.terminal(x), id, { callId, noun: 'terminal', act });

  const open = {
    spec: localToolSpec({
      name: 'terminal.open',
      description:
        'Open a terminal the person can watch: a shell, or a long-running program (a dev server, a REPL). Returns its id and first output. Use terminal_run to type into it.',
      args: OpenArgs,
      readOnly: false,
      policyAction: 'pty.spawn',
      scope: 'terminal',
    }),
    async call(raw: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
      const parsed = parseToolArgs('terminal.open', OpenArgs, raw);
      if (!parsed.ok) return parsed.result;
      const { command, cwd, title } = parsed.args;
      const t = await sessions.openTerminal({ command, cwd: cwd ?? ctx.cwd ?? '.', title }, ctx);
      await settle(t, 2000);
      return toolText(
        'terminal.open',
        `Terminal ${t.info.id} is open.\n${t.scrollback.tail(40)}${status(t)}`,
      );
    },
  };

  const run = {
    spec: localToolSpec({
      name: 'terminal.run',
      description:
        'Type a command line into a terminal you opened (Enter is added) and return the output that follows, once it settles. Each line is checked like a command.',
      args: RunArgs,
      readOnly: false,
      policyAction: 'pty.spawn',
      scope: 'terminal',
    }),
    async call(raw: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
      const parsed = parseToolArgs('terminal.run', RunArgs, raw);
      if (!parsed.ok) return parsed.result;
      const { id, input, waitMs } = parsed.args;
      const found = find(id, 'terminal.run', true);
      if (!found.ok) return found.result;
      const t = found.session;
      if (t.exit) return toolFailure('terminal.run', 'CONFLICT', `The terminal has exited.${status(t)}`);
      const mark = t.scrollback.written;
      const typed = await enclave.typeIntoTerminal(t.pty, input, ctx);
      if (!typed.success) return typed;
      await settle(t, waitMs ?? 5000);
      return toolText('terminal.run', `${t.scrollback.since(mark)}${status(t)}`);
    },
  };

  const read = {
    spec: localToolSpec({
      name: 'terminal.read',
      description: "Read the last lines of a terminal's output (plain text).",
      args: ReadArgs,
      readOnly: true,
      policyAction: 'pty.spawn',
      scope: 'terminal',
    }),
    async call(raw: Record<string, unknown>): Promise<ToolResult> {
      const parsed = parseToolArgs('terminal.read', ReadArgs, raw);
      if (!parsed.ok) return parsed.result;
      const found = find(parsed.args.id, 'terminal.read', false);
      if (!found.ok) return found.result;
      const t = found.session;
      return toolText('terminal.read', `${t.scrollback.tail(parsed.args.lines ?? 100)}${status(t)}`);
    },
  };
  return [open, run, read];
}
