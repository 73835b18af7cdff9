import type { Database } from 'better-sqlite3';
import { CoworkError, issuesText } from '../contracts/index.js';

/** The zod-mini-like parser a config table validates with. */
interface Schema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * A table of JSON configs keyed by one column (providers, MCP servers, …): every read and write is
 * validated by the config's schema, so a bad row can never reach the code that uses it.
 */
export class ConfigTable<T> {
  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly key: string,
    private readonly schema: Schema<T>,
    private readonly what: string,
  ) {}

  list(): T[] {
    const rows = this.db.prepare(`SELECT config FROM ${this.table} ORDER BY ${this.key}`).all() as {
      config: string;
    }[];
    return rows.map((r) => this.#parse(JSON.parse(r.config)));
  }

  get(key: string): T | undefined {
    const row = this.db.prepare(`SELECT config FROM ${this.table} WHERE ${this.key} = ?`).get(key) as
      | { config: string }
      | undefined;
    return row ? this.#parse(JSON.parse(row.config)) : undefined;
  }

  /** `input` checked as the table would store it (a caller may change it before `put`). */
  parse(input: unknown): T {
    return this.#parse(input);
  }

  put(key: (config: T) => string, input: unknown): T {
    const config = this.#parse(input);
    this.db
      .prepare(
        `INSERT INTO ${this.table} (${this.key}, config, created_at) VALUES (?, ?, ?) ON CONFLICT(${this.key}) DO UPDATE SET config = excluded.config`,
      )
      .run(key(config), JSON.stringify(config), new Date().toISOString());
    return config;
  }

  remove(key: string): boolean {
    return this.db.prepare(`DELETE FROM ${this.table} WHERE ${this.key} = ?`).run(key).changes > 0;
  }

  #parse(value: unknown): T {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `Invalid ${this.what}: ${issuesText(parsed.error, '(root)', 1)}`,
    );
  }
}
