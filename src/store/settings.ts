/**
 * The `settings` table: the person's choices that are one value each (the notes folder), stored
 * as JSON by key. Absent and null are the same: setting null removes the row.
 */
import type { Statement } from 'better-sqlite3';
import type { Database } from './database.js';

export class SettingsStore {
  readonly #get: Statement<[string], string>;
  readonly #put: Statement<[string, string, string]>;
  readonly #delete: Statement<[string]>;

  constructor(db: Database) {
    this.#get = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
    this.#put = db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  get<T>(key: string): T | undefined {
    const raw = this.#get.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  set(key: string, value: unknown): void {
    if (value === null || value === undefined) this.#delete.run(key);
    else this.#put.run(key, JSON.stringify(value), new Date().toISOString());
  }
}
