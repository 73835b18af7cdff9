import { randomUUID } from 'node:crypto';
import { CoworkError, type EventPayload, type EventType, type WorkspaceSession } from '../contracts/index.js';
import type { CallContext, Enclave, FolderWatch } from '../enclave/index.js';
import type { BlobStore, EventLog } from '../store/index.js';
import { BrowserSession } from './browser-session.js';
import { TerminalSession } from './terminal-session.js';

/** Live terminals at once; a runaway agent cannot open hundreds of shells. */
const MAX_LIVE_TERMINALS = 16;
/** Browser sessions at once (each is a browser context, tens of MB). */
const MAX_BROWSERS = 6;
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
  readonly #browsers = new Map<string, BrowserSession>();
  /** Blobs that are screenshots of browser sessions: the only blobs the UI may fetch. */
  readonly #screenshots = new Set<string>();
  readonly #files = new Map<string, { info: WorkspaceSession; watch: FolderWatch }>();

  constructor(
    private readonly enclave: Enclave,
    private readonly events: EventLog,
    private readonly blobs: BlobStore,
  ) {}

  async openTerminal(input: OpenTerminal, ctx: CallContext): Promise<TerminalSession> {
    const live = [...this.#terminals.values()].filter((t) => t.live).length;
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
    return [...this.#terminals.values(), ...this.#browsers.values(), ...this.#files.values()].map((t) => ({
      ...t.info,
    }));
  }

  // ── file sessions ─────────────────────────────────────────────────────────────────────────────

  /**
   * Watches a granted folder for a viewer (the UI's file tree, a file the agent is editing): each
   * debounced batch of changes is a `file.changed` event of the session — persisted, so a client
   * that reconnects backfills it. Secrets and ignored files are never reported (the enclave's watch).
   */
  async watchFiles(folder: string, ctx: CallContext): Promise<WorkspaceSession> {
    const id = randomUUID();
    const watch = await this.enclave.watch(folder, ctx, (changes) =>
      this.#emit(id, 'file.changed', { changes }),
    );
    const info: WorkspaceSession = {
      id,
      kind: 'file',
      status: 'active',
      controller: ctx.actor === 'agent' ? 'agent' : 'user',
      title: watch.folder,
      createdAt: new Date().toISOString(),
    };
    this.#files.set(id, { info, watch });
    this.#emit(id, 'session.opened', { session: info, folder: watch.folder });
    return { ...info };
  }

  /** Ends any session: a terminal's program is killed, a browser context or a watch closed. */
  async close(id: string): Promise<void> {
    const file = this.#files.get(id);
    if (file) {
      this.#files.delete(id);
      await file.watch.stop();
      this.#emit(id, 'session.closed', {});
      return;
    }
    if (this.#browsers.has(id)) return this.closeBrowser(id);
    this.terminal(id).kill();
  }

  // ── browser sessions ──────────────────────────────────────────────────────────────────────────

  async openBrowser(input: { title?: string | undefined }, ctx: CallContext): Promise<BrowserSession> {
    if (this.#browsers.size >= MAX_BROWSERS)
      throw new CoworkError('CONFLICT', `At most ${MAX_BROWSERS} browser sessions at once; close one first.`);
    const page = await this.enclave.openBrowser();
    const info: WorkspaceSession = {
      id: randomUUID(),
      kind: 'browser',
      status: 'active',
      controller: ctx.actor === 'agent' ? 'agent' : 'user',
      title: (input.title ?? 'browser').slice(0, 200),
      createdAt: new Date().toISOString(),
    };
    const session = new BrowserSession(info, page);
    this.#browsers.set(info.id, session);
    this.#emit(info.id, 'session.opened', { session: info });
    return session;
  }

  browser(id: string): BrowserSession {
    const b = this.#browsers.get(id);
    if (!b) throw new CoworkError('RESOURCE_NOT_FOUND', `No browser session ${id}.`);
    return b;
  }

  /**
   * Takes a screenshot after something happened on the page and tells watchers: the event carries
   * the blob's reference (fetched from /api/screenshots/<ref>), never the bytes.
   */
  async screenshot(id: string): Promise<string> {
    const b = this.browser(id);
    const ref = this.blobs.put(await b.page.screenshot());
    this.#screenshots.add(ref);
    b.lastScreenshot = ref;
    // Only the address and title: the page's whole text is not read for every screenshot.
    const url = b.page.url;
    const title = await b.page.title().catch(() => '');
    this.#emit(id, 'browser.screenshot', { blob: ref, url, title });
    return ref;
  }

  /** A screenshot's bytes, if `ref` is one (other blobs — checkpoints — are not served). */
  screenshotBytes(ref: string): Buffer | undefined {
    return this.#screenshots.has(ref) ? this.blobs.get(ref) : undefined;
  }

  async closeBrowser(id: string): Promise<void> {
    const b = this.browser(id);
    this.#browsers.delete(id);
    b.info.status = 'closed';
    await b.page.close();
    this.#emit(id, 'session.closed', {});
  }

  /**
   * Hands a session to the agent or the person. Only one controls it at a time: the other's input is
   * refused until it is handed back. Every switch is an event in the timeline.
   */
  setController(id: string, controller: 'agent' | 'user'): WorkspaceSession {
    const t = this.#browsers.get(id) ?? this.terminal(id);
    if (t.info.controller !== controller) {
      t.info.controller = controller;
      this.#emit(id, 'session.controller', { controller });
    }
    return { ...t.info };
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#files.values()].map((f) => f.watch.stop()));
    await Promise.all([...this.#browsers.keys()].map((id) => this.closeBrowser(id).catch(() => {})));
    const live = [...this.#terminals.values()].filter((t) => !t.exit);
    for (const t of live) t.kill();
    await Promise.race([Promise.all(live.map((t) => t.waitExit())), new Promise((r) => setTimeout(r, 1000))]);
  }

  #forgetOldEnded(): void {
    const ended = [...this.#terminals.entries()].filter(([, t]) => t.exit);
    for (const [id] of ended.slice(0, Math.max(0, ended.length - MAX_ENDED))) this.#terminals.delete(id);
  }

  #emit<T extends EventType>(sessionId: string, type: T, payload: EventPayload<T>): void {
    try {
      this.events.append({ type, sessionId, payload });
    } catch {
      // the daemon is shutting down
    }
  }
}
