import { CoworkError, type McpServerConfigInput } from '../../contracts/index.js';

/** Imports the `mcpServers` object other clients use (Claude Desktop, Cursor, …). */
export function parseMcpServersJson(json: unknown): McpServerConfigInput[] {
  const servers = (json as { mcpServers?: unknown })?.mcpServers;
  if (!servers || typeof servers !== 'object')
    throw new CoworkError('INVALID_ARGUMENTS', 'Expected an object with "mcpServers".');
  return Object.entries(servers as Record<string, Record<string, unknown>>).map(([name, s]) => ({
    name: name.toLowerCase().replace(/[^a-z0-9_-]/g, '-'),
    transport: typeof s.url === 'string' ? 'http' : 'stdio',
    ...(typeof s.command === 'string' ? { command: s.command } : {}),
    args: Array.isArray(s.args) ? s.args.map(String) : [],
    env:
      s.env && typeof s.env === 'object'
        ? Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, String(v)]))
        : {},
    ...(typeof s.url === 'string' ? { url: s.url } : {}),
    // Imported servers, too, stay off until the person has reviewed their tools.
    enabled: false,
  }));
}
