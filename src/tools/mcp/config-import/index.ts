/** Importing other MCP clients' config files: one file per format, detection, variables. */
export { type ImportTarget, importServers } from './import-servers.js';
