import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { SandboxedProcess } from '../../enclave/index.js';

/** How much of a server's stderr is kept for the message when it fails to start. */
const TAIL_LINES = 20;

/** What a server process left behind when it ended: its last stderr lines and how it exited. */
export interface ProcessEnd {
  stderrTail: string[];
  /** Undefined while the process runs. */
  exit: { code: number | null; signal: string | null } | undefined;
}

/** How long a close waits for the killed process to be reaped. */
const CLOSE_WAIT_MS = 5000;

/**
 * The MCP stdio transport over a process the enclave started in the sandbox. (The SDK's own stdio
 * transport spawns the process itself, which would bypass the single door.)
 */
export class SandboxedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly #buffer = new ReadBuffer();
  readonly #end: ProcessEnd = { stderrTail: [], exit: undefined };

  constructor(
    private readonly proc: SandboxedProcess,
    private readonly onStderr: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    const { child } = this.proc;
    child.stdout.on('data', (chunk: Buffer) => {
      this.#buffer.append(chunk);
      for (;;) {
        let message: JSONRPCMessage | null;
        try {
          message = this.#buffer.readMessage();
        } catch (err) {
          this.onerror?.(err as Error);
          continue;
        }
        if (message === null) break;
        this.onmessage?.(message);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) this.#stderr(line.slice(0, 2000));
    });
    child.on('error', (err) => this.onerror?.(err));
    // `close` comes after the pipes are drained: the stderr tail is complete when onclose runs.
    child.on('close', (code, signal) => {
      this.#end.exit = { code, signal };
      this.onclose?.();
    });
  }

  /** Its stderr tail and exit so far (a server that failed to start is described by them). */
  get end(): ProcessEnd {
    return this.#end;
  }

  #stderr(line: string): void {
    this.#end.stderrTail.push(line);
    if (this.#end.stderrTail.length > TAIL_LINES) this.#end.stderrTail.shift();
    this.onStderr(line);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.proc.child.stdin.writable) return reject(new Error('server stdin is closed'));
      this.proc.child.stdin.write(serializeMessage(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  /**
   * Resolves once the process is gone and `onclose` has run: a close that returned earlier let the
   * old process's late `onclose` land on the next connection to the same server (a restart right
   * after a stop, such as `mcp.add` or a bench's start-stop loop, then started it twice).
   */
  async close(): Promise<void> {
    const gone = this.#end.exit
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.proc.child.once('close', () => resolve()));
    this.proc.kill();
    this.#buffer.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise<void>((r) => (timer = setTimeout(r, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
  }
}
