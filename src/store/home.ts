import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where Cowork keeps its data: `--home` or `COWORK_HOME`, else the platform's data folder
 * (`$XDG_DATA_HOME/cowork` or `~/.local/share/cowork` on Linux, `~/Library/Application Support/Cowork`
 * on macOS, `%LOCALAPPDATA%\Cowork` on Windows).
 */
export function resolveHome(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env['COWORK_HOME']) return resolve(env['COWORK_HOME']);
  return defaultHome(env);
}

function defaultHome(env: NodeJS.ProcessEnv): string {
  const home = env['HOME'] || homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Cowork');
  if (process.platform === 'win32')
    return join(env['LOCALAPPDATA'] || join(home, 'AppData', 'Local'), 'Cowork');
  return join(env['XDG_DATA_HOME'] || join(home, '.local', 'share'), 'cowork');
}

/** The files inside a Cowork home, named in one place. */
export function homePaths(home: string) {
  return {
    home,
    database: join(home, 'cowork.db'),
    authToken: join(home, 'auth-token'),
    policyFile: join(home, 'policy.yaml'),
    daemonInfo: join(home, 'daemon.json'),
    logs: join(home, 'logs'),
    daemonLog: join(home, 'logs', 'daemon.log'),
    /** Downloaded models (embedding models), one folder each. */
    models: join(home, 'models'),
    memoryDatabase: join(home, 'memory.db'),
    blobs: join(home, 'blobs'),
    /** Scratch space of Cowork's own (export copies); emptied after use. */
    tmp: join(home, 'tmp'),
  };
}
export type HomePaths = ReturnType<typeof homePaths>;

/**
 * Every name Cowork creates at the top of its home. Add new ones here: `data.deleteAll` refuses to
 * empty a folder that holds anything else, in case COWORK_HOME points at a folder of the person's.
 */
export const HOME_ENTRIES: ReadonlySet<string> = new Set([
  'cowork.db',
  'memory.db',
  'auth-token',
  'policy.yaml',
  'routes.json',
  'prices.json',
  'redaction.json',
  'secrets.enc',
  'secrets.key',
  'audit-signing.pub',
  'daemon.json',
  'blobs',
  'models',
  'logs',
  'trash',
  'spool',
  'run',
  'browser-home',
  'tmp',
]);

/**
 * A name Cowork made: a known entry, a SQLite side file of one, an atomic write's temp file, or a
 * broken settings file set aside (`keepAside`).
 */
export function isHomeEntry(name: string): boolean {
  if (HOME_ENTRIES.has(name)) return true;
  const setAside = /^(.+)\.broken(?:-\d+)?$/.exec(name);
  if (setAside) return HOME_ENTRIES.has(setAside[1]!);
  const sqliteSide = /^(.+\.db)-(?:wal|shm|journal)$/.exec(name);
  if (sqliteSide) return HOME_ENTRIES.has(sqliteSide[1]!);
  const atomicTemp = /^\.(.+)\.[0-9a-f]{12}\.tmp$/.exec(name);
  return atomicTemp !== null && HOME_ENTRIES.has(atomicTemp[1]!);
}
/** Creates the home (mode 0700: only this user may look inside). */
export function ensureHome(home: string): HomePaths {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(home, 0o700);
  const paths = homePaths(home);
  mkdirSync(paths.logs, { recursive: true, mode: 0o700 });
  return paths;
}
