import type { ToolResult } from '../contracts/index.js';
import { CoworkError } from '../contracts/index.js';
import { type CallContext, toolResultText } from '../enclave/index.js';
import type { BrowserSession, SessionManager, TerminalClient, TerminalSession } from '../sessions/index.js';
import type { RpcHandlers } from './rpc-router.js';

type SessionMethods =
  | 'sessions.list'
  | 'sessions.control'
  | 'sessions.close'
  | 'files.watch'
  | 'terminal.open'
  | 'terminal.attach'
  | 'terminal.detach'
  | 'terminal.write'
  | 'terminal.resize'
  | 'terminal.kill'
  | 'terminal.wait'
  | 'terminal.read'
  | 'browser.open'
  | 'browser.navigate'
  | 'browser.click'
  | 'browser.type'
  | 'browser.screenshot'
  | 'browser.close';

/** The first byte of a binary frame: what it carries. */
export const FRAME_TERMINAL_OUTPUT = 1;

/** What a connection offers its terminal streams: binary sends with the connection's flow control. */
export interface BinaryOut {
  sendBinary(data: Buffer): void;
  congested(): boolean;
  whenDrained(fn: () => void): void;
}

/** One connection's attached terminals, each on its own channel number. */
export class TerminalChannels {
  #next = 1;
  readonly #attached = new Map<
    string,
    { channel: number; client: TerminalClient; session: TerminalSession }
  >();

  constructor(private readonly out: BinaryOut) {}

  attach(session: TerminalSession): number {
    const existing = this.#attached.get(session.info.id);
    if (existing) return existing.channel;
    const channel = this.#next++;
    const header = Buffer.alloc(5);
    header[0] = FRAME_TERMINAL_OUTPUT;
    header.writeUInt32BE(channel, 1);
    const client: TerminalClient = {
      send: (data) => this.out.sendBinary(Buffer.concat([header, data])),
      congested: () => this.out.congested(),
      whenDrained: (fn) => this.out.whenDrained(fn),
    };
    this.#attached.set(session.info.id, { channel, client, session });
    session.attach(client);
    return channel;
  }

  detach(id: string): boolean {
    const entry = this.#attached.get(id);
    if (!entry) return false;
    entry.session.detach(entry.client);
    return this.#attached.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.#attached.keys()]) this.detach(id);
  }
}

/** JSON-RPC methods for terminal sessions, as the person (UI, CLI) uses them. */
export function sessionHandlers(
  sessions: SessionManager,
  channels: TerminalChannels,
): Pick<RpcHandlers, SessionMethods> {
  const ownInput = (t: TerminalSession | BrowserSession) => {
    if (t.info.controller !== 'user')
      throw new CoworkError('CONFLICT', `The agent controls this ${t.info.kind}; take control first.`);
  };
  const person = (cwd?: string): CallContext => ({
    actor: 'user',
    sessionId: null,
    runId: null,
    cwd,
    wait: true,
  });
  /** The person's step in a browser session, then a screenshot for every viewer. */
  const stepResult = async (b: BrowserSession, result: ToolResult) => {
    const blob = await sessions.screenshot(b.info.id).catch(() => null);
    const message = result.success ? toolResultText(result) : (result.error?.message ?? 'failed');
    return { success: result.success, message, reasonCode: reasonCodeOf(result), url: b.page.url, blob };
  };
  const browserStep = async (id: string, step: (b: BrowserSession) => Promise<ToolResult>) => {
    const b = sessions.browser(id);
    ownInput(b);
    return stepResult(b, await step(b));
  };
  return {
    'sessions.list': () => ({ sessions: sessions.list() }),
    'sessions.control': ({ id, controller }) => sessions.setController(id, controller),
    'sessions.close': async ({ id }) => {
      await sessions.close(id);
      return { closed: true };
    },
    'files.watch': ({ folder }) => sessions.watchFiles(folder, person(folder)),
    'terminal.open': async (p) => {
      // Opening a terminal is the person's own click (New terminal) or command (`cowork terminal
      // exec`) over their authenticated connection: their consent. The agent opens terminals with
      // its own tool, never through this method, and what it types into one is decided per line.
      const session = await sessions.openTerminal(p, { ...person(p.cwd), origin: 'person' });
      return { ...session.info };
    },
    'terminal.attach': ({ id }) => {
      const t = sessions.terminal(id);
      return { channel: channels.attach(t), cols: t.cols, rows: t.rows };
    },
    'terminal.detach': ({ id }) => ({ detached: channels.detach(id) }),
    'terminal.write': ({ id, data }) => {
      const t = sessions.terminal(id);
      ownInput(t);
      t.write(data);
      return { written: t.exit === undefined };
    },
    'terminal.resize': ({ id, cols, rows }) => {
      const t = sessions.terminal(id);
      t.resize(cols, rows);
      return { cols: t.cols, rows: t.rows };
    },
    'terminal.kill': ({ id }) => {
      const t = sessions.terminal(id);
      const live = t.exit === undefined;
      t.kill();
      return { killed: live };
    },
    'terminal.wait': ({ id }) => sessions.terminal(id).waitExit(),
    'terminal.read': ({ id, lines }) => ({ text: sessions.terminal(id).scrollback.tail(lines ?? 200) }),
    'browser.open': async ({ url, title }) => {
      const b = await sessions.openBrowser({ title: title ?? url }, person());
      if (!url) {
        await sessions.screenshot(b.info.id).catch(() => {});
        return { ...b.info };
      }
      return { ...b.info, navigation: await stepResult(b, await b.page.navigate(url, person())) };
    },
    'browser.navigate': ({ id, url }) => browserStep(id, (b) => b.page.navigate(url, person())),
    'browser.click': ({ id, x, y }) => browserStep(id, (b) => b.page.click({ x, y }, person())),
    'browser.type': ({ id, text, submit }) => browserStep(id, (b) => b.page.type(text, { submit }, person())),
    'browser.screenshot': async ({ id }) => ({ blob: await sessions.screenshot(id) }),
    'browser.close': async ({ id }) => {
      await sessions.closeBrowser(id);
      return { closed: true };
    },
  };
}

/** The policy's reason code of a refused step (the door puts its decision in the error's details). */
function reasonCodeOf(result: ToolResult): string | null {
  const details = result.error?.details as { decision?: { reasonCode?: unknown } } | undefined;
  const code = details?.decision?.reasonCode;
  return typeof code === 'string' ? code : null;
}
