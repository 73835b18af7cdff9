import WebSocket from 'ws';
import {
  CoworkError,
  JsonRpcClient,
  type JsonRpcResponse,
  type LogEvent,
  type RpcMethodName,
  type RpcParamsArg,
  type RpcResult,
  rpcMethods,
} from '../../src/contracts/index.js';

/**
 * The daemon's WebSocket as the UI uses it, through the one typed client: `result` is the typed
 * call; `call` sends anything and answers with the whole JSON-RPC response (for malformed input).
 */
export class RpcClient {
  readonly events: LogEvent[] = [];
  readonly raw: unknown[] = [];
  readonly #rpc: JsonRpcClient;
  #eventWaiters: { count: number; resolve: () => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    this.#rpc = new JsonRpcClient((frame) => {
      if (ws.readyState !== WebSocket.OPEN) throw new Error('socket not open');
      ws.send(frame);
    });
    this.#rpc.onNotification('events.event', ({ event }) => this.#gotEvents([event]));
    this.#rpc.onNotification('events.batch', ({ events }) => this.#gotEvents(events));
    ws.on('message', (data, isBinary) => {
      // binary frames are terminal output: see terminal.attach
      if (!isBinary) this.raw.push(this.#rpc.receive(String(data)));
    });
    ws.on('close', () => this.#rpc.failPending(new Error('socket closed')));
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

  /** Any method, any params (or none): the whole response, error or not. */
  call(method: string, params?: unknown): Promise<JsonRpcResponse> {
    return this.#rpc.request(method, params);
  }

  /**
   * The typed call. Unlike the UI and the CLI, tests check each result against the method's
   * contract: the daemon does not check what its handlers return, so this is where a handler that
   * drifts from the contract is caught. The result is returned as it came (not as parsed), so
   * assertions see exactly what the daemon sent.
   */
  async result<M extends RpcMethodName>(method: M, ...params: RpcParamsArg<M>): Promise<RpcResult<M>> {
    let result: RpcResult<M>;
    try {
      result = await this.#rpc.call(method, ...params);
    } catch (err) {
      if (err instanceof CoworkError) err.message = `${method}: ${err.message} (${err.code})`;
      throw err;
    }
    const checked = rpcMethods[method].result.safeParse(result);
    if (!checked.success)
      throw new Error(`${method}: the result does not match the contract: ${checked.error.message}`);
    return result;
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

  #gotEvents(events: LogEvent[]): void {
    this.events.push(...events);
    this.#eventWaiters = this.#eventWaiters.filter((w) => {
      if (this.events.length < w.count) return true;
      w.resolve();
      return false;
    });
  }
}
