import type { WorkspaceSession } from '../contracts/index.js';
import type { PtyProcess } from '../enclave/index.js';
import { Scrollback } from './scrollback.js';

/** Where a terminal's output goes: one attached client (a UI view, `cowork terminal exec`). */
export interface TerminalClient {
  send(data: Buffer): void;
  /** Too much unsent data: the terminal pauses its program until every client drained. */
  congested(): boolean;
  whenDrained(fn: () => void): void;
}

export interface TerminalExit {
  exitCode: number;
  signal: number | null;
}

/** A snapshot is sent in pieces of this size, so no frame is huge. */
const REPLAY_PIECE = 1024 * 1024;
/** node-pty can report the exit before the last output: wait this long for stragglers. */
const EXIT_GRACE_MS = 60;

/**
 * A live terminal: a program in a PTY (started through the enclave), its scrollback, and the
 * clients watching it. Output is gathered per event-loop turn and sent to every client as one
 * binary frame; a client that lags pauses the program (flow control), so a flood costs bounded
 * memory however slow the slowest viewer is.
 */
export class TerminalSession {
  readonly scrollback = new Scrollback();
  readonly #clients = new Set<TerminalClient>();
  #pending: Buffer[] = [];
  #flushScheduled = false;
  #paused = false;
  #exit: TerminalExit | undefined;
  /** Killed, its exit not reported yet (node-pty reports it late, and a grace period follows). */
  #killed = false;
  readonly #exitWaiters: ((e: TerminalExit) => void)[] = [];

  constructor(
    readonly info: WorkspaceSession,
    readonly pty: PtyProcess,
    public cols: number,
    public rows: number,
    private readonly onExit: (exit: TerminalExit) => void,
  ) {
    pty.onData((data) => this.#onData(data));
    pty.onExit((exit) => {
      setTimeout(() => {
        this.#flush();
        this.#exit = exit;
        this.info.status = 'closed';
        this.onExit(exit);
        for (const w of this.#exitWaiters.splice(0)) w(exit);
      }, EXIT_GRACE_MS);
    });
  }

  get exit(): TerminalExit | undefined {
    return this.#exit;
  }

  /**
   * Still running and not asked to stop: what the cap on terminals counts. A killed one is gone
   * already (its whole process group got SIGKILL), even before its exit is reported.
   */
  get live(): boolean {
    return this.#exit === undefined && !this.#killed;
  }

  /** Sends the scrollback (the screen as it is) and then everything new. */
  attach(client: TerminalClient): void {
    const snapshot = this.scrollback.snapshot();
    for (let at = 0; at < snapshot.length; at += REPLAY_PIECE)
      client.send(snapshot.subarray(at, at + REPLAY_PIECE));
    this.#clients.add(client);
  }

  detach(client: TerminalClient): void {
    this.#clients.delete(client);
    this.#maybeResume();
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  write(data: string): void {
    if (!this.#exit) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.#exit) return;
    this.cols = cols;
    this.rows = rows;
    this.pty.resize(cols, rows);
  }

  kill(): void {
    if (this.#exit) return;
    this.#killed = true;
    this.pty.kill();
  }

  waitExit(): Promise<TerminalExit> {
    if (this.#exit) return Promise.resolve(this.#exit);
    return new Promise((resolve) => this.#exitWaiters.push(resolve));
  }

  #onData(data: Buffer): void {
    this.#pending.push(data);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#pending.length === 0) return;
    const data = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
    this.#pending = [];
    // Scrollback and clients get the same bytes at the same moment: a client attaching in between
    // sees them once, in the snapshot or live.
    this.scrollback.append(data);
    let lagging = false;
    for (const c of this.#clients) {
      c.send(data);
      if (c.congested()) lagging = true;
    }
    if (lagging && !this.#paused) {
      this.#paused = true;
      this.pty.pause();
      for (const c of this.#clients) if (c.congested()) c.whenDrained(() => this.#maybeResume());
    }
  }

  #maybeResume(): void {
    if (!this.#paused || [...this.#clients].some((c) => c.congested())) return;
    this.#paused = false;
    this.pty.resume();
  }
}
