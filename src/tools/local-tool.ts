import type { RegisteredTool, ToolResult } from '../contracts/index.js';
import type { CallContext } from '../enclave/index.js';

/**
 * A tool another module provides in-process (memory search, lessons). Its `call` must pass the
 * enclave's door itself (with an external plan), like MCP calls do.
 */
export interface LocalTool {
  spec: RegisteredTool;
  call(args: Record<string, unknown>, ctx: CallContext): Promise<ToolResult>;
}
