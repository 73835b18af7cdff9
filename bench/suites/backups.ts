// Backups and the check at start (issue 15) on a 100k-event database: the online backup the daemon
// takes daily, the VACUUM INTO copy before a migration, next to a plain copy of the same file; and
// what quick_check / integrity_check add to opening it.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  backupDatabase,
  type Database,
  EventLog,
  ensureHome,
  type HomePaths,
  markCleanStop,
  openDatabase,
  openHomeDatabase,
} from '../../src/store/index.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Measurement } from '../lib/report.js';
import { median, round, timeEach, timeEachAsync } from '../lib/stats.js';

const suite = 'backups';
const EVENTS = 100_000;
const RUNS = 3;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

/** 100k events of a run's usual sizes (tool calls, text deltas), in batches of 1,000. */
function fill(db: Database): void {
  const events = new EventLog(db);
  for (let i = 0; i < EVENTS; i += 1_000) {
    events.appendMany(
      Array.from({ length: 1_000 }, (_, j) => ({
        type: 'client.bench',
        sessionId: `s-${(i + j) % 50}`,
        payload: { n: i + j, text: 'a line of model output, about this long. '.repeat(4) },
      })),
    );
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
}

async function backups(paths: HomePaths, db: Database): Promise<Measurement[]> {
  const dbBytes = statSync(paths.database).size;
  let onlineBytes = 0;
  const online = await timeEachAsync(RUNS, async () => {
    onlineBytes = (await backupDatabase(db, paths)).bytes;
  });
  const copy = timeEach(RUNS, (i) => copyFileSync(paths.database, join(paths.tmp, `copy-${i}.db`)));
  const vacuum = timeEach(RUNS, (i) => db.prepare('VACUUM INTO ?').run(join(paths.tmp, `vacuum-${i}.db`)));
  const vacuumBytes = statSync(join(paths.tmp, 'vacuum-0.db')).size;
  const copyBaseline = { name: 'plain file copy (copyFileSync)', value: round(median(copy), 1) };
  return [
    {
      suite,
      name: `online backup of a ${EVENTS / 1000}k-event cowork.db (daily; median of ${RUNS})`,
      value: round(median(online), 1),
      unit: 'ms',
      baseline: copyBaseline,
    },
    {
      suite,
      name: 'VACUUM INTO copy (before a migration)',
      value: round(median(vacuum), 1),
      unit: 'ms',
      baseline: copyBaseline,
    },
    {
      suite,
      name: 'backup size (online backup)',
      value: mb(onlineBytes),
      unit: 'MB',
      baseline: { name: 'cowork.db itself', value: mb(dbBytes) },
    },
    {
      suite,
      name: 'backup size (VACUUM INTO)',
      value: mb(vacuumBytes),
      unit: 'MB',
      baseline: { name: 'cowork.db itself', value: mb(dbBytes) },
    },
  ];
}

/** Opening at start: after a clean stop (quick_check), after a crash (integrity_check), unchecked. */
function checks(paths: HomePaths): Measurement[] {
  const unchecked = timeEach(RUNS, () => openDatabase(paths.database).close());
  const quick = timeEach(RUNS, () => {
    markCleanStop(paths);
    openHomeDatabase(paths).close();
  });
  const full = timeEach(RUNS, () => openHomeDatabase(paths).close());
  const baseline = { name: 'open without a check', value: round(median(unchecked), 1) };
  return [
    {
      suite,
      name: 'open cowork.db after a clean stop (quick_check)',
      value: round(median(quick), 1),
      unit: 'ms',
      baseline,
    },
    {
      suite,
      name: 'open cowork.db after a crash (integrity_check)',
      value: round(median(full), 1),
      unit: 'ms',
      baseline,
    },
  ];
}

export async function runBackups(): Promise<Measurement[]> {
  const paths = ensureHome(tempDir('cowork-bench-backups-'));
  const db = openHomeDatabase(paths);
  fill(db);
  mkdirSync(paths.tmp, { recursive: true });
  const measured = await backups(paths, db);
  db.close();
  return [...measured, ...checks(paths)];
}
