/**
 * Opening a home's cowork.db at daemon start, with the checks that keep a damaged or missing
 * database from being used: a database is never silently replaced by a new empty one, and one that
 * fails its check is moved aside (never written to) and the start refused, naming the newest backup.
 */
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { CoworkError } from '../contracts/index.js';
import { backupDatabaseSync, listBackups, setDatabaseAside } from './backups.js';
import { type Database, openDatabase } from './database.js';
import type { HomePaths } from './home.js';

/**
 * Opens cowork.db: `quick_check` after a clean stop, the full `integrity_check` otherwise (a crash,
 * a kill, a power cut — or the first start). Migrations are preceded by a backup.
 */
export function openHomeDatabase(paths: HomePaths): Database {
  assertNotMissing(paths);
  const check = existsSync(paths.cleanStop) ? 'quick' : 'full';
  let db: Database;
  try {
    db = openDatabase(paths.database, {
      check,
      beforeMigrate: (open) => backupDatabaseSync(open, paths),
    });
  } catch (err) {
    if (err instanceof CoworkError && err.code === 'DATA_DAMAGED') throw setAsideDamaged(paths, err);
    throw err;
  }
  // From here on this run may be cut off: only an orderly stop writes the marker again.
  rmSync(paths.cleanStop, { force: true });
  return db;
}

/** The last step of an orderly stop, after the database was closed. */
export function markCleanStop(paths: HomePaths): void {
  writeFileSync(paths.cleanStop, `${new Date().toISOString()}\n`, { mode: 0o600 });
}

/**
 * No database (or an empty file) is a first start only in a folder with none of Cowork's other
 * data: with keys, blobs, backups or a daemon.json there, the database was lost.
 */
function assertNotMissing(paths: HomePaths): void {
  const size = existsSync(paths.database) ? statSync(paths.database).size : undefined;
  if (size !== undefined && size > 0) return;
  const files = [paths.daemonInfo, paths.auditPublicKey, paths.authToken, paths.secretsFile];
  const folders = [paths.blobs, paths.backups];
  const present = [
    ...files.filter((f) => existsSync(f)),
    ...folders.filter((f) => existsSync(f) && readdirSync(f).length > 0),
  ];
  if (present.length === 0) return;
  const state = size === undefined ? 'is missing' : 'is an empty file';
  throw new CoworkError(
    'DATA_DAMAGED',
    `Cowork's database ${paths.database} ${state}, but this data folder holds Cowork's data (${present.join(', ')}); Cowork did not start, so nothing was overwritten. ${restoreHint(paths)}`,
    { file: paths.database, newestBackup: listBackups(paths)[0]?.path ?? null },
  );
}

function setAsideDamaged(paths: HomePaths, err: CoworkError): CoworkError {
  const movedTo = setDatabaseAside(paths.database, 'damaged');
  return new CoworkError(
    'DATA_DAMAGED',
    `${err.message} Cowork did not start; the file was moved to ${movedTo}. ${restoreHint(paths)}`,
    { file: movedTo, newestBackup: listBackups(paths)[0]?.path ?? null },
  );
}

function restoreHint(paths: HomePaths): string {
  const newest = listBackups(paths)[0];
  if (!newest) return `There is no backup in ${paths.backups}.`;
  const events = newest.events === null ? '' : `, ${newest.events} event${newest.events === 1 ? '' : 's'}`;
  return `The newest backup is ${newest.path} (${newest.createdAt}${events}): run "cowork data restore" to put it in place.`;
}
