import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { SandboxedProcess } from '../../enclave/index.js';

/**
 * The MCP stdio transport over a process the enclave started in the sandbox. (The SDK's own stdio
 * transport spawns the process itself, which would bypass the single door.)
 */
export class SandboxedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly #buffer = new ReadBuffer();

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
    child.on('close', () => this.onclose?.());
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.proc.child.stdin.writable) return reject(new Error('server stdin is closed'));
      this.proc.child.stdin.write(serializeMessage(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.proc.kill();
    this.#buffer.clear();
  }
}
