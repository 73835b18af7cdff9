import WebSocket from 'ws';
import type { JsonRpcResponse, LogEvent } from '../../src/contracts/index.js';

type Pending = { resolve: (r: JsonRpcResponse) => void; reject: (e: Error) => void };

/** A minimal JSON-RPC client over the daemon's WebSocket, as the UI uses it. */
export class RpcClient {
  readonly events: LogEvent[] = [];
  readonly raw: unknown[] = [];
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #eventWaiters: { count: number; resolve: () => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.#onMessage(String(data)); // binary frames are terminal output: see terminal.attach
    });
    ws.on('close', () => {
      for (const p of this.#pending.values()) p.reject(new Error('socket closed'));
      this.#pending.clear();
    });
  }

  static connect(url: string, headers: Record<string, string>): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(new RpcClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  static withToken(url: string, token: string): Promise<RpcClient> {
    return RpcClient.connect(url, { authorization: `Bearer ${token}` });
  }

  call(method: string, params?: unknown): Promise<JsonRpcResponse> {
    const id = this.#nextId++;
    if (this.ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('socket not open'));
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  async result<T = unknown>(method: string, params?: unknown): Promise<T> {
    const r = await this.call(method, params);
    if ('error' in r) throw new Error(`${method}: ${r.error.message} (${r.error.data.code})`);
    return r.result as T;
  }

  waitForEvents(count: number, timeoutMs = 15_000): Promise<void> {
    if (this.events.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out with ${this.events.length}/${count} events`)),
        timeoutMs,
      );
      this.#eventWaiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  #onMessage(text: string): void {
    const msg = JSON.parse(text);
    this.raw.push(msg);
    if (msg.method === 'events.event' || msg.method === 'events.batch') {
      this.events.push(...(msg.method === 'events.batch' ? msg.params.events : [msg.params.event]));
      this.#eventWaiters = this.#eventWaiters.filter((w) => {
        if (this.events.length < w.count) return true;
        w.resolve();
        return false;
      });
      return;
    }
    const pending = typeof msg.id === 'number' ? this.#pending.get(msg.id) : undefined;
    if (pending) {
      this.#pending.delete(msg.id);
      pending.resolve(msg);
    }
  }
}
