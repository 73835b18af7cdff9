/** tools: the registry built-in and MCP tools share, and the MCP gateway. */
export { builtinTools } from './builtin.js';
export { parseMcpServersJson } from './mcp/config-import.js';
export * as mcpOffers from './mcp/offers.js';
export { allPages } from './mcp/pages.js';
export { type LocalTool, ToolRegistry } from './registry.js';
export type { Sampler } from './sampler.js';
