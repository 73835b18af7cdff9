import BetterSqlite3, { type Database } from 'better-sqlite3';
import { CoworkError } from '../contracts/index.js';
import { migrate } from './migrations.js';

export type { Database };

/**
 * Opens Cowork's database: WAL, and an EXCLUSIVE lock held for the connection's lifetime. That lock
 * is the single-instance lock: two daemons can never share one home, and because the OS drops it
 * when a process dies (even by `kill -9`) a crash never leaves a stale lock behind.
 */
export function openDatabase(path: string, options: { exclusive?: boolean } = {}): Database {
  const db = new BetterSqlite3(path, { timeout: 0 });
  try {
    if (options.exclusive !== false) db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a process crash; only an OS crash may lose the last ones.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Take the write lock now (not on the first write) so a second daemon fails at start.
    db.exec('BEGIN IMMEDIATE; COMMIT;');
    migrate(db);
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    if (isBusy(err)) {
      throw new CoworkError('ALREADY_RUNNING', `Another Cowork daemon is using ${path}.`);
    }
    throw err;
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
