import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/contracts/index.js';
import {
  EventLog,
  homePaths,
  migrate,
  migrations,
  openDatabase,
  resolveHome,
} from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('cowork-store-');
});

describe('home', () => {
  it('prefers --home, then COWORK_HOME, then the platform data dir', () => {
    expect(resolveHome('/x/y', { COWORK_HOME: '/a' })).toBe('/x/y');
    expect(resolveHome(undefined, { COWORK_HOME: '/a/b' })).toBe('/a/b');
    if (process.platform === 'linux') {
      expect(resolveHome(undefined, { HOME: '/home/p' })).toBe('/home/p/.local/share/cowork');
      expect(resolveHome(undefined, { HOME: '/home/p', XDG_DATA_HOME: '/d' })).toBe('/d/cowork');
    }
  });
});

describe('database', () => {
  it('uses WAL and refuses a second owner of the same home', () => {
    const path = homePaths(dir).database;
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(() => openDatabase(path)).toThrowError(expect.objectContaining({ code: 'ALREADY_RUNNING' }));
    db.close();
    openDatabase(path).close(); // released on close
  });

  it('runs migrations once and refuses a database from a newer version', () => {
    const db = new BetterSqlite3(join(dir, 'm.db'));
    expect(migrate(db).applied).toEqual(migrations.map((m) => m.version));
    expect(migrate(db).applied).toEqual([]);
    db.prepare('INSERT INTO schema_migrations VALUES (999, ?, ?)').run('future', new Date().toISOString());
    expect(() => migrate(db)).toThrowError(/newer Cowork/);
    db.close();
  });
});

describe('event log', () => {
  it('appends with strictly increasing sequences and reads after a sequence', () => {
    const db = openDatabase(homePaths(dir).database);
    const log = new EventLog(db);
    expect(log.head()).toBe(0);
    const a = log.append({ type: 'client.one', payload: { n: 1 } });
    const [b, c] = log.appendMany([
      { type: 'client.two', payload: { n: 2 }, sessionId: 's1' },
      { type: 'client.three', payload: null },
    ]);
    expect([a.sequence, b?.sequence, c?.sequence]).toEqual([1, 2, 3]);
    expect(log.head()).toBe(3);
    expect(log.readAfter(1).map((e) => e.payload)).toEqual([{ n: 2 }, null]);
    expect(log.readAfter(0, 2).map((e) => e.sequence)).toEqual([1, 2]);
    expect(log.readAfter(3)).toEqual([]);
    expect(log.readAfter(1)[0]?.sessionId).toBe('s1');
    db.close();
  });

  it('rejects malformed events without writing anything', () => {
    const db = openDatabase(homePaths(dir).database);
    const log = new EventLog(db);
    // @ts-expect-error: not an event type, which the store refuses at run time too
    expect(() => log.append({ type: 'NotAType', payload: 1 })).toThrow();
    expect(() =>
      log.appendMany([
        { type: 'client.one', payload: 1 },
        // @ts-expect-error: not an event type
        { type: '', payload: 2 },
      ]),
    ).toThrow();
    expect(log.head()).toBe(0);
    db.close();
  });

  it('tells tail subscribers about each committed event, and keeps going past a faulty one', () => {
    const db = openDatabase(homePaths(dir).database);
    const log = new EventLog(db);
    const seen: LogEvent[] = [];
    log.subscribe(() => {
      throw new Error('faulty listener');
    });
    const off = log.subscribe((e) => seen.push(e));
    log.append({ type: 'client.a', payload: 1 });
    off();
    log.append({ type: 'client.b', payload: 2 });
    expect(seen.map((e) => e.type)).toEqual(['client.a']);
    db.close();
  });

  it('never reuses a sequence, even after the newest rows are deleted', () => {
    const path = homePaths(dir).database;
    let db = openDatabase(path);
    new EventLog(db).append({ type: 'client.a', payload: 1 });
    new EventLog(db).append({ type: 'client.b', payload: 2 });
    db.exec('DELETE FROM events WHERE sequence = 2');
    db.close();
    db = openDatabase(path);
    expect(new EventLog(db).append({ type: 'client.c', payload: 3 }).sequence).toBe(3);
    db.close();
  });
});
