import { CoworkError } from '../contracts/index.js';
import type { SessionManager, TerminalClient, TerminalSession } from '../sessions/index.js';
import type { RpcHandlers } from './rpc-router.js';

type SessionMethods =
  | 'sessions.list'
  | 'sessions.control'
  | 'terminal.open'
  | 'terminal.attach'
  | 'terminal.detach'
  | 'terminal.write'
  | 'terminal.resize'
  | 'terminal.kill'
  | 'terminal.wait'
  | 'terminal.read';

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
  const ownInput = (t: TerminalSession) => {
    if (t.info.controller !== 'user')
      throw new CoworkError('CONFLICT', 'The agent controls this terminal; take control first.');
  };
  return {
    'sessions.list': () => ({ sessions: sessions.list() }),
    'sessions.control': ({ id, controller }) => sessions.setController(id, controller),
    'terminal.open': async (p) => {
      const session = await sessions.openTerminal(p, {
        actor: 'user',
        sessionId: null,
        runId: null,
        cwd: p.cwd,
        wait: true,
      });
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
  };
}
