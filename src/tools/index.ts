/** tools: the registry built-in and MCP tools share, and the MCP gateway. */
export { builtinTools } from './builtin.js';
export { auditedChange } from './mcp/config-change.js';
export { importServers } from './mcp/config-import/index.js';
export * as mcpOffers from './mcp/offers.js';
export { allPages } from './mcp/pages.js';
export { type LocalTool, ToolRegistry } from './registry.js';
export type { Sampler } from './sampler.js';
