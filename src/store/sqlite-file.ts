/**
 * A SQLite file of Cowork's besides the main database (the memory index, a folder's code index):
 * WAL (readers never wait for the writer), NORMAL sync (a commit survives a process crash), foreign
 * keys on, and a 5 s wait for a lock; `setup` makes or checks its schema and gives what is returned
 * (the database, or what wraps it). Closed again if it fails.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from './database.js';

export function openSqliteFile<T>(path: string, setup: (db: Database) => T): T {
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return setup(db);
  } catch (err) {
    db.close();
    throw err;
  }
}
