import { CoworkError, McpServerConfig, type McpServerConfigInput } from '../../contracts/index.js';
import { ConfigTable, type Database } from '../../store/index.js';

/** The MCP servers the person added, kept in Cowork's database. */
export class McpServerStore {
  readonly #table: ConfigTable<McpServerConfig>;
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
    this.#table = new ConfigTable(db, 'mcp_servers', 'name', McpServerConfig, 'MCP server');
  }

  list(): McpServerConfig[] {
    return this.#table.list();
  }

  get(name: string): McpServerConfig | undefined {
    return this.#table.get(name);
  }

  put(input: McpServerConfigInput): McpServerConfig {
    if (input.transport === 'stdio' && !input.command)
      throw new CoworkError('INVALID_ARGUMENTS', 'A stdio server needs a command.');
    if (input.transport !== 'stdio' && !input.url)
      throw new CoworkError('INVALID_ARGUMENTS', 'An http server needs a url.');
    return this.#table.put((c) => c.name, input);
  }

  /** Several servers in one transaction (an import): all are stored, or none. */
  putAll(inputs: McpServerConfigInput[]): McpServerConfig[] {
    return this.#db.transaction(() => inputs.map((input) => this.put(input)))();
  }

  setEnabled(name: string, enabled: boolean): McpServerConfig {
    const config = this.get(name);
    if (!config) throw new CoworkError('RESOURCE_NOT_FOUND', `No MCP server named "${name}".`);
    return this.put({ ...config, enabled });
  }

  remove(name: string): boolean {
    return this.#table.remove(name);
  }
}
