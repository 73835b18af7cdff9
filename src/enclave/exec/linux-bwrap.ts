/**
 * Linux sandbox: bubblewrap. The child sees the system folders read-only, the granted folders
 * (read-only grants read-only), a private /tmp, its own PID/IPC/UTS namespaces, and no network.
 * Cowork's data folder and secret files inside grants are masked even when a grant covers them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Grant } from '../policy/evaluate.js';

const SYSTEM_READ_ONLY = [
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/etc',
  '/opt',
  '/nix/store',
];

export interface SandboxSpec {
  grants: readonly Grant[];
  cwd: string;
  /** Folders to hide behind an empty tmpfs (Cowork's data folder, secret folders). */
  maskDirs: readonly string[];
  /** Files to hide behind /dev/null (secret files found inside grants). */
  maskFiles: readonly string[];
  env: Record<string, string>;
  /** Host path of the egress proxy's socket; without it the sandbox has no network at all. */
  proxySocket?: string | undefined;
  /**
   * A terminal session: the program keeps the PTY as its controlling terminal (no new session).
   * `--new-session` exists to stop TIOCSTI typing into the *caller's* terminal; here the terminal
   * is the session's own PTY, whose other end only Cowork reads.
   */
  tty?: boolean;
}

/** Where the egress proxy appears inside the sandbox, and the loopback port socat serves it on. */
export const SANDBOX_PROXY_SOCKET = '/run/cowork/egress.sock';
export const SANDBOX_PROXY_PORT = 3128;

let probe: { ok: boolean; reason: string } | undefined;

/** Whether bubblewrap can create a sandbox here (checked once: a real `true` inside it). */
export function bwrapAvailable(): { ok: boolean; reason: string } {
  if (probe) return probe;
  probe =
    process.platform === 'linux'
      ? probeBwrap()
      : { ok: false, reason: 'the sandbox is only implemented for Linux (bubblewrap) so far' };
  return probe;
}

function probeBwrap(): { ok: boolean; reason: string } {
  const r = spawnSync(
    'bwrap',
    ['--ro-bind', '/', '/', '--unshare-pid', '--unshare-net', '--die-with-parent', 'true'],
    {
      stdio: 'ignore',
      timeout: 10_000,
    },
  );
  return r.error
    ? {
        ok: false,
        reason: `bubblewrap is not installed (${(r.error as NodeJS.ErrnoException).code}); install the "bubblewrap" package`,
      }
    : r.status === 0
      ? { ok: true, reason: 'bubblewrap works' }
      : { ok: false, reason: `bubblewrap cannot create namespaces here (exit ${r.status})` };
}

/** The bwrap command line that runs `argv` confined by `spec`. */
export function bwrapArgs(spec: SandboxSpec, argv: readonly string[]): string[] {
  const args = [
    '--die-with-parent',
    ...(spec.tty ? [] : ['--new-session']),
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--unshare-net',
  ];
  for (const dir of SYSTEM_READ_ONLY) if (existsSync(dir)) args.push('--ro-bind', dir, dir);
  args.push(
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    '--tmpfs',
    '/var/tmp',
    '--dir',
    '/tmp/home',
  );
  // Shallow grants first, so a nested grant with another mode is bound over its parent.
  for (const g of [...spec.grants].sort((a, b) => a.path.length - b.path.length)) {
    args.push(g.mode === 'rw' ? '--bind' : '--ro-bind', g.path, g.path);
  }
  for (const dir of spec.maskDirs) args.push('--tmpfs', dir, '--remount-ro', dir);
  for (const file of spec.maskFiles) args.push('--ro-bind', '/dev/null', file);
  const env = { ...spec.env };
  if (spec.proxySocket) {
    args.push('--dir', '/run/cowork', '--bind', spec.proxySocket, SANDBOX_PROXY_SOCKET);
    const proxy = `http://127.0.0.1:${SANDBOX_PROXY_PORT}`;
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'])
      env[k] = proxy;
  }
  args.push('--chdir', spec.cwd, '--clearenv');
  for (const [k, v] of Object.entries(env)) args.push('--setenv', k, v);
  args.push('--', ...argv);
  return args;
}

/**
 * The program line inside the sandbox: with network, first bridge the sandbox's loopback port to
 * the egress proxy socket (and wait until it listens); `prelude` is shell run before the program
 * (limits). The program itself is exec'ed, so signals and the exit code are its own.
 */
export function launchInSandbox(
  argv: readonly string[],
  opts: { withProxy: boolean; prelude?: string },
): string[] {
  const prelude = opts.prelude ?? '';
  if (!opts.withProxy) return prelude ? ['/bin/sh', '-c', `${prelude} exec "$0" "$@"`, ...argv] : [...argv];
  const bridge =
    `socat TCP-LISTEN:${SANDBOX_PROXY_PORT},fork,reuseaddr,bind=127.0.0.1 UNIX-CONNECT:${SANDBOX_PROXY_SOCKET} 2>/dev/null &` +
    ` for i in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/${SANDBOX_PROXY_PORT}) 2>/dev/null && break; sleep 0.01; done;`;
  return ['/bin/bash', '-c', `${bridge} ${prelude} exec "$0" "$@"`, ...argv];
}

let socatProbe: boolean | undefined;
/** socat bridges the sandbox's loopback port to the proxy socket; without it commands get no network. */
export function socatAvailable(): boolean {
  socatProbe ??= spawnSync('socat', ['-V'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  return socatProbe;
}
