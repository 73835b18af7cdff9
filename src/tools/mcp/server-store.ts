import { CoworkError, McpServerConfig, type McpServerConfigInput } from '../../contracts/index.js';
import type { Database } from '../../store/index.js';

/** The MCP servers the person added, kept in Cowork's database. */
export class McpServerStore {
  constructor(private readonly db: Database) {}

  list(): McpServerConfig[] {
    const rows = this.db.prepare('SELECT config FROM mcp_servers ORDER BY name').all() as {
      config: string;
    }[];
    return rows.map((r) => McpServerConfig.parse(JSON.parse(r.config)));
  }

  get(name: string): McpServerConfig | undefined {
    const row = this.db.prepare('SELECT config FROM mcp_servers WHERE name = ?').get(name) as
      | { config: string }
      | undefined;
    return row ? McpServerConfig.parse(JSON.parse(row.config)) : undefined;
  }

  put(input: McpServerConfigInput): McpServerConfig {
    const parsed = McpServerConfig.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        `Invalid MCP server: ${issue?.path.map(String).join('.')}: ${issue?.message}`,
      );
    }
    const config = parsed.data;
    if (config.transport === 'stdio' && !config.command)
      throw new CoworkError('INVALID_ARGUMENTS', 'A stdio server needs a command.');
    if (config.transport === 'http' && !config.url)
      throw new CoworkError('INVALID_ARGUMENTS', 'An http server needs a url.');
    this.db
      .prepare(
        'INSERT INTO mcp_servers (name, config, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET config = excluded.config',
      )
      .run(config.name, JSON.stringify(config), new Date().toISOString());
    return config;
  }

  setEnabled(name: string, enabled: boolean): McpServerConfig {
    const config = this.get(name);
    if (!config) throw new CoworkError('RESOURCE_NOT_FOUND', `No MCP server named "${name}".`);
    return this.put({ ...config, enabled });
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM mcp_servers WHERE name = ?').run(name).changes > 0;
  }
}

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
