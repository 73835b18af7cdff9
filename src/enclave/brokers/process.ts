/**
 * Long-running sandboxed processes (MCP stdio servers): started by the door, confined like any
 * command, but with their own grants (default: none) and their own host list, and streamed rather
 * than buffered. The caller speaks to stdin/stdout; stderr is for logs.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { CoworkError } from '../../contracts/index.js';
import { homePaths } from '../../store/index.js';
import { grantConfinement, ownMountSecrets, presentGrants } from '../exec/grant-confinement.js';
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
  /** Folders of the data folder this process is given (see SandboxSpec.ownMounts). */
  ownMounts?: readonly Grant[];
  /** Its working folder (default: the first grant, else /tmp) and HOME (default /tmp/home). */
  cwd?: string;
  home?: string;
}

export interface SandboxedProcess {
  child: ChildProcessWithoutNullStreams;
  kill(): void;
}

export function startSandboxedProcess(opts: ProcessOptions): SandboxedProcess {
  const sandbox = bwrapAvailable();
  if (!sandbox.ok)
    throw new CoworkError('SANDBOX_UNAVAILABLE', `Cannot start a sandboxed process: ${sandbox.reason}.`);
  const cwd = opts.cwd ?? opts.grants[0]?.path ?? '/tmp';
  const ownMounts = opts.ownMounts ?? [];
  const grants = presentGrants(opts.grants);
  const confinement = grantConfinement(grants, opts.dataDir);
  const spec: SandboxSpec = {
    grants,
    cwd,
    ...confinement,
    // Secrets in the read-only ones (a package in the cache) are masked; a read-write one is the
    // process's own state (an MCP server's data folder): what it wrote there it may read back.
    maskFiles: [...confinement.maskFiles, ...ownMountSecrets(ownMounts.filter((m) => m.mode === 'ro'))],
    ownMounts,
    runtimeDir: homePaths(opts.dataDir).sandboxRuntime,
    env: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: opts.home ?? '/tmp/home',
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
