/**
 * The folders that have a code index (COWORK_HOME/code/folders.db), so the daemon can watch them
 * again at start. A store's file is named by a hash of its folder, which cannot be turned back.
 */
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

export class IndexCatalog {
  #db: Database | undefined;

  constructor(private readonly directory: string) {}

  get #file(): string {
    return join(this.directory, 'folders.db');
  }

  add(folder: string): void {
    this.#db ??= this.#openOrCreate();
    this.#db.prepare('INSERT OR IGNORE INTO folders (folder) VALUES (?)').run(folder);
  }

  has(folder: string): boolean {
    return this.folders().includes(folder);
  }

  /** A home that never indexed code has no catalog: nothing is created to say so. */
  folders(): string[] {
    if (!this.#db) {
      try {
        this.#db = new BetterSqlite3(this.#file, { fileMustExist: true });
      } catch {
        return [];
      }
    }
    return this.#db.prepare('SELECT folder FROM folders ORDER BY folder').pluck().all() as string[];
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  #openOrCreate(): Database {
    const db = new BetterSqlite3(this.#file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS folders (folder TEXT PRIMARY KEY)');
    return db;
  }
}
