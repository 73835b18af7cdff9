/**
 * The window process's own view of the daemon, for the tray and the notifications: a second
 * logged-in RPC connection subscribed to the events that change a run's or an approval's state;
 * after each burst it fetches both lists afresh and hands over the snapshot. It reconnects while the
 * daemon restarts.
 */
import { JsonRpcClient } from '../../contracts/index.js';
import { type DaemonSession, openDaemonSocket } from './daemon-session.js';
import type { Snapshot } from './desktop-status.js';

const STATE_EVENTS = [
  'approval.',
  'run.started',
  'run.completed',
  'run.failed',
  'run.cancelled',
  'run.interrupted',
  'run.resumed',
];

export class StatusWatcher {
  readonly rpc: JsonRpcClient;
  #send: (frame: string) => void = () => {
    throw new Error('not connected');
  };
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly session: DaemonSession,
    private readonly onSnapshot: (s: Snapshot) => void,
  ) {
    this.rpc = new JsonRpcClient((frame) => this.#send(frame));
    this.rpc.onNotification('events.event', () => this.#refreshSoon());
    this.rpc.onNotification('events.batch', () => this.#refreshSoon());
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #connect(): void {
    if (this.#stopped) return;
    const ws = openDaemonSocket(this.session);
    this.#send = (frame) => ws.send(frame);
    ws.on('open', () => {
      void this.rpc.call('events.subscribe', { after: 0, types: STATE_EVENTS, batch: true }).catch(() => {});
      this.#refreshSoon();
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) this.rpc.receive(data.toString('utf8'));
    });
    ws.on('close', () => {
      this.rpc.failPending(new Error('closed'));
      setTimeout(() => this.#connect(), 2000).unref();
    });
    ws.on('error', () => {});
  }

  /** One refresh per burst of events (a replayed history is one burst). */
  #refreshSoon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#refresh(), 300);
  }

  async #refresh(): Promise<void> {
    try {
      const [runs, approvals] = await Promise.all([
        this.rpc.call('runs.list', {}),
        this.rpc.call('approvals.list', {}),
      ]);
      this.onSnapshot({ runs: runs.runs, approvals: approvals.approvals });
    } catch {
      // disconnected mid-refresh: the reconnect refreshes again
    }
  }
}
