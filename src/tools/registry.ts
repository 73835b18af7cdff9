/**
 * The one registry built-in and MCP tools share. Ids are global (`builtin:fs.read`,
 * `mcp:<server>:<tool>`), the order is stable (built-ins, then servers by name, then tools by name),
 * and every call ends at the enclave's door.
 */
import { CoworkError, type RegisteredTool, type ToolResult } from '../contracts/index.js';
import type { CallContext, Enclave } from '../enclave/index.js';
import type { Database, Logger } from '../store/index.js';
import { builtinTools } from './builtin.js';
import type { McpManager } from './mcp/mcp-manager.js';

export class ToolRegistry {
  #mcp: McpManager | undefined;

  constructor(
    private readonly enclave: Enclave,
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** The MCP side is loaded on first use: a daemon without MCP servers never pays for the SDK. */
  async mcp(): Promise<McpManager> {
    if (!this.#mcp) {
      const { McpManager } = await import('./mcp/mcp-manager.js');
      this.#mcp ??= new McpManager(this.enclave, this.db, this.logger);
    }
    return this.#mcp;
  }

  async list(): Promise<{ tools: RegisteredTool[]; errors: { server: string; message: string }[] }> {
    const tools = builtinTools();
    const errors: { server: string; message: string }[] = [];
    const mcp = await this.mcp();
    for (const server of mcp.store.list().filter((s) => s.enabled)) {
      try {
        tools.push(...(await mcp.tools(server.name)).sort((a, b) => a.id.localeCompare(b.id)));
      } catch (err) {
        // Never a silent failure: the caller shows which server is down and why.
        errors.push({ server: server.name, message: (err as Error).message });
      }
    }
    return { tools, errors };
  }

  async call(id: string, args: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    if (id.startsWith('mcp:')) {
      const [, server, ...rest] = id.split(':');
      const tool = rest.join(':');
      if (!server || !tool)
        throw new CoworkError('INVALID_ARGUMENTS', `"${id}" is not an mcp:<server>:<tool> id.`);
      return (await this.mcp()).call(server, tool, args, ctx);
    }
    const op = id.startsWith('builtin:') ? id.slice('builtin:'.length) : id;
    return this.enclave.perform(op, args, ctx);
  }

  async close(): Promise<void> {
    await this.#mcp?.stopAll();
  }
}
