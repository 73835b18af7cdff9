/**
 * The UI's one connection to coworkd: JSON-RPC over /api/ws (authenticated by the HttpOnly cookie
 * the bootstrap link set; the page never sees a token). It reconnects with backoff and resumes the
 * event stream after the last sequence it saw, so a reload or a daemon restart misses nothing.
 * Binary frames are terminal output, routed by channel.
 */
import type { CoworkEvent } from '../../../src/contracts/index';

export type ConnectionState = 'connecting' | 'open' | 'closed';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class RpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class Connection {
  #ws: WebSocket | undefined;
  #next = 1;
  readonly #pending = new Map<number, Pending>();
  #state: ConnectionState = 'connecting';
  readonly #stateListeners = new Set<(s: ConnectionState) => void>();
  readonly #eventListeners = new Set<(e: CoworkEvent) => void>();
  readonly #notificationListeners = new Set<(method: string, params: unknown) => void>();
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

  constructor(
    private readonly url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`,
  ) {
    this.#connect();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  call<T = unknown>(method: string, params: unknown = {}): Promise<T> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN)
      return Promise.reject(new RpcError('UNAVAILABLE', 'Not connected to Cowork.'));
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Closes the connection for good (the daemon stopped after deleting all data). */
  end(): void {
    this.#ended = true;
    this.#ws?.close();
  }

  onState(fn: (s: ConnectionState) => void): () => void {
    this.#stateListeners.add(fn);
    return () => this.#stateListeners.delete(fn);
  }

  onEvent(fn: (e: CoworkEvent) => void): () => void {
    this.#eventListeners.add(fn);
    return () => this.#eventListeners.delete(fn);
  }

  onNotification(fn: (method: string, params: unknown) => void): () => void {
    this.#notificationListeners.add(fn);
    return () => this.#notificationListeners.delete(fn);
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

  #connect(): void {
    if (this.#ended) return;
    this.#setState('connecting');
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    ws.onopen = () => {
      this.#backoff = 250;
      this.#setState('open');
      // Resume the event stream where it stopped (0 the first time: the whole history, for backfill).
      // (in batches: a long history arrives in a few hundred frames, not one per event)
      void this.call<{ head: number }>('events.subscribe', { after: this.lastSequence, batch: true }).then(
        (r) => {
          this.replayHead = r.head;
        },
        () => {},
      );
      for (const l of this.#openListeners) l();
    };
    ws.onmessage = (msg) => {
      if (msg.data instanceof ArrayBuffer) {
        const bytes = new Uint8Array(msg.data);
        if (bytes[0] !== 1 || bytes.length < 5) return;
        const channel = new DataView(msg.data).getUint32(1);
        for (const l of this.#binaryListeners) l(channel, bytes.subarray(5));
        return;
      }
      const m = JSON.parse(String(msg.data));
      if (m.method === 'events.event' || m.method === 'events.batch') {
        // The daemon appends only events that match their contracts (src/contracts/events/).
        const events = (m.method === 'events.batch' ? m.params.events : [m.params.event]) as CoworkEvent[];
        for (const e of events) {
          if (e.sequence <= this.lastSequence) continue;
          this.lastSequence = e.sequence;
          for (const l of this.#eventListeners) l(e);
        }
        return;
      }
      if (m.method) {
        for (const l of this.#notificationListeners) l(m.method, m.params);
        return;
      }
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.error)
        p.reject(new RpcError(m.error.data?.code ?? 'INTERNAL', m.error.message, m.error.data?.details));
      else p.resolve(m.result);
    };
    ws.onclose = () => {
      for (const p of this.#pending.values())
        p.reject(new RpcError('UNAVAILABLE', 'The connection to Cowork was lost.'));
      this.#pending.clear();
      this.#setState('closed');
      if (this.#ended) return;
      setTimeout(() => this.#connect(), this.#backoff);
      this.#backoff = Math.min(this.#backoff * 2, 5000);
    };
  }
}
