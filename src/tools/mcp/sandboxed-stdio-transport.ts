import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { SandboxedProcess } from '../../enclave/index.js';

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
  #exited = false;

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
        if (line.trim()) this.onStderr(line.slice(0, 2000));
    });
    child.on('error', (err) => this.onerror?.(err));
    child.on('close', () => {
      this.#exited = true;
      this.onclose?.();
    });
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
    const gone = this.#exited
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.proc.child.once('close', () => resolve()));
    this.proc.kill();
    this.#buffer.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise<void>((r) => (timer = setTimeout(r, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
  }
}
