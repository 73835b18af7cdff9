import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { CoworkError } from '../contracts/index.js';

/** What SQLite (better-sqlite3's `code`) and the OS call a write that found no room. */
const NO_ROOM = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/** True for an error that says the disk (or the person's quota) is full. */
export function isDiskFull(err: unknown): boolean {
  if (err instanceof CoworkError) return err.code === 'DISK_FULL';
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && NO_ROOM.has(code);
}

/**
 * The stable error for a full disk: names the folder and how much room is left there (as the
 * person's `df` would say it), so the person knows what to free, and where.
 */
export function diskFullError(folder: string): CoworkError {
  const free = freeBytes(folder);
  diskAlarm.raise(folder, free);
  return new CoworkError('DISK_FULL', diskFullMessage(folder, free ?? null), {
    folder,
    ...(free === undefined ? {} : { freeBytes: free }),
  });
}

/** What a person reads: which folder's disk is full, and the room left there. */
export function diskFullMessage(folder: string, free: number | null): string {
  const room = free === null ? '' : ` (${formatBytes(free)} free)`;
  return `The disk holding ${folder} is full${room}. Free some space and try again.`;
}

/** `err` as DISK_FULL when it is one (naming `folder`); anything else unchanged. */
export function asDiskFull(err: unknown, folder: string): unknown {
  return isDiskFull(err) && !(err instanceof CoworkError) ? diskFullError(folder) : err;
}

/** The folder a database file lives in (where SQLite needs room). */
export function databaseFolder(db: Database): string {
  return dirname(db.name);
}

/**
 * Runs a write; a full disk becomes DISK_FULL naming `folder`, and a write that succeeds there
 * clears the alarm (the person freed space).
 */
export function writingIn<T>(folder: string, write: () => T): T {
  try {
    const result = write();
    diskAlarm.clear(folder);
    return result;
  } catch (err) {
    throw asDiskFull(err, folder);
  }
}

export interface DiskFullState {
  folder: string;
  freeBytes: number | null;
  since: string;
}

/**
 * The folders whose last write found no room, until a write there succeeds again. The status the
 * UI shows comes from here: when the disk is full no event can be appended to say so.
 */
class DiskAlarm {
  readonly #full = new Map<string, DiskFullState>();

  raise(folder: string, free: number | undefined): void {
    const since = this.#full.get(folder)?.since ?? new Date().toISOString();
    this.#full.set(folder, { folder, freeBytes: free ?? null, since });
  }

  clear(folder: string): void {
    if (this.#full.size > 0) this.#full.delete(folder);
  }

  /** The folders still full (the first one, for a status line), each with its free space now. */
  current(): DiskFullState[] {
    return [...this.#full.values()].map((s) => ({ ...s, freeBytes: freeBytes(s.folder) ?? s.freeBytes }));
  }
}

/** One per process: the disks are the process's, whichever store or broker hit them. */
export const diskAlarm = new DiskAlarm();

function freeBytes(folder: string): number | undefined {
  try {
    const s = statfsSync(folder);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}
