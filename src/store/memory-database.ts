import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Database } from 'better-sqlite3';
import { CoworkError } from '../contracts/index.js';
import { openSqliteFile } from './sqlite-file.js';

/**
 * The memory index lives in its own file (`COWORK_HOME/memory.db`), not in `cowork.db`: it is large,
 * rebuildable, and needs the sqlite-vec extension, which the daemon then loads only when memory is
 * used. The vector table's dimensions depend on the embedder, so it is created by `ensureVectors`.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memory_files (
  path TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  indexed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memory_chunks (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL REFERENCES memory_files(path) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  content TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  hash TEXT NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  locator TEXT,
  UNIQUE (path, idx)
);
CREATE INDEX IF NOT EXISTS memory_chunks_hash ON memory_chunks(hash);
CREATE VIRTUAL TABLE IF NOT EXISTS memory_fts USING fts5(
  content, content='memory_chunks', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS memory_chunks_ai AFTER INSERT ON memory_chunks BEGIN
  INSERT INTO memory_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER IF NOT EXISTS memory_chunks_ad AFTER DELETE ON memory_chunks BEGIN
  INSERT INTO memory_fts(memory_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
`;

export function openMemoryDatabase(path: string): Database {
  return openSqliteFile(path, (db) => {
    loadVectorExtension(db);
    db.exec(SCHEMA);
    addLocatorColumn(db);
    return db;
  });
}

/** Indexes made before documents were indexed have no `locator` column: it is added, empty. */
function addLocatorColumn(db: Database): void {
  const columns = db.prepare('PRAGMA table_info(memory_chunks)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'locator'))
    db.exec('ALTER TABLE memory_chunks ADD COLUMN locator TEXT');
}

function loadVectorExtension(db: Database): void {
  try {
    // Resolved at run time (never bundled): the prebuilt extension is a native file in its package.
    const { getLoadablePath } = createRequire(import.meta.url)('sqlite-vec') as {
      getLoadablePath: () => string;
    };
    db.loadExtension(getLoadablePath());
  } catch (err) {
    throw new CoworkError(
      'UNAVAILABLE',
      `The sqlite-vec extension could not be loaded (${(err as Error).message}); run "npm install".`,
    );
  }
}

/** Whether memory was ever used in this home (so a daemon can skip opening it). */
export function memoryDatabaseExists(path: string): boolean {
  return existsSync(path);
}
