/**
 * The person's export: one .tar.gz of their data. The databases are copied with SQLite's online
 * backup (a consistent snapshot, never the live WAL files), then cleaned of what must not leave:
 * browser-session hashes and MCP servers' environment values (they often hold tokens). The key
 * store (secrets.enc, secrets.key), the API token and the logs are never read.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from './database.js';
import type { HomePaths } from './home.js';
import { type TarEntry, tarStream } from './tar-writer.js';

/** Settings files exported as they are (all optional). */
const CONFIG_FILES = ['policyFile', 'routesFile', 'pricesFile', 'redactionFile'] as const;
/** Leftover scratch copies (a crash during an export) are removed after this long. */
const STALE_SCRATCH_MS = 60 * 60 * 1000;

export interface ExportManifest {
  format: 'cowork-export';
  formatVersion: 1;
  coworkVersion: string;
  createdAt: string;
  contents: { path: string; bytes: number; what: string }[];
  excluded: string[];
}

export interface PreparedExport {
  manifest: ExportManifest;
  /** The archive, gzip-compressed; the scratch copies are removed when it ends or fails. */
  stream(): Readable;
  /** Removes the scratch copies (when the archive is never streamed). */
  discard(): void;
}

/**
 * Takes the snapshot (async: the backup copies pages in steps between other work) and lists what the
 * archive will hold. Streaming happens afterwards, so a failure here can still be reported cleanly.
 */
export async function prepareExport(
  paths: HomePaths,
  db: Database,
  coworkVersion: string,
  /** Called once the scratch copies are gone (streamed, failed or discarded). */
  onDone: () => void = () => {},
): Promise<PreparedExport> {
  const scratch = makeScratch(paths.tmp);
  try {
    const contents: { entry: TarEntry; what: string }[] = [];
    /** Each file is archived under its path in the home (its scratch copy, for the databases). */
    const nameOf = (file: string) => relative(paths.home, file).split(sep).join('/');
    const addFile = (name: string, file: string, what: string) => {
      const stat = statSync(file);
      contents.push({ entry: { name, size: stat.size, mtime: stat.mtime, source: { file } }, what });
    };

    const database = join(scratch, nameOf(paths.database));
    await db.backup(database);
    scrubDatabaseCopy(database);
    addFile(nameOf(paths.database), database, 'chats, runs, events, audit log, settings (SQLite)');

    if (existsSync(paths.memoryDatabase)) {
      const memory = join(scratch, nameOf(paths.memoryDatabase));
      await backupFile(paths.memoryDatabase, memory);
      addFile(nameOf(paths.memoryDatabase), memory, 'the memory index of your files (SQLite, sqlite-vec)');
    }
    for (const setting of CONFIG_FILES) {
      const file = paths[setting];
      if (existsSync(file) && statSync(file).isFile()) addFile(nameOf(file), file, 'your settings');
    }
    for await (const file of regularFiles(paths.blobs)) {
      addFile(nameOf(file), file, 'checkpoint or screenshot');
    }

    const manifest: ExportManifest = {
      format: 'cowork-export',
      formatVersion: 1,
      coworkVersion,
      createdAt: new Date().toISOString(),
      contents: contents.map(({ entry, what }) => ({ path: entry.name, bytes: entry.size, what })),
      excluded: [
        'secrets.enc, secrets.key and OS keychain entries (your API keys)',
        'auth-token and browser login sessions',
        'environment values of MCP servers (names kept, values emptied)',
        'models/ (downloadable again), logs/, trash/, spool/',
        'backups/ (older copies of the database, which is in the archive as it is now)',
      ],
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    const entries: TarEntry[] = [
      { name: 'manifest.json', size: manifestBytes.length, mtime: new Date(), source: manifestBytes },
      ...contents.map((c) => c.entry),
    ];
    let discarded = false;
    const discard = () => {
      if (discarded) return;
      discarded = true;
      rmSync(scratch, { recursive: true, force: true });
      onDone();
    };
    return {
      manifest,
      discard,
      stream: () => {
        const gzip = createGzip({ level: 6 });
        const tar = Readable.from(tarStream(entries));
        tar.on('error', (err) => gzip.destroy(err));
        gzip.on('close', discard);
        return tar.pipe(gzip);
      },
    };
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    onDone();
    throw err;
  }
}

/** A fresh 0700 scratch folder inside the home (same disk, same protection as the data itself). */
function makeScratch(tmp: string): string {
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(tmp)) {
    const path = join(tmp, name);
    if (name.startsWith('export-') && Date.now() - statSync(path).mtimeMs > STALE_SCRATCH_MS) {
      rmSync(path, { recursive: true, force: true });
    }
  }
  const scratch = join(tmp, `export-${randomBytes(8).toString('hex')}`);
  mkdirSync(scratch, { mode: 0o700 });
  return scratch;
}

/** memory.db is not locked exclusively: a second connection takes the snapshot. */
async function backupFile(source: string, target: string): Promise<void> {
  const db = new BetterSqlite3(source, { fileMustExist: true, timeout: 5000 });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  standalone(target);
}

/**
 * The copy must not log anyone in, nor carry tokens: browser sessions are removed, MCP servers'
 * environment values emptied; secure_delete + VACUUM leave no trace of them in free pages.
 */
function scrubDatabaseCopy(file: string): void {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('secure_delete = ON');
    db.exec('DELETE FROM ui_sessions');
    const rows = db.prepare('SELECT name, config FROM mcp_servers').all() as {
      name: string;
      config: string;
    }[];
    const update = db.prepare('UPDATE mcp_servers SET config = ? WHERE name = ?');
    for (const row of rows) {
      const config = JSON.parse(row.config) as { env?: Record<string, string> };
      if (config.env) config.env = Object.fromEntries(Object.keys(config.env).map((k) => [k, '']));
      update.run(JSON.stringify(config), row.name);
    }
    db.pragma('journal_mode = DELETE');
    db.exec('VACUUM');
  } finally {
    db.close();
  }
}

/** One self-contained file (no -wal beside it), so the archive opens anywhere. */
function standalone(file: string): void {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

async function* regularFiles(root: string): AsyncGenerator<string> {
  if (!existsSync(root)) return;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const path = join(dir, name);
      const stat = await lstat(path);
      if (stat.isDirectory()) stack.push(path);
      else if (stat.isFile() && !name.endsWith('.tmp')) yield path;
    }
  }
}
