import { CoworkError, McpServerConfig, type McpServerConfigInput } from '../../contracts/index.js';
import { ConfigTable, type Database, type SecretStore } from '../../store/index.js';
import { ServerSecrets } from './server-secrets.js';

/**
 * The MCP servers the person added, kept in Cowork's database — their secret values in the secret
 * store (server-secrets.ts): every way in (add, import, enable) passes `put`, and what comes out is
 * masked; `reveal` gives the real values to the server's start.
 */
export class McpServerStore {
  readonly #table: ConfigTable<McpServerConfig>;
  readonly #secrets: ServerSecrets;

  constructor(
    private readonly db: Database,
    secrets: SecretStore | undefined,
  ) {
    this.#table = new ConfigTable(db, 'mcp_servers', 'name', McpServerConfig, 'MCP server');
    this.#secrets = new ServerSecrets(secrets);
  }

  /**
   * Rows written before secrets moved to the secret store hold them in the clear: sealed now, with
   * the old bytes zeroed (`secure_delete`) and the WAL folded back, so no copy stays in the file.
   */
  sealOldRows(): void {
    const { db } = this;
    const plain = this.list().filter((c) => this.#secrets.holdsPlain(c));
    if (plain.length === 0 || !this.#secrets.available) return;
    const before = db.pragma('secure_delete', { simple: true }) as number;
    db.pragma('secure_delete = ON');
    try {
      for (const config of plain) this.put(config);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.pragma(`secure_delete = ${before}`);
    }
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
    if (input.transport === 'stdio' && Object.keys(input.headers ?? {}).length > 0)
      throw new CoworkError('INVALID_ARGUMENTS', 'Headers are for HTTP servers; a stdio server takes env.');
    if (input.transport !== 'stdio' && !input.url)
      throw new CoworkError('INVALID_ARGUMENTS', 'An http server needs a url.');
    const config = this.#table.parse(input);
    const previous = this.get(config.name);
    const saved = this.#table.put((c) => c.name, this.#secrets.seal(config, previous));
    this.#secrets.drop(previous, saved);
    return saved;
  }

  /** The server's config with its secret values, for its start only. */
  reveal(config: McpServerConfig): McpServerConfig {
    return this.#secrets.reveal(config);
  }

  /** Several servers in one transaction (an import): all are stored, or none. `each` stores one. */
  putAll(
    inputs: McpServerConfigInput[],
    each: (input: McpServerConfigInput) => McpServerConfig = (input) => this.put(input),
  ): McpServerConfig[] {
    return this.db.transaction(() => inputs.map(each))();
  }

  setEnabled(name: string, enabled: boolean): McpServerConfig {
    const config = this.get(name);
    if (!config) throw new CoworkError('RESOURCE_NOT_FOUND', `No MCP server named "${name}".`);
    return this.put({ ...config, enabled });
  }

  remove(name: string): boolean {
    this.forgetSecrets(name);
    return this.#table.remove(name);
  }

  /** Deletes the server's values from the secret store (its row still names them). */
  forgetSecrets(name: string): void {
    this.#secrets.drop(this.get(name), undefined);
  }
}
