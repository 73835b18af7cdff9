/**
 * Backups of cowork.db in the data folder's `backups/`: SQLite's online backup (a consistent
 * snapshot while the daemon works on), the newest few kept. memory.db is an index that is rebuilt
 * from the person's files, so it is not backed up. Restoring puts a backup in place of cowork.db
 * while no daemon runs, and moves the database it replaces aside — it never deletes one.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CoworkError } from '../contracts/index.js';
import type { Database } from './database.js';
import { type HomePaths, type SetAsideReason, setAsideName, timeStamp } from './home.js';

/** How many backups are kept unless told otherwise. */
export const BACKUPS_KEPT = 7;

export interface BackupInfo {
  /** The file's name in `backups/`. */
  name: string;
  path: string;
  createdAt: string;
  bytes: number;
  /** The last event sequence in it; null when the copy cannot be read. */
  events: number | null;
}

const BACKUP_NAME = /^cowork-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.db$/;

/** The backups, newest first. */
export function listBackups(paths: HomePaths): BackupInfo[] {
  if (!existsSync(paths.backups)) return [];
  return readdirSync(paths.backups)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse()
    .map((name) => describeBackup(join(paths.backups, name)));
}

function describeBackup(path: string): BackupInfo {
  const name = basename(path);
  const [, day, h, m, s, ms] = BACKUP_NAME.exec(name)!;
  return {
    name,
    path,
    createdAt: `${day}T${h}:${m}:${s}.${ms}Z`,
    bytes: statSync(path).size,
    events: lastEvent(path),
  };
}

function lastEvent(path: string): number | null {
  try {
    const copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      return Number(copy.prepare('SELECT COALESCE(MAX(sequence), 0) FROM events').pluck().get());
    } finally {
      copy.close();
    }
  } catch {
    return null;
  }
}

/**
 * Takes a backup with SQLite's online backup API: it copies pages in steps between other work, so
 * the daemon keeps answering. Written under a temp name and renamed when complete.
 */
export async function backupDatabase(
  db: Database,
  paths: HomePaths,
  keep = BACKUPS_KEPT,
): Promise<BackupInfo> {
  const { partial, final } = backupTarget(paths);
  try {
    await db.backup(partial);
    toRollbackJournal(partial);
    renameSync(partial, final);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  pruneBackups(paths, keep);
  return describeBackup(final);
}

/**
 * The same copy in one synchronous step (`VACUUM INTO`), for the moment before migrations run:
 * the daemon is not serving yet, and the database cannot be changed under it.
 */
export function backupDatabaseSync(db: Database, paths: HomePaths, keep = BACKUPS_KEPT): BackupInfo {
  const { partial, final } = backupTarget(paths);
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    renameSync(partial, final);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  pruneBackups(paths, keep);
  return describeBackup(final);
}

function backupTarget(paths: HomePaths): { partial: string; final: string } {
  mkdirSync(paths.backups, { recursive: true, mode: 0o700 });
  let at = new Date();
  // Two backups within a millisecond (a migration backup right after a scheduled one) get distinct names.
  while (existsSync(join(paths.backups, `cowork-${timeStamp(at)}.db`))) at = new Date(at.getTime() + 1);
  const final = join(paths.backups, `cowork-${timeStamp(at)}.db`);
  return { partial: join(paths.backups, `.${basename(final)}.${randomBytes(6).toString('hex')}.tmp`), final };
}

/** The online backup copies the WAL flag; a rollback-journal copy is one plain file, readable read-only. */
function toRollbackJournal(file: string): void {
  const copy = new BetterSqlite3(file);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

function pruneBackups(paths: HomePaths, keep: number): void {
  for (const old of listNames(paths).slice(keep)) rmSync(join(paths.backups, old), { force: true });
  // Leftovers of a backup cut off by a crash.
  for (const name of readdirSync(paths.backups)) {
    if (/^\.cowork-.*\.tmp$/.test(name)) rmSync(join(paths.backups, name), { force: true });
  }
}

function listNames(paths: HomePaths): string[] {
  return readdirSync(paths.backups)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse();
}

/** Moves a database and its SQLite side files aside under one new name; returns it (undefined: nothing there). */
export function setDatabaseAside(database: string, reason: SetAsideReason): string | undefined {
  if (!existsSync(database)) return undefined;
  const to = setAsideName(database, reason, new Date());
  for (const side of ['-wal', '-shm', '-journal']) {
    if (existsSync(`${database}${side}`)) renameSync(`${database}${side}`, `${to}${side}`);
  }
  renameSync(database, to);
  return to;
}

export interface RestoreResult {
  restored: BackupInfo;
  /** Where the database it replaced went (none when there was none). */
  setAside: string | null;
}

/**
 * Puts a backup (the newest, or the one named: a name in `backups/` or a path) in place of
 * cowork.db. Refused while a daemon holds the database, and for a backup that fails its check.
 */
export function restoreBackup(paths: HomePaths, which?: string): RestoreResult {
  const chosen = which === undefined ? listBackups(paths)[0] : findBackup(paths, which);
  if (!chosen) {
    throw new CoworkError('RESOURCE_NOT_FOUND', `There is no backup in ${paths.backups} to restore.`);
  }
  assertNotInUse(paths.database);
  assertBackupIntact(chosen.path);
  const setAside = setDatabaseAside(paths.database, 'replaced') ?? null;
  const temp = join(paths.home, `.${basename(paths.database)}.${randomBytes(6).toString('hex')}.tmp`);
  copyFileSync(chosen.path, temp);
  renameSync(temp, paths.database);
  // The restored file has not been through a clean stop here: its first start checks it in full.
  rmSync(paths.cleanStop, { force: true });
  return { restored: chosen, setAside };
}

function findBackup(paths: HomePaths, which: string): BackupInfo {
  const inFolder = join(paths.backups, basename(which));
  const path = existsSync(inFolder) && basename(which) === which ? inFolder : resolve(which);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new CoworkError('RESOURCE_NOT_FOUND', `No backup ${which} (looked in ${paths.backups}).`);
  }
  return BACKUP_NAME.test(basename(path))
    ? describeBackup(path)
    : {
        name: basename(path),
        path,
        createdAt: statSync(path).mtime.toISOString(),
        bytes: statSync(path).size,
        events: lastEvent(path),
      };
}

/** A running daemon holds cowork.db's exclusive lock: try to take it, and let it go at once. */
function assertNotInUse(database: string): void {
  if (!existsSync(database) || statSync(database).size === 0) return;
  let probe: Database | undefined;
  try {
    probe = new BetterSqlite3(database, { timeout: 0 });
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN IMMEDIATE; COMMIT;');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new CoworkError(
        'ALREADY_RUNNING',
        `Cowork is running on ${database}: stop it first ("cowork stop").`,
      );
    }
    // A damaged file cannot be opened: it is not in use either.
  } finally {
    probe?.close();
  }
}

function assertBackupIntact(path: string): void {
  let problems: string[];
  try {
    const copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      const rows = copy.pragma('integrity_check(5)', { simple: false }) as Record<string, string>[];
      problems = rows.map((r) => String(Object.values(r)[0])).filter((t) => t !== 'ok');
    } finally {
      copy.close();
    }
  } catch (err) {
    problems = [(err as Error).message];
  }
  if (problems.length > 0) {
    throw new CoworkError(
      'DATA_DAMAGED',
      `The backup ${path} is damaged too (${problems.join('; ')}): name another one.`,
    );
  }
}
