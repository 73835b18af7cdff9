import { type ConfigFormat, entriesUnder } from './config-format.js';
import { readServerEntry } from './server-entry.js';

/**
 * Cursor's `.cursor/mcp.json` (project) or `~/.cursor/mcp.json`: `{"mcpServers": …}` with
 * `type: stdio|sse|http|streamable-http`, `headers`, and `${env:NAME}`, `${userHome}`,
 * `${workspaceFolder}` in its strings.
 */
export const cursor: ConfigFormat = {
  id: 'cursor',
  syntax: 'cursor',
  yaml: false,
  entries: (doc) => entriesUnder(doc, 'mcpServers', 'Cursor'),
  read: (value) =>
    readServerEntry(value, { stdio: 'stdio', sse: 'sse', http: 'http', 'streamable-http': 'http' }),
};
