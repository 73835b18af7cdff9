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
  };
}
export type HomePaths = ReturnType<typeof homePaths>;

/** Creates the home (mode 0700: only this user may look inside). */
export function ensureHome(home: string): HomePaths {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(home, 0o700);
  const paths = homePaths(home);
  mkdirSync(paths.logs, { recursive: true, mode: 0o700 });
  return paths;
}
