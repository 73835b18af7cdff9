import { existsSync, readFileSync } from 'node:fs';
import { CoworkError, type DaemonInfo } from '../contracts/index.js';
import { homePaths, readDaemonInfo } from '../store/index.js';

export interface RunningDaemon {
  info: DaemonInfo;
  token: string;
}

export function readToken(home: string): string | undefined {
  const file = homePaths(home).authToken;
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * The daemon serving `home`, if one is up: daemon.json names it, and an authenticated request
 * confirms that the process listening there is that very instance (not a stale file or a
 * stranger on a reused port).
 */
export async function findRunningDaemon(home: string): Promise<RunningDaemon | undefined> {
  const info = readDaemonInfo(homePaths(home).daemonInfo);
  const token = readToken(home);
  if (!info || !token || !isAlive(info.pid)) return undefined;
  try {
    const res = await fetch(`${info.url}/api/daemon`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(2000),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { instanceId?: string };
    return body.instanceId === info.instanceId ? { info, token } : undefined;
  } catch {
    return undefined;
  }
}

/** True while `pid` runs. A zombie (exited, not yet reaped by its adoptive parent) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    // /proc/<pid>/stat: "pid (comm) STATE ..."; comm may contain spaces, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** POSTs to an authenticated endpoint of the running daemon and returns the JSON body. */
export async function postToDaemon<T>(daemon: RunningDaemon, path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${daemon.info.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${daemon.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await res.json()) as T & { error?: { code: string; message: string } };
  if (!res.ok) {
    throw new CoworkError('UNAVAILABLE', json.error?.message ?? `The daemon answered ${res.status}.`);
  }
  return json;
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 25) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return predicate();
}
