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

/**
 * The entries Cowork creates at the top of its home, by what they hold: the one place their names
 * are spelled. `homePaths` joins them onto a home, and `data.deleteAll` refuses to empty a folder
 * that holds anything else (in case COWORK_HOME points at a folder of the person's).
 */
export const HOME_LAYOUT = {
  database: 'cowork.db',
  /** The memory index of the person's files (its own file: large, and opened on first use). */
  memoryDatabase: 'memory.db',
  /** The code symbol indexes, one SQLite file per indexed folder (src/perception). */
  code: 'code',
  authToken: 'auth-token',
  policyFile: 'policy.yaml',
  routesFile: 'routes.json',
  pricesFile: 'prices.json',
  /** The person's own secret patterns. */
  redactionFile: 'redaction.json',
  /** The key store's encrypted file and its key, when there is no OS keychain. */
  secretsFile: 'secrets.enc',
  secretsKeyFile: 'secrets.key',
  /** The audit log's public key, so that exports can be checked offline. */
  auditPublicKey: 'audit-signing.pub',
  daemonInfo: 'daemon.json',
  /** The native window's size, position and maximised state, per display (`cowork window`). */
  windowState: 'window-state.json',
  /** Written by an orderly stop, removed at start: without it the next start checks the whole database. */
  cleanStop: 'clean-stop',
  /** Online backups of cowork.db (daily and before each migration), the newest few kept. */
  backups: 'backups',
  /** Checkpoints' file images and screenshots, by content hash. */
  blobs: 'blobs',
  /** Downloaded models (embedding models), one folder each. */
  models: 'models',
  logs: 'logs',
  /** What fs.delete removed, so it can be undone. */
  trash: 'trash',
  /** Command output over the cap, paged by read_output. */
  spool: 'spool',
  /** Sockets and sandbox scratch of the running daemon. */
  run: 'run',
  /** Each MCP stdio server's own writable folder (`mcp/<server>/`): its HOME and working folder. */
  mcpServers: 'mcp',
  /** The one package cache of launcher servers (`npx …`): written by installs, read-only to runs. */
  mcpPackages: 'mcp-packages',
  /** The agent browser's profile. */
  browserHome: 'browser-home',
  /** Scratch space of Cowork's own (export copies); emptied after use. */
  tmp: 'tmp',
} as const;

/** The files inside a Cowork home, named in one place. */
export function homePaths(home: string) {
  const at = Object.fromEntries(
    Object.entries(HOME_LAYOUT).map(([what, name]) => [what, join(home, name)]),
  ) as { readonly [K in keyof typeof HOME_LAYOUT]: string };
  return {
    home,
    ...at,
    daemonLog: join(at.logs, 'daemon.log'),
    /** The sandbox's runtime folder (bwrap's scratch). */
    sandboxRuntime: join(at.run, 'sandbox'),
    egressSocket: join(at.run, 'egress.sock'),
    /** The native window's own socket (0600): a second `cowork open` focuses it and hands it a link. */
    windowSocket: join(at.run, 'window.sock'),
  };
}
export type HomePaths = ReturnType<typeof homePaths>;

/** Every name Cowork creates at the top of its home. */
export const HOME_ENTRIES: ReadonlySet<string> = new Set(Object.values(HOME_LAYOUT));

/** A database moved aside, with the moment in its name: found damaged at start, or replaced by a restore. */
export type SetAsideReason = 'damaged' | 'replaced';
export function setAsideName(database: string, reason: SetAsideReason, at: Date): string {
  return `${database}.${reason}-${timeStamp(at)}`;
}
/** A moment as a file-name part that sorts in time order: `2026-12-01T13-05-00-123Z`. */
export function timeStamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

/**
 * A name Cowork made: a known entry, a SQLite side file of one, an atomic write's temp file, a
 * broken settings file set aside (`keepAside`) or a database set aside (`setAsideName`).
 */
export function isHomeEntry(name: string): boolean {
  if (HOME_ENTRIES.has(name)) return true;
  const database = /^(.+\.db)\.(?:damaged|replaced)-[0-9TZ-]+?(?:-(?:wal|shm|journal))?$/.exec(name);
  if (database) return HOME_ENTRIES.has(database[1]!);
  const setAside = /^(.+)\.broken(?:-\d+)?$/.exec(name);
  if (setAside) return HOME_ENTRIES.has(setAside[1]!);
  const sqliteSide = /^(.+\.db)-(?:wal|shm|journal)$/.exec(name);
  if (sqliteSide) return HOME_ENTRIES.has(sqliteSide[1]!);
  // `.cowork-` since issue 15 (the sweep tells Cowork's temp files by it); older ones had none
  const atomicTemp = /^\.(.+)\.(?:cowork-)?[0-9a-f]{12}\.tmp$/.exec(name);
  return atomicTemp !== null && HOME_ENTRIES.has(atomicTemp[1]!);
}
/** Creates the home (mode 0700: only this user may look inside). */
export function ensureHome(home: string): HomePaths {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(home, 0o700);
  const paths = homePaths(home);
  mkdirSync(paths.logs, { recursive: true, mode: 0o700 });
  mkdirSync(paths.code, { recursive: true, mode: 0o700 });
  return paths;
}
