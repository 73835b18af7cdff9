import { type ConfigFormat, entriesUnder } from './config-format.js';
import { readServerEntry } from './server-entry.js';

/**
 * Claude Desktop's `claude_desktop_config.json`: `{"mcpServers": {name: {command, args, env}}}`.
 * It fills in no variables. The same shape without a client's name (Windsurf, Cline…) reads the
 * same way, with their `url`, `type` and `disabled`.
 */
export const claudeDesktop: ConfigFormat = {
  id: 'claude-desktop',
  syntax: 'none',
  yaml: false,
  entries: (doc) => entriesUnder(doc, 'mcpServers', 'Claude Desktop'),
  read: (value) => readServerEntry(value, { stdio: 'stdio', http: 'http', sse: 'sse' }),
};
