/**
 * Backups of cowork.db and the checks at open (issue 15): a backup before each migration, the
 * newest N kept, the full check after a stop that was not clean, and restore only while unused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  backupDatabase,
  EventLog,
  ensureHome,
  type HomePaths,
  listBackups,
  markCleanStop,
  migrate,
  migrations,
  openHomeDatabase,
  restoreBackup,
} from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let paths: HomePaths;
beforeEach(() => {
  paths = ensureHome(tempDir('cowork-backups-'));
});

const schemaOf = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get();
  } finally {
    db.close();
  }
};

describe('backups', () => {
  it('backs the database up before migrations change it, and not when none are pending', () => {
    const older = new BetterSqlite3(paths.database);
    migrate(older, migrations.slice(0, -1));
    older.prepare("INSERT INTO events (type, timestamp, payload) VALUES ('client.x', '', '{}')").run();
    older.close();

    openHomeDatabase(paths).close();
    const [backup, ...more] = listBackups(paths);
    expect(more).toEqual([]);
    expect(backup).toMatchObject({ events: 1 });
    expect(schemaOf(backup!.path)).toBe(migrations.at(-2)!.version);
    expect(schemaOf(paths.database)).toBe(migrations.at(-1)!.version);

    openHomeDatabase(paths).close();
    expect(listBackups(paths)).toHaveLength(1);
  });

  it('keeps the newest N, each readable with its events', async () => {
    const db = openHomeDatabase(paths);
    const events = new EventLog(db);
    for (let i = 1; i <= 9; i++) {
      events.append({ type: 'client.x', payload: { i } });
      await backupDatabase(db, paths, 7);
    }
    db.close();
    const list = listBackups(paths);
    expect(list.map((b) => b.events)).toEqual([9, 8, 7, 6, 5, 4, 3]);
    expect(readdirSync(paths.backups)).toHaveLength(7);
  });

  it('restores only while no daemon holds the database, moving the current one aside', async () => {
    const db = openHomeDatabase(paths);
    new EventLog(db).append({ type: 'client.x', payload: {} });
    const backup = await backupDatabase(db, paths);
    new EventLog(db).append({ type: 'client.x', payload: {} });
    expect(() => restoreBackup(paths)).toThrowError(expect.objectContaining({ code: 'ALREADY_RUNNING' }));
    db.close();
    const current = readFileSync(paths.database);

    const { restored, setAside } = restoreBackup(paths, backup.name);
    expect(restored.path).toBe(backup.path);
    expect(readFileSync(setAside!).equals(current)).toBe(true);
    expect(readFileSync(paths.database).equals(readFileSync(backup.path))).toBe(true);
  });
});

/** An index missing rows of its table: quick_check does not see it, integrity_check does. */
function hideRowsFromIndex(file: string): void {
  let raw = new BetterSqlite3(file);
  raw.unsafeMode(true); // lets writable_schema edit sqlite_master
  const index = raw.prepare("SELECT * FROM sqlite_master WHERE name = 'events_by_session'").get() as Record<
    string,
    unknown
  >;
  raw.pragma('writable_schema = ON');
  raw.prepare("DELETE FROM sqlite_master WHERE name = 'events_by_session'").run();
  raw.close();
  raw = new BetterSqlite3(file);
  raw.unsafeMode(true);
  raw
    .prepare("INSERT INTO events (type, timestamp, session_id, payload) VALUES ('client.x', '', 's', '{}')")
    .run();
  raw.pragma('writable_schema = ON');
  raw.prepare('INSERT INTO sqlite_master VALUES (@type, @name, @tbl_name, @rootpage, @sql)').run(index);
  raw.close();
  raw = new BetterSqlite3(file);
  expect(raw.pragma('quick_check', { simple: true })).toBe('ok');
  expect(raw.pragma('integrity_check', { simple: true })).not.toBe('ok');
  raw.close();
}

describe('the check at open', () => {
  it("refuses another program's database with a schema_migrations of its own, unchanged", () => {
    const other = new BetterSqlite3(paths.database);
    other.exec(
      "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101')",
    );
    other.close();
    const before = readFileSync(paths.database);
    expect(() => openHomeDatabase(paths)).toThrowError(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/not Cowork's database/) }),
    );
    expect(readFileSync(paths.database).equals(before)).toBe(true);
    expect(readdirSync(paths.home).filter((n) => n.startsWith('cowork.db'))).toEqual(['cowork.db']);
  });

  it('is the quick one after a clean stop and the full one otherwise', () => {
    openHomeDatabase(paths).close();
    hideRowsFromIndex(paths.database);

    markCleanStop(paths);
    openHomeDatabase(paths).close(); // quick_check: passes
    // That open removed the marker: as after a crash, the next open checks everything.
    expect(() => openHomeDatabase(paths)).toThrowError(
      expect.objectContaining({ code: 'DATA_DAMAGED', message: expect.stringMatching(/missing from index/) }),
    );
    expect(readdirSync(paths.home).filter((n) => n.startsWith('cowork.db'))).toEqual([
      expect.stringMatching(/^cowork\.db\.damaged-/),
    ]);
  });
});
