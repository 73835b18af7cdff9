/**
 * JSON-RPC 2.0 over a language server's stdin/stdout. The server is an untrusted, sandboxed
 * program, so the connection assumes it may crash, stall, or send garbage: every request has a
 * deadline, and the first failure of any kind (exit, malformed stream, a missed deadline) fails the
 * connection as a whole — every pending request is rejected with a stable code, the process is
 * killed, and later requests are refused at once. A caller never waits on a dead server.
 */
import type { Readable, Writable } from 'node:stream';
import { CoworkError } from '../../contracts/index.js';
import { encodeMessage, MessageReader } from './message-framing.js';

/** The process a connection speaks to (a SandboxedProcess from the enclave has this shape). */
export interface ServerProcess {
  child: {
    stdin: Writable;
    stdout: Readable;
    stderr: Readable;
    once(event: 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  };
  kill(): void;
}

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(error: CoworkError): void;
  timer: NodeJS.Timeout;
}

interface Message {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

/** What the client answers to a request from the server; undefined → "method not found". */
export type ServerRequestHandler = (method: string, params: unknown) => unknown;

const STDERR_TAIL = 2000;

export class JsonRpcConnection {
  readonly #pending = new Map<number, Pending>();
  readonly #reader = new MessageReader();
  #nextId = 1;
  #failure: CoworkError | undefined;
  #stderr = '';

  constructor(
    private readonly server: ServerProcess,
    private readonly name: string,
    private readonly onRequest: ServerRequestHandler = () => undefined,
  ) {
    const { child } = server;
    child.stdout.on('data', (chunk: Buffer) => this.#receive(chunk));
    // Drained always: a full stderr pipe would stall the server.
    child.stderr.on('data', (chunk: Buffer) => this.#keep(chunk.toString('utf8')));
    child.stdin.on('error', () => this.#fail(this.#exitError(null, null)));
    child.once('close', (code, signal) => this.#fail(this.#exitError(code, signal)));
  }

  /** Why the connection failed, once it has. */
  get failure(): CoworkError | undefined {
    return this.#failure;
  }

  request<T>(method: string, params: unknown, timeoutMs: number): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(
          new CoworkError('TIMEOUT', `${this.name} did not answer ${method} within ${timeoutMs} ms.`, {
            method,
            timeoutMs,
          }),
        );
      }, timeoutMs);
      this.#pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.#send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    if (!this.#failure) this.#send({ jsonrpc: '2.0', method, params });
  }

  /** Ends the connection: pending requests are rejected as cancelled, the process is killed. */
  close(): void {
    this.#fail(new CoworkError('CANCELLED', `The connection to ${this.name} was closed.`));
  }

  #send(message: unknown): void {
    try {
      this.server.child.stdin.write(encodeMessage(message));
    } catch {
      this.#fail(this.#exitError(null, null));
    }
  }

  #receive(chunk: Buffer): void {
    if (this.#failure) return;
    let messages: unknown[];
    try {
      messages = this.#reader.push(chunk);
    } catch (err) {
      this.#fail(err instanceof CoworkError ? err : new CoworkError('PARSE_ERROR', String(err)));
      return;
    }
    for (const m of messages) this.#dispatch(m);
  }

  #dispatch(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    const m = raw as Message;
    if (typeof m.method === 'string') {
      if (m.id !== undefined) this.#answer(m.id, m.method, m.params);
      else if (m.method === 'window/logMessage' || m.method === 'window/showMessage') this.#logged(m.params);
      return; // other notifications (diagnostics, progress) are not used here
    }
    if (typeof m.id !== 'number') return;
    const pending = this.#pending.get(m.id);
    if (!pending) return;
    this.#pending.delete(m.id);
    clearTimeout(pending.timer);
    if (m.error !== undefined) pending.reject(this.#replyError(pending.method, m.error));
    else pending.resolve(m.result ?? null);
  }

  /** A server's own error messages, kept with its stderr: what its failure is explained with. */
  #logged(params: unknown): void {
    const p = params as { type?: unknown; message?: unknown } | null;
    if (p?.type === 1 && typeof p.message === 'string') this.#keep(`${p.message}\n`);
  }

  #keep(text: string): void {
    this.#stderr = (this.#stderr + text).slice(-STDERR_TAIL);
  }

  #answer(id: unknown, method: string, params: unknown): void {
    let result: unknown;
    try {
      result = this.onRequest(method, params);
    } catch {
      result = undefined;
    }
    if (result === undefined)
      this.#send({ jsonrpc: '2.0', id, error: { code: -32601, message: `${method} is not supported` } });
    else this.#send({ jsonrpc: '2.0', id, result });
  }

  #replyError(method: string, error: Message['error']): CoworkError {
    const message = typeof error?.message === 'string' ? error.message.slice(0, 500) : 'an error';
    return new CoworkError('PROVIDER_ERROR', `${this.name} answered ${method} with: ${message}`, {
      method,
      lspCode: typeof error?.code === 'number' ? error.code : null,
    });
  }

  #exitError(code: number | null, signal: NodeJS.Signals | null): CoworkError {
    const how = signal ? `was killed (${signal})` : code === null ? 'closed its input' : `exited (${code})`;
    const tail = this.#stderr.trim().split('\n').slice(-3).join(' | ');
    return new CoworkError('UNAVAILABLE', `${this.name} ${how}${tail ? `: ${tail}` : ''}.`, {
      exitCode: code,
      signal,
    });
  }

  /** The first failure wins; everything pending gets it, and the process is ended. */
  #fail(error: CoworkError): void {
    if (this.#failure) return;
    this.#failure = error;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.#pending.clear();
    this.server.kill();
  }
}
