/**
 * The data folder as a whole: what is in it and how big (for the person's Data page), and emptying
 * it when the person deletes everything — only ever inside the folder, and never a folder that
 * does not look like a Cowork home.
 */
import { existsSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, parse, resolve, sep } from 'node:path';
import { CoworkError } from '../contracts/index.js';
import type { Database } from './database.js';
import { HOME_LAYOUT, type HomePaths, homePaths, isHomeEntry } from './home.js';

/** The size walk stops after this many files: it answers quickly even for a huge blob store. */
const MAX_FILES_WALKED = 200_000;

type PartId = 'database' | 'backups' | 'memory' | 'blobs' | 'models' | 'logs' | 'other';
export interface DataPart {
  id: PartId;
  label: string;
  path: string;
  bytes: number;
  files: number;
}
export interface HomeUsage {
  parts: DataPart[];
  totalBytes: number;
  truncated: boolean;
}

/** A database and its SQLite side files (-wal, -shm, -journal). */
const databaseFiles = (name: string) => (n: string) => n === name || n.startsWith(`${name}-`);
const folder = (name: string) => (n: string) => n === name;

const PARTS: { id: PartId; label: string; path: string; owns: (name: string) => boolean }[] = [
  {
    id: 'database',
    label: 'Chats, runs, audit log and settings',
    path: HOME_LAYOUT.database,
    owns: databaseFiles(HOME_LAYOUT.database),
  },
  {
    id: 'backups',
    label: 'Backups of the database',
    path: `${HOME_LAYOUT.backups}/`,
    owns: folder(HOME_LAYOUT.backups),
  },
  {
    id: 'memory',
    label: 'Memory index of your files',
    path: HOME_LAYOUT.memoryDatabase,
    owns: databaseFiles(HOME_LAYOUT.memoryDatabase),
  },
  {
    id: 'blobs',
    label: 'Checkpoints and screenshots',
    path: `${HOME_LAYOUT.blobs}/`,
    owns: folder(HOME_LAYOUT.blobs),
  },
  {
    id: 'models',
    label: 'Downloaded models',
    path: `${HOME_LAYOUT.models}/`,
    owns: folder(HOME_LAYOUT.models),
  },
  { id: 'logs', label: 'Logs', path: `${HOME_LAYOUT.logs}/`, owns: folder(HOME_LAYOUT.logs) },
];

/**
 * Sizes of the home's parts, by an async walk (never a long block of the event loop) that stops
 * after MAX_FILES_WALKED files. Symbolic links are counted, never followed.
 */
export async function measureHome(home: string): Promise<HomeUsage> {
  const parts: DataPart[] = [
    ...PARTS.map(({ id, label, path }) => ({ id, label, path, bytes: 0, files: 0 })),
    {
      id: 'other' as const,
      label: 'Everything else (trash, spool, keys, settings files)',
      path: '',
      bytes: 0,
      files: 0,
    },
  ];
  const budget = { files: MAX_FILES_WALKED };
  for (const entry of await readdir(home, { withFileTypes: true })) {
    const part = parts[PARTS.findIndex((p) => p.owns(entry.name))] ?? parts.at(-1)!;
    const { bytes, files } = await sizeOf(join(home, entry.name), budget);
    part.bytes += bytes;
    part.files += files;
    if (budget.files <= 0) break;
  }
  return {
    parts,
    totalBytes: parts.reduce((sum, p) => sum + p.bytes, 0),
    truncated: budget.files <= 0,
  };
}

async function sizeOf(path: string, budget: { files: number }): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const stack = [path];
  while (stack.length > 0 && budget.files > 0) {
    const next = stack.pop()!;
    const stat = await lstat(next).catch(() => undefined); // removed meanwhile: not there
    if (!stat) continue;
    if (stat.isDirectory()) {
      const names = await readdir(next).catch(() => [] as string[]);
      for (const name of names) stack.push(join(next, name));
      continue;
    }
    bytes += stat.size;
    files++;
    budget.files--;
  }
  return { bytes, files };
}

/** Counts from the database that cost no table scan (the sequences are never reused). */
export function countRecords(db: Database): {
  chats: number;
  runs: number;
  events: number;
  auditEntries: number;
} {
  const one = (sql: string) => Number((db.prepare(sql).pluck().get() as number | null) ?? 0);
  return {
    chats: one('SELECT COUNT(DISTINCT session_id) FROM runs'),
    runs: one('SELECT COUNT(*) FROM runs'),
    events: one('SELECT MAX(sequence) FROM events'),
    auditEntries: one('SELECT MAX(sequence) FROM audit_log'),
  };
}

/**
 * Throws unless `home` is safe to empty: an absolute folder below the filesystem root, not the
 * person's home folder nor one above it, holding a Cowork database and nothing Cowork did not create.
 */
export function assertDeletableHome(home: string): string {
  const refuse = (why: string): never => {
    throw new CoworkError('PERMISSION_DENIED', `Refusing to delete the contents of ${home}: ${why}`);
  };
  if (resolve(home) !== home) refuse('it is not an absolute path.');
  let real: string;
  try {
    real = realpathSync(home);
  } catch {
    return refuse('it does not exist.');
  }
  const segments = real.slice(parse(real).root.length).split(sep).filter(Boolean);
  if (segments.length < 2) refuse('it is a filesystem root or a top-level system folder.');
  const personal = realpathSync(homedir());
  if (real === personal || personal.startsWith(`${real}${sep}`))
    refuse('it is your home folder or above it.');
  if (!existsSync(homePaths(real).database)) refuse('it holds no Cowork database.');
  const foreign = readdirSync(real).filter((name) => !isHomeEntry(name));
  if (foreign.length > 0) {
    refuse(
      `it holds files Cowork did not create (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? '…' : ''}). Move them elsewhere first.`,
    );
  }
  return real;
}

/**
 * Empties the data folder (the folder itself stays). Each top-level entry is removed on its own;
 * `rm` never follows a symbolic link, so nothing outside the folder is touched.
 */
export function emptyHome(paths: HomePaths): number {
  const real = assertDeletableHome(paths.home);
  let removed = 0;
  for (const name of readdirSync(real)) {
    rmSync(join(real, name), { recursive: true, force: true, maxRetries: 3 });
    removed++;
  }
  return removed;
}
