import { randomUUID } from 'node:crypto';
import { CoworkError, type WorkspaceSession } from '../contracts/index.js';
import type { CallContext, Enclave } from '../enclave/index.js';
import type { EventLog } from '../store/index.js';
import { TerminalSession } from './terminal-session.js';

/** Live terminals at once; a runaway agent cannot open hundreds of shells. */
const MAX_LIVE_TERMINALS = 16;
/** Ended sessions are listed (and readable) until this many newer ones pushed them out. */
const MAX_ENDED = 32;

export interface OpenTerminal {
  argv?: string[] | undefined;
  command?: string | undefined;
  cwd: string;
  cols?: number | undefined;
  rows?: number | undefined;
  title?: string | undefined;
}

/**
 * The workspace sessions the agent and the person share. Every change of state (opened, exited,
 * control taken or handed back) is an event in the daemon's log with the session's id, so the UI's
 * timeline shows it and a reconnecting client backfills it.
 */
export class SessionManager {
  readonly #terminals = new Map<string, TerminalSession>();

  constructor(
    private readonly enclave: Enclave,
    private readonly events: EventLog,
  ) {}

  async openTerminal(input: OpenTerminal, ctx: CallContext): Promise<TerminalSession> {
    const live = [...this.#terminals.values()].filter((t) => !t.exit).length;
    if (live >= MAX_LIVE_TERMINALS)
      throw new CoworkError('CONFLICT', `At most ${MAX_LIVE_TERMINALS} terminals at once; close one first.`);
    const cols = input.cols ?? 120;
    const rows = input.rows ?? 32;
    const pty = await this.enclave.spawnPty(
      { argv: input.argv, command: input.command, cwd: input.cwd, cols, rows },
      ctx,
    );
    const info: WorkspaceSession = {
      id: randomUUID(),
      kind: 'terminal',
      status: 'active',
      controller: ctx.actor === 'agent' ? 'agent' : 'user',
      title: input.title ?? (input.command ?? input.argv?.join(' ') ?? 'shell').slice(0, 200),
      createdAt: new Date().toISOString(),
    };
    const session = new TerminalSession(info, pty, cols, rows, (exit) =>
      this.#emit(info.id, 'session.exited', exit),
    );
    this.#terminals.set(info.id, session);
    this.#forgetOldEnded();
    this.#emit(info.id, 'session.opened', {
      session: info,
      cwd: pty.cwd,
      sandboxed: pty.sandboxed,
      pid: pty.pid,
    });
    return session;
  }

  terminal(id: string): TerminalSession {
    const t = this.#terminals.get(id);
    if (!t) throw new CoworkError('RESOURCE_NOT_FOUND', `No terminal session ${id}.`);
    return t;
  }

  list(): WorkspaceSession[] {
    return [...this.#terminals.values()].map((t) => ({ ...t.info }));
  }

  /**
   * Hands a session to the agent or the person. Only one controls it at a time: the other's input is
   * refused until it is handed back. Every switch is an event in the timeline.
   */
  setController(id: string, controller: 'agent' | 'user'): WorkspaceSession {
    const t = this.terminal(id);
    if (t.info.controller !== controller) {
      t.info.controller = controller;
      this.#emit(id, 'session.controller', { controller });
    }
    return { ...t.info };
  }

  close(id: string): void {
    this.terminal(id).kill();
  }

  async closeAll(): Promise<void> {
    const live = [...this.#terminals.values()].filter((t) => !t.exit);
    for (const t of live) t.kill();
    await Promise.race([Promise.all(live.map((t) => t.waitExit())), new Promise((r) => setTimeout(r, 1000))]);
  }

  #forgetOldEnded(): void {
    const ended = [...this.#terminals.entries()].filter(([, t]) => t.exit);
    for (const [id] of ended.slice(0, Math.max(0, ended.length - MAX_ENDED))) this.#terminals.delete(id);
  }

  #emit(sessionId: string, type: string, payload: unknown): void {
    try {
      this.events.append({ type, sessionId, payload });
    } catch {
      // the daemon is shutting down
    }
  }
}
