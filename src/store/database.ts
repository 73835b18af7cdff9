import BetterSqlite3, { type Database } from 'better-sqlite3';
import { CoworkError } from '../contracts/index.js';
import { migrate, pendingMigrations } from './migrations.js';

export type { Database };

export interface OpenDatabaseOptions {
  /** false: no single-instance lock (tools that only read). */
  exclusive?: boolean;
  /**
   * Checks the file before Cowork uses it: `quick` (PRAGMA quick_check) or `full`
   * (integrity_check, also index contents). A failing file throws DATA_DAMAGED, unchanged.
   */
  check?: 'quick' | 'full';
  /** Called before migrations change a database that already has some (a backup is taken then). */
  beforeMigrate?: (db: Database) => void;
}

/**
 * Opens Cowork's database: WAL, and an EXCLUSIVE lock held for the connection's lifetime. That lock
 * is the single-instance lock: two daemons can never share one home, and because the OS drops it
 * when a process dies (even by `kill -9`) a crash never leaves a stale lock behind.
 *
 * Nothing is written before the file is known to be Cowork's (CONFLICT for another program's
 * database, left byte for byte as it was) and, when asked, intact (DATA_DAMAGED).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  const db = new BetterSqlite3(path, { timeout: 0 });
  try {
    // Set before the first read: in EXCLUSIVE mode a WAL database needs no -shm file.
    if (options.exclusive !== false) db.pragma('locking_mode = EXCLUSIVE');
    // Take the lock now (not on the first write) so a second daemon fails at start, before any check.
    db.exec('BEGIN IMMEDIATE; COMMIT;');
    assertCoworkDatabase(db, path);
    if (options.check) assertIntact(db, path, options.check);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a process crash; only an OS crash may lose the last ones.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (options.beforeMigrate && hasSchema(db) && pendingMigrations(db).length > 0) options.beforeMigrate(db);
    migrate(db);
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    if (isBusy(err)) {
      throw new CoworkError('ALREADY_RUNNING', `Another Cowork daemon is using ${path}.`);
    }
    if (isCorrupt(err)) throw damaged(path, (err as Error).message);
    throw err;
  }
}

/** The columns of Cowork's `schema_migrations` (other programs have tables of that name too). */
const MIGRATIONS_COLUMNS = 'version,name,applied_at';

/** Cowork's database has its `schema_migrations`; an empty file is a new database. */
function assertCoworkDatabase(db: Database, path: string): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  if (tables.length === 0) return;
  const columns = db.prepare("SELECT name FROM pragma_table_info('schema_migrations')").pluck().all();
  if (columns.join(',') === MIGRATIONS_COLUMNS) return;
  const listed = `${tables.slice(0, 5).join(', ')}${tables.length > 5 ? '…' : ''}`;
  throw new CoworkError(
    'CONFLICT',
    `${path} is not Cowork's database (its tables: ${listed}; no schema_migrations of Cowork's). It was left as it is: move it elsewhere, or point COWORK_HOME at another folder.`,
  );
}

function hasSchema(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").get() !== undefined;
}

/** Runs SQLite's own check; its first few findings go into the error. */
function assertIntact(db: Database, path: string, depth: 'quick' | 'full'): void {
  const pragma = depth === 'quick' ? 'quick_check(5)' : 'integrity_check(5)';
  const findings = db.pragma(pragma, { simple: false }) as Record<string, string>[];
  const problems = findings.map((row) => Object.values(row)[0]).filter((text) => text !== 'ok');
  if (problems.length > 0) throw damaged(path, problems.join('; '));
}

function damaged(path: string, why: string): CoworkError {
  return new CoworkError('DATA_DAMAGED', `Cowork's database ${path} is damaged (${why}).`, { file: path });
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** "file is not a database" (a broken header) and "database disk image is malformed". */
function isCorrupt(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}
