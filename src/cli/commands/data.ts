/**
 * `cowork data info | export --out FILE | delete --yes | backups | backup | restore [BACKUP]`: the
 * person's data folder as a whole.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CoworkError, DATA_EXPORT_PATH, DELETE_ALL_PHRASE } from '../../contracts/index.js';
import { homePaths, listBackups, restoreBackup } from '../../store/index.js';
import { usageError } from '../command-table.js';
import { findRunningDaemon, isAlive, waitFor } from '../daemon-client.js';
import { printJson } from '../output.js';
import { withDaemon } from '../rpc.js';

export interface DataCommandOptions {
  home: string;
  /** `restore`'s backup: a name in backups/ or a path (default: the newest). */
  backup?: string | undefined;
  out?: string | undefined;
  yes: boolean;
  json: boolean;
}

export async function dataCommand(sub: string | undefined, o: DataCommandOptions): Promise<number> {
  if (sub === 'info') return info(o);
  if (sub === 'export') {
    if (!o.out) throw usageError('data');
    return exportTo(o.home, resolve(o.out));
  }
  if (sub === 'backups') return backups(o);
  if (sub === 'backup') {
    printJson(await withDaemon(o.home, (call) => call('data.backup', {})));
    return 0;
  }
  if (sub === 'restore') return restore(o);
  if (sub === 'delete') {
    if (!o.yes) {
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        "This deletes all of Cowork's data (chats, memory, checkpoints, audit log, keys) and stops it. Add --yes to confirm.",
      );
    }
    return deleteAll(o.home);
  }
  throw usageError('data');
}

async function info(o: DataCommandOptions): Promise<number> {
  const report = await withDaemon(o.home, (call) => call('data.info', {}));
  if (o.json) {
    printJson(report);
    return 0;
  }
  const lines = [`Cowork's data is in ${report.home}`];
  for (const part of report.parts) {
    if (part.bytes > 0)
      lines.push(`  ${formatBytes(part.bytes).padStart(9)}  ${part.path || '…'}  ${part.label}`);
  }
  lines.push(
    `  ${formatBytes(report.totalBytes).padStart(9)}  in all${report.truncated ? ' (at least)' : ''}`,
  );
  const c = report.counts;
  lines.push(`${c.chats} chats, ${c.runs} runs, ${c.events} events, ${c.auditEntries} audit entries`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Read from the folder itself: it works while no daemon runs (one that refused to start included). */
function backups(o: DataCommandOptions): number {
  const paths = homePaths(o.home);
  const list = listBackups(paths);
  if (o.json) {
    printJson({ folder: paths.backups, backups: list });
    return 0;
  }
  if (list.length === 0) {
    process.stdout.write(`No backups yet in ${paths.backups}.\n`);
    return 0;
  }
  const lines = [`Backups of Cowork's database in ${paths.backups} (newest first):`];
  for (const b of list) {
    const events = b.events === null ? 'unreadable' : `${b.events} event${b.events === 1 ? '' : 's'}`;
    lines.push(`  ${b.createdAt}  ${formatBytes(b.bytes).padStart(9)}  ${events.padStart(14)}  ${b.name}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Only while no daemon runs: the database it replaces is moved aside, never deleted. */
async function restore(o: DataCommandOptions): Promise<number> {
  const daemon = await findRunningDaemon(o.home);
  if (daemon) {
    throw new CoworkError(
      'ALREADY_RUNNING',
      `Cowork is running for this home (pid ${daemon.info.pid}): stop it first ("cowork stop").`,
    );
  }
  const { restored, setAside } = restoreBackup(homePaths(o.home), o.backup);
  printJson({ restored: restored.path, createdAt: restored.createdAt, events: restored.events, setAside });
  return 0;
}

/** Streams the daemon's archive into FILE (written beside it first, renamed when complete). */
async function exportTo(home: string, out: string): Promise<number> {
  const daemon = await findRunningDaemon(home);
  if (!daemon)
    throw new CoworkError('UNAVAILABLE', 'No daemon is running for this home; run "cowork start".');
  const res = await fetch(`${daemon.info.url}${DATA_EXPORT_PATH}`, {
    headers: { authorization: `Bearer ${daemon.token}` },
  });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new CoworkError('UNAVAILABLE', body.error?.message ?? `The daemon answered ${res.status}.`);
  }
  const partial = `${out}.partial`;
  try {
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(partial, { mode: 0o600 }));
    renameSync(partial, out);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  printJson({ exported: out });
  return 0;
}

async function deleteAll(home: string): Promise<number> {
  const daemon = await findRunningDaemon(home);
  if (!daemon) {
    throw new CoworkError(
      'UNAVAILABLE',
      'No daemon is running for this home; run "cowork start" first (it removes the keys from the keychain too).',
    );
  }
  const result = await withDaemon(home, (call) => call('data.deleteAll', { confirm: DELETE_ALL_PHRASE }));
  const stopped = await waitFor(() => !isAlive(daemon.info.pid), 15_000, 25);
  printJson({ ...result, stopped });
  return stopped ? 0 : 1;
}

function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (; n >= 1024 && i < units.length - 1; i++) n /= 1024;
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
