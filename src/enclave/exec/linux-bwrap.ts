/**
 * Linux sandbox: bubblewrap. The child runs as an unprivileged user in its own user namespace with
 * every capability dropped, no_new_privs, nested user namespaces disabled and a seccomp filter
 * (seccomp-filter.ts). It sees the system folders read-only, the granted folders (read-only grants
 * read-only), a private /tmp, its own PID/IPC/UTS/cgroup namespaces, and no network. Cowork's data
 * folder (by its real path, wherever a mount exposes it) and secret files inside grants are masked
 * even when a grant covers them; without capabilities and without `mount`/`umount2` the masks
 * cannot be lifted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import type { Grant } from '../policy/evaluate.js';
import { SANDBOX_GIT_ENV, SANDBOX_GITATTRIBUTES, SANDBOX_GITCONFIG } from './git-attributes.js';
import { sandboxRuntimeFiles } from './sandbox-runtime.js';

export const SYSTEM_READ_ONLY = [
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
  /**
   * Folders to hide behind an empty tmpfs (Cowork's data folder). Each is masked at its real path
   * (symlinks resolved), wherever a grant or a system folder would expose it.
   */
  maskDirs: readonly string[];
  /** Files to hide behind an empty read-only regular file (secret files found inside grants). */
  maskFiles: readonly string[];
  /** Paths inside read-write grants bound read-only over themselves (files that run code later). */
  readOnlyPaths?: readonly string[];
  /**
   * Folders of Cowork's own data folder given to this process (an MCP server's data folder, its
   * package in the cache): bound after the masks, so the data folder's mask does not hide them,
   * and the only part of it the process sees. `maskFiles` inside them are masked too.
   */
  ownMounts?: readonly Grant[];
  /** Host folder for the launcher's files (seccomp program, empty mask file): in Cowork's data folder. */
  runtimeDir: string;
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

/**
 * The user the sandboxed program runs as, inside its user namespace: the person's own uid and gid
 * (files look like theirs, git's ownership check passes), or 1000 when the daemon runs as root — an
 * unprivileged id inside the namespace that maps to root outside only for file ownership; it holds
 * no capability anywhere.
 */
export function sandboxIds(): { uid: number; gid: number } {
  const uid = process.getuid?.() ?? 1000;
  const gid = process.getgid?.() ?? 1000;
  return uid === 0 ? { uid: 1000, gid: 1000 } : { uid, gid };
}

let disableUserns: boolean | undefined;
/** bwrap ≥ 0.8 can forbid nested user namespaces; older ones rely on the seccomp filter alone. */
function supportsDisableUserns(): boolean {
  disableUserns ??=
    spawnSync('bwrap', ['--unshare-user', '--disable-userns', '--ro-bind', '/', '/', 'true'], {
      stdio: 'ignore',
      timeout: 10_000,
    }).status === 0;
  return disableUserns;
}

/** The confinement flags every sandbox gets, before any mount. */
function confinementArgs(): string[] {
  const { uid, gid } = sandboxIds();
  return [
    '--unshare-user',
    '--uid',
    String(uid),
    '--gid',
    String(gid),
    ...(supportsDisableUserns() ? ['--disable-userns'] : []),
    '--cap-drop',
    'ALL',
  ];
}

function probeBwrap(): { ok: boolean; reason: string } {
  const r = spawnSync(
    'bwrap',
    [
      ...confinementArgs(),
      '--ro-bind',
      '/',
      '/',
      '--unshare-pid',
      '--unshare-net',
      '--die-with-parent',
      'true',
    ],
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
      : {
          ok: false,
          reason: `bubblewrap cannot create a user namespace and its other namespaces here (exit ${r.status})`,
        };
}

/**
 * The bwrap command line that runs `argv` confined by `spec`. It expects the seccomp program on
 * fd 3 (the launcher in sandbox-launch.ts opens it there).
 */
export function bwrapArgs(spec: SandboxSpec, argv: readonly string[]): string[] {
  const runtime = sandboxRuntimeFiles(spec.runtimeDir);
  const args = [
    ...confinementArgs(),
    '--seccomp',
    '3',
    '--die-with-parent',
    ...(spec.tty ? [] : ['--new-session']),
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--unshare-net',
  ];
  const system = SYSTEM_READ_ONLY.filter((dir) => existsSync(dir));
  for (const dir of system) args.push('--ro-bind', dir, dir);
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
  for (const p of spec.readOnlyPaths ?? []) args.push('--ro-bind', p, p);
  const mounted = [...system, ...spec.grants.map((g) => g.path)];
  const masked = maskedDirs([...spec.maskDirs, spec.runtimeDir], mounted);
  const own = [...(spec.ownMounts ?? [])].sort((a, b) => a.path.length - b.path.length);
  // The masks stay writable until the own folders' mount points are made in them.
  for (const dir of masked) args.push('--tmpfs', dir);
  for (const g of own) args.push(g.mode === 'rw' ? '--bind' : '--ro-bind', g.path, g.path);
  for (const dir of masked) args.push('--remount-ro', dir);
  const visible = (file: string) =>
    !masked.some((d) => within(file, d)) || own.some((g) => within(file, g.path));
  for (const file of spec.maskFiles) if (visible(file)) args.push('--ro-bind', runtime.emptyFile, file);
  args.push('--dir', '/run/cowork');
  args.push(
    '--ro-bind',
    runtime.gitConfig,
    SANDBOX_GITCONFIG,
    '--ro-bind',
    runtime.gitAttributes,
    SANDBOX_GITATTRIBUTES,
  );
  const env: Record<string, string> = { ...SANDBOX_GIT_ENV, ...spec.env };
  if (spec.proxySocket) {
    args.push('--bind', spec.proxySocket, SANDBOX_PROXY_SOCKET);
    const proxy = `http://127.0.0.1:${SANDBOX_PROXY_PORT}`;
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'])
      env[k] = proxy;
  }
  args.push('--chdir', spec.cwd, '--clearenv');
  for (const [k, v] of Object.entries(env)) args.push('--setenv', k, v);
  args.push('--', ...argv);
  return args;
}

const within = (path: string, root: string) =>
  path === root || path.startsWith(root === '/' ? '/' : `${root}/`);

/**
 * Where each folder to hide can be seen inside the sandbox: its real path, wherever a mount
 * exposes it. That is the one that matters: mounts are made of real paths, and any symlink to the
 * folder (in a grant, or in the path Cowork was given) resolves to it inside the sandbox too.
 * Shallowest first, and none under another, so a mask is never mounted inside a read-only one.
 */
export function maskedDirs(dirs: readonly string[], mounted: readonly string[]): string[] {
  const out = new Set<string>();
  for (const dir of dirs) {
    let real: string;
    try {
      real = realpathSync.native(dir);
    } catch {
      continue; // does not exist: nothing to hide
    }
    if (mounted.some((m) => within(real, m))) out.add(real);
  }
  const sorted = [...out].sort((a, b) => a.length - b.length);
  return sorted.filter((d, i) => !sorted.slice(0, i).some((outer) => within(d, outer)));
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
