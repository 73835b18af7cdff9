/** The daily backup: taken at start when the newest is a day old (or missing), not more often. */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupSchedule } from '../../src/server/backup-schedule.js';
import {
  type Database,
  ensureHome,
  type HomePaths,
  listBackups,
  openHomeDatabase,
  silentLogger,
} from '../../src/store/index.js';
import { waitUntil } from '../helpers/daemon.js';
import { tempDir } from '../helpers/temp-dir.js';

let paths: HomePaths;
let db: Database;
let schedule: BackupSchedule | undefined;
beforeEach(() => {
  paths = ensureHome(tempDir('cowork-schedule-'));
  db = openHomeDatabase(paths);
});
afterEach(async () => {
  await schedule?.stop();
  db.close();
});

const started = () => {
  schedule = new BackupSchedule(db, paths, silentLogger);
  schedule.start();
  return schedule;
};
/** Lets the check at start run (it waits for the next turn of the event loop). */
const settle = () => new Promise((r) => setTimeout(r, 200));

describe('BackupSchedule', () => {
  it('backs up at start when there is no backup, and not again while the newest is less than a day old', async () => {
    started();
    await waitUntil(() => listBackups(paths).length === 1);
    await schedule!.stop();
    started();
    await settle();
    expect(listBackups(paths)).toHaveLength(1);
  });

  it('backs up at start when the newest is older than a day', async () => {
    await new BackupSchedule(db, paths, silentLogger).backUpNow();
    const [made] = listBackups(paths);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString().replace(/[:.]/g, '-');
    renameSync(made!.path, join(paths.backups, `cowork-${twoDaysAgo}.db`));
    started();
    await waitUntil(() => listBackups(paths).length === 2);
    expect(Date.now() - Date.parse(listBackups(paths)[0]!.createdAt)).toBeLessThan(60_000);
  });
});
