/**
 * Damaged state at start (issue 15, finding 7): a database that is empty while Cowork's other data
 * is there, damaged mid-file, or another program's is never used — `cowork start` refuses, names
 * the file and the newest backup, and `cowork data restore` brings that backup back.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DataBackup, type LogEvent, type RpcResult } from '../../src/contracts/index.js';

type Backup = RpcResult<'data.backup'>;

import { homePaths } from '../../src/store/index.js';
import { cowork, isAlive } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const EVENTS = 2_000;

/** A daemon whose log holds EVENTS published events, backed up, then stopped in order. */
async function stoppedWithBackup(): Promise<{ f: DaemonFixture; backup: Backup; head: number }> {
  const f = await fixture().withDaemon().start();
  for (let i = 0; i < EVENTS; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, j) =>
        f.client.result('events.publish', {
          type: 'client.note',
          payload: { i: i + j, pad: 'p'.repeat(200) },
        }),
      ),
    );
  }
  const made = await cowork(['data', 'backup', '--home', f.home]);
  expect(made.code).toBe(0);
  const backup = DataBackup.parse(JSON.parse(made.stdout));
  await f.client.close();
  await f.daemon.stop();
  expect(isAlive(f.daemon.pid)).toBe(false);
  return { f, backup, head: backup.events! };
}

const start = (home: string) => cowork(['start', '--home', home, '--port', '0', '--no-open']);

/** Every event of the log, replayed from the start by `events.subscribe`. */
async function allEvents(f: DaemonFixture, head: number): Promise<LogEvent[]> {
  const { head: now } = await f.client.result('events.subscribe', { after: 0, batch: true });
  expect(now).toBeGreaterThanOrEqual(head);
  await f.client.waitForEvents(now);
  return f.client.events;
}

/** Restores the newest backup and starts the daemon again: every event of the backup is back. */
async function restoreAndCheck(f: DaemonFixture, backup: Backup): Promise<void> {
  const restored = await cowork(['data', 'restore', '--home', f.home]);
  expect(restored.stderr).toBe('');
  expect(restored.code).toBe(0);
  expect(JSON.parse(restored.stdout)).toMatchObject({ restored: backup.path, events: backup.events });
  await f.restart();
  const events = await allEvents(f, backup.events!);
  expect(events.slice(0, backup.events!).map((e) => e.sequence)).toEqual(
    Array.from({ length: backup.events! }, (_, i) => i + 1),
  );
  expect(events.filter((e) => e.type === 'client.note')).toHaveLength(EVENTS);
}

describe('damaged data at start', () => {
  it('refuses an empty cowork.db while the rest of the data is there, then restores the newest backup', async () => {
    const { f, backup } = await stoppedWithBackup();
    const paths = homePaths(f.home);
    closeSync(openSync(paths.database, 'w')); // truncated to 0 bytes

    const refused = await start(f.home);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('(DATA_DAMAGED)');
    expect(refused.stderr).toContain(`${paths.database} is an empty file`);
    expect(refused.stderr).toContain(backup.path);
    expect(statSync(paths.database).size).toBe(0); // not turned into a new database

    await restoreAndCheck(f, backup);
    expect(readdirSync(f.home).some((n) => n.startsWith('cowork.db.replaced-'))).toBe(true);
  });

  it('refuses a database with 16 KB of garbage mid-file and moves it aside, then restores', async () => {
    const { f, backup } = await stoppedWithBackup();
    const paths = homePaths(f.home);
    const size = statSync(paths.database).size;
    expect(size).toBeGreaterThan(200_000);
    const fd = openSync(paths.database, 'r+');
    writeSync(fd, Buffer.alloc(16 * 1024, 0xa5), 0, 16 * 1024, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const damagedBytes = readFileSync(paths.database);

    const refused = await start(f.home);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('(DATA_DAMAGED)');
    expect(refused.stderr).toContain(backup.path);
    expect(existsSync(paths.database)).toBe(false);
    const aside = readdirSync(f.home).filter((n) => /^cowork\.db\.damaged-[0-9TZ-]+$/.test(n));
    expect(aside).toHaveLength(1);
    expect(refused.stderr).toContain(aside[0]);
    // Moved aside as it was: never opened for writing.
    expect(readFileSync(`${f.home}/${aside[0]}`).equals(damagedBytes)).toBe(true);

    // Until restored, it stays refused (the database is now missing, the rest is there).
    const again = await start(f.home);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/is missing.*DATA_DAMAGED/s);

    await restoreAndCheck(f, backup);
  });

  it('refuses another program’s SQLite database without changing a byte of it', async () => {
    const home = tempDir();
    const paths = homePaths(home);
    const foreign = new BetterSqlite3(paths.database);
    foreign.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine')",
    );
    foreign.close();
    const before = readFileSync(paths.database);

    const refused = await start(home);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("is not Cowork's database");
    expect(refused.stderr).toContain('(CONFLICT)');
    expect(readFileSync(paths.database).equals(before)).toBe(true);
    expect(readdirSync(home).filter((n) => n.startsWith('cowork.db'))).toEqual(['cowork.db']);
  });
});
