/**
 * The UI's one connection to coworkd: JSON-RPC over /api/ws (authenticated by the HttpOnly cookie
 * the bootstrap link set; the page never sees a token) — or, in the native window, over its IPC
 * (transport.ts) — through the typed client every side shares.
 * It reconnects with backoff and resumes the event stream after the last sequence it saw, so a
 * reload or a daemon restart misses nothing. Binary frames are terminal output, routed by channel.
 * A handshake refused because the browser is no longer logged in is not an outage: it stops
 * reconnecting and reloads, and the daemon answers with its login page.
 */
import { CoworkError } from '../../../src/contracts/cowork-error';
import type {
  AuthStatus,
  CoworkEvent,
  LogEvent,
  RpcMethodName,
  RpcNotification,
  RpcNotificationName,
  RpcResult,
} from '../../../src/contracts/index';
import { JsonRpcClient, type RpcParamsArg } from '../../../src/contracts/rpc-client';
import { AUTH_STATUS_PATH } from '../../../src/contracts/shared-values';
import { openTransport, type Transport } from './transport';

/** `logged-out`: the daemon refused this browser's credentials; the page goes to the login page. */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'logged-out';

export class Connection {
  #transport: Transport | undefined;
  readonly #rpc = new JsonRpcClient((frame) => {
    if (!this.#transport?.send(frame)) throw new CoworkError('UNAVAILABLE', 'Not connected to Cowork.');
  });
  #state: ConnectionState = 'connecting';
  readonly #stateListeners = new Set<(s: ConnectionState) => void>();
  readonly #eventListeners = new Set<(e: CoworkEvent) => void>();
  readonly #binaryListeners = new Set<(channel: number, data: Uint8Array) => void>();
  readonly #openListeners = new Set<() => void>();
  /** The last event sequence seen: a new subscription resumes after it. */
  lastSequence = 0;
  /**
   * The log's head when the stream (re)started: events up to it are history being replayed, whose
   * effects the lists fetched on open already show.
   */
  replayHead = 0;
  #backoff = 250;
  /** Set by `end()`: the daemon is gone for good, so no reconnecting. */
  #ended = false;

  constructor() {
    this.#rpc.onNotification('events.event', ({ event }) => this.#deliver([event]));
    this.#rpc.onNotification('events.batch', ({ events }) => this.#deliver(events));
    this.#connect();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** A typed call; fails with a CoworkError (`UNAVAILABLE` while not connected). */
  call<M extends RpcMethodName>(method: M, ...params: RpcParamsArg<M>): Promise<RpcResult<M>> {
    return this.#rpc.call(method, ...params);
  }

  /** Closes the connection for good (the daemon stopped after deleting all data). */
  end(): void {
    this.#ended = true;
    this.#transport?.close();
  }

  onState(fn: (s: ConnectionState) => void): () => void {
    this.#stateListeners.add(fn);
    return () => this.#stateListeners.delete(fn);
  }

  onEvent(fn: (e: CoworkEvent) => void): () => void {
    this.#eventListeners.add(fn);
    return () => this.#eventListeners.delete(fn);
  }

  onNotification<N extends RpcNotificationName>(
    name: N,
    fn: (params: RpcNotification<N>) => void,
  ): () => void {
    return this.#rpc.onNotification(name, fn);
  }

  onBinary(fn: (channel: number, data: Uint8Array) => void): () => void {
    this.#binaryListeners.add(fn);
    return () => this.#binaryListeners.delete(fn);
  }

  /** Runs after every (re)connection: attach terminals again, refresh lists. */
  onOpen(fn: () => void): () => void {
    this.#openListeners.add(fn);
    if (this.#state === 'open') fn();
    return () => this.#openListeners.delete(fn);
  }

  #setState(s: ConnectionState): void {
    this.#state = s;
    for (const l of this.#stateListeners) l(s);
  }

  /** Each event once, in order: a resumed stream may repeat the last few. */
  #deliver(events: LogEvent[]): void {
    for (const e of events) {
      if (e.sequence <= this.lastSequence) continue;
      this.lastSequence = e.sequence;
      // The daemon appends only events that match their contracts (src/contracts/events/).
      for (const l of this.#eventListeners) l(e as CoworkEvent);
    }
  }

  #connect(): void {
    if (this.#ended) return;
    this.#setState('connecting');
    let opened = false;
    const transport: Transport = openTransport({
      open: () => {
        opened = true;
        this.#backoff = 250;
        this.#setState('open');
        // Resume the event stream where it stopped (0 the first time: the whole history, for backfill).
        // (in batches: a long history arrives in a few hundred frames, not one per event)
        void this.call('events.subscribe', { after: this.lastSequence, batch: true }).then(
          (r) => {
            this.replayHead = r.head;
            transport.ready();
          },
          () => {},
        );
        for (const l of this.#openListeners) l();
      },
      message: (data) => {
        if (typeof data === 'string') return this.#rpc.receive(data);
        if (data[0] !== 1 || data.length < 5) return;
        const channel = new DataView(data.buffer, data.byteOffset).getUint32(1);
        for (const l of this.#binaryListeners) l(channel, data.subarray(5));
      },
      close: () => {
        this.#rpc.failPending(new CoworkError('UNAVAILABLE', 'The connection to Cowork was lost.'));
        this.#setState('closed');
        if (this.#ended) return;
        // A browser cannot read why a handshake failed: ask. A daemon that is down fails the question too.
        void (opened ? Promise.resolve(true) : isLoggedIn()).then((loggedIn) => {
          if (!loggedIn) return this.#loggedOut();
          setTimeout(() => this.#connect(), this.#backoff);
          this.#backoff = Math.min(this.#backoff * 2, 5000);
        });
      },
    });
    this.#transport = transport;
  }

  #loggedOut(): void {
    this.#ended = true;
    this.#setState('logged-out');
    // The same address again: without a session the daemon answers it with its login page.
    location.reload();
  }
}

/** False only when the daemon answers that this browser's credentials are not good. */
async function isLoggedIn(): Promise<boolean> {
  try {
    const res = await fetch(AUTH_STATUS_PATH, { cache: 'no-store' });
    if (!res.ok) return true;
    return ((await res.json()) as AuthStatus).authenticated;
  } catch {
    return true; // the daemon is not reachable: an outage, keep reconnecting
  }
}
