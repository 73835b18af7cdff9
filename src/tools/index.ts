/** tools: the registry built-in and MCP tools share, and the MCP gateway. */
export { builtinTools } from './builtin.js';
export { auditedChange } from './mcp/config-change.js';
/** Config import and the MCP offers load on first use: a daemon start never pays for them. */
export const loadConfigImport = () => import('./mcp/config-import/index.js');
export const loadMcpOffers = () => import('./mcp/offers.js');
export { allPages } from './mcp/pages.js';
export { type LocalTool, ToolRegistry } from './registry.js';
export type { Sampler } from './sampler.js';
