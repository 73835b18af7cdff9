/**
 * The one JSON-RPC client of the daemon's API, shared by the web app, the CLI and the tests: the
 * method name gives the params and the result their types (from `rpcMethods`), a notification's
 * name its payload's. It owns ids, the calls waiting for a reply and the envelope; each side plugs
 * in its socket: a `send` for text frames, and every text frame received handed to `receive`.
 *
 * Pure TypeScript, no Node or DOM APIs and no zod at run time (only type imports besides
 * CoworkError): the UI bundles this file as it is. Results are not validated here: the server
 * owns the contract, and checking every reply would cost the UI and the CLI on every call.
 */
import { CoworkError } from './cowork-error.js';
import type { ErrorCode } from './errors.js';
import type {
  JsonRpcResponse,
  RpcMethodName,
  RpcNotification,
  RpcNotificationName,
  RpcParamsInput,
  RpcResult,
} from './rpc/index.js';

/** A method's params, which may be left out when it needs none (`Empty`, or every field optional). */
export type RpcParamsArg<M extends RpcMethodName> =
  // biome-ignore lint/complexity/noBannedTypes: `{}` here is "an object with nothing required"
  {} extends RpcParamsInput<M> ? [params?: RpcParamsInput<M>] : [params: RpcParamsInput<M>];

/** A typed call: the method's result, or a CoworkError with the code the daemon answered. */
export type RpcCall = <M extends RpcMethodName>(
  method: M,
  ...params: RpcParamsArg<M>
) => Promise<RpcResult<M>>;

type JsonRpcFailure = Extract<JsonRpcResponse, { error: unknown }>;

interface Pending {
  resolve: (response: JsonRpcResponse) => void;
  reject: (error: Error) => void;
}

export class JsonRpcClient {
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, Set<(params: never) => void>>();

  /** `send` writes one text frame to the socket, or throws when it cannot (not connected). */
  constructor(private readonly send: (frame: string) => void) {}

  /**
   * Any method with any params, answered with the whole JSON-RPC response, error or not: for
   * tests of malformed input. Without `params` the request has none.
   */
  request(method: string, params?: unknown): Promise<JsonRpcResponse> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve, reject });
      try {
        this.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      } catch (err) {
        this.#pending.delete(id);
        reject(err);
      }
    });
  }

  async call<M extends RpcMethodName>(method: M, ...[params]: RpcParamsArg<M>): Promise<RpcResult<M>> {
    const response = await this.request(method, params ?? {});
    if ('error' in response) throw errorOf(response);
    return response.result as RpcResult<M>;
  }

  /** Calls `listener` with each `name` notification; returns the function that stops it. */
  onNotification<N extends RpcNotificationName>(
    name: N,
    listener: (params: RpcNotification<N>) => void,
  ): () => void {
    const set = this.#listeners.get(name) ?? new Set();
    this.#listeners.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * One text frame from the socket: a reply settles its call, a notification goes to its
   * listeners. Returns the parsed message (tests keep them all).
   */
  receive(text: string): unknown {
    const message = JSON.parse(text);
    if (typeof message?.method === 'string') {
      for (const listener of this.#listeners.get(message.method) ?? []) listener(message.params as never);
    } else if (typeof message?.id === 'number') {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      pending?.resolve(message);
    }
    return message;
  }

  /** The socket closed: every call still waiting for its reply fails with `error`. */
  failPending(error: Error): void {
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}

/** The daemon's error reply as a CoworkError: its stable code, message and details. */
function errorOf({ error }: JsonRpcFailure): CoworkError {
  const data = error.data as Partial<JsonRpcFailure['error']['data']> | undefined;
  return new CoworkError((data?.code ?? 'INTERNAL') as ErrorCode, error.message, data?.details);
}
