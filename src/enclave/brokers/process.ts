/**
 * Long-running sandboxed processes (MCP stdio servers): started by the door, confined like any
 * command, but with their own grants (default: none) and their own host list, and streamed rather
 * than buffered. The caller speaks to stdin/stdout; stderr is for logs.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import { homePaths } from '../../store/index.js';
import { grantConfinement } from '../exec/grant-confinement.js';
import { bwrapAvailable, type SandboxSpec } from '../exec/linux-bwrap.js';
import { sandboxLaunch } from '../exec/sandbox-launch.js';
import type { Grant } from '../policy/evaluate.js';

export interface ProcessOptions {
  argv: readonly string[];
  grants: readonly Grant[];
  env: Record<string, string>;
  /** Unix socket of an egress proxy for this process, or none (no network). */
  proxySocket?: string | undefined;
  /** Cowork's data folder: masked in the sandbox, and home of the launcher's files. */
  dataDir: string;
}

export interface SandboxedProcess {
  child: ChildProcessWithoutNullStreams;
  kill(): void;
}

export function startSandboxedProcess(opts: ProcessOptions): SandboxedProcess {
  const sandbox = bwrapAvailable();
  if (!sandbox.ok)
    throw new CoworkError('SANDBOX_UNAVAILABLE', `Cannot start a sandboxed process: ${sandbox.reason}.`);
  const cwd = opts.grants[0]?.path ?? '/tmp';
  const spec: SandboxSpec = {
    grants: opts.grants,
    cwd,
    ...grantConfinement(opts.grants, opts.dataDir),
    runtimeDir: homePaths(opts.dataDir).sandboxRuntime,
    env: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/tmp/home',
      TMPDIR: '/tmp',
      LANG: 'C.UTF-8',
      ...opts.env,
    },
    proxySocket: opts.proxySocket,
  };
  const launch = sandboxLaunch(spec, opts.argv);
  const child = spawn(launch.file, launch.args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    env: {},
  });
  child.once('close', () => launch.cgroup?.dispose());
  child.once('error', () => launch.cgroup?.dispose());
  const kill = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  return { child, kill };
}

/**
 * Folders a server's program needs read-only to run at all, from the absolute paths on its command
 * line: a script inside `node_modules` gets that whole `node_modules` (its dependencies live
 * there), any other script its package folder (nearest package.json) or its own folder. Everything
 * else the server gets only by an explicit grant.
 */
export function programPaths(argv: readonly string[]): Grant[] {
  const paths = new Set<string>();
  for (const token of argv) {
    if (!isAbsolute(token) || !existsSync(token)) continue;
    if (/^\/(usr|bin|sbin|lib|lib64|etc|opt)\//.test(token)) continue; // mounted anyway
    const modules = token.indexOf('/node_modules/');
    if (modules >= 0) {
      paths.add(token.slice(0, modules + '/node_modules'.length));
      continue;
    }
    const start = statSync(token).isDirectory() ? token : dirname(token);
    let dir = start;
    for (let i = 0; i < 4 && !existsSync(join(dir, 'package.json')) && dirname(dir) !== dir; i++)
      dir = dirname(dir);
    paths.add(existsSync(join(dir, 'package.json')) ? dir : start);
  }
  return [...paths].map((path) => ({ path, mode: 'ro' as const }));
}
