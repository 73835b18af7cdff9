/**
 * Long-running sandboxed processes (MCP stdio servers): started by the door, confined like any
 * command, but with their own grants (default: none) and their own host list, and streamed rather
 * than buffered. The caller speaks to stdin/stdout; stderr is for logs.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { CoworkError } from '../../contracts/index.js';
import type { Grant } from '../policy/evaluate.js';
import {
  bwrapArgs,
  bwrapAvailable,
  SANDBOX_PROXY_PORT,
  SANDBOX_PROXY_SOCKET,
  type SandboxSpec,
} from './linux-bwrap.js';

export interface ProcessOptions {
  argv: readonly string[];
  grants: readonly Grant[];
  env: Record<string, string>;
  /** Unix socket of an egress proxy for this process, or none (no network). */
  proxySocket?: string | undefined;
  maskDirs: readonly string[];
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
    maskDirs: opts.maskDirs,
    maskFiles: [],
    env: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/tmp/home',
      TMPDIR: '/tmp',
      LANG: 'C.UTF-8',
      ...opts.env,
    },
    proxySocket: opts.proxySocket,
  };
  const inner = opts.proxySocket
    ? [
        '/bin/bash',
        '-c',
        `socat TCP-LISTEN:${SANDBOX_PROXY_PORT},fork,reuseaddr,bind=127.0.0.1 UNIX-CONNECT:${SANDBOX_PROXY_SOCKET} 2>/dev/null & exec "$0" "$@"`,
        ...opts.argv,
      ]
    : [...opts.argv];
  const child = spawn('bwrap', bwrapArgs(spec, inner), {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    env: {},
  });
  const kill = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  return { child, kill };
}
