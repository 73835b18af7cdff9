/**
 * Per-call resource limits for sandboxed processes: how many tasks (processes and threads) and how
 * much memory one call may use, so a fork bomb or a memory hog stops at its own call and the host
 * stays usable.
 *
 * The strongest mechanism available is used:
 * 1. cgroup v2 with a delegated subtree (a person's desktop: the systemd user manager delegates
 *    `user@UID.service`): a cgroup per call with `pids.max` and `memory.max`;
 * 2. cgroup v1 `pids` (and `memory`) hierarchies the daemon may write (root on a server): the same,
 *    with `pids.max` and `memory.limit_in_bytes`;
 * 3. otherwise rlimits only: RLIMIT_NPROC (set inside the sandbox's user namespace, so it counts the
 *    call's own processes) and RLIMIT_DATA. RLIMIT_NPROC does nothing for a daemon running as root:
 *    the kernel exempts the host root user (INIT_USER) even inside a user namespace.
 * The rlimits are applied in every case, with the CPU-time and file-size limits, as a second layer.
 *
 * The launcher writes its own pid into the call's cgroup before it execs bubblewrap, so every
 * process of the call is inside from the start (see sandbox-launch.ts).
 */
import { randomUUID } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export interface ResourceLimits {
  /** Tasks (processes and threads: the kernel counts both) the call may have at once. */
  maxProcesses: number;
  /** Memory of all the call's processes together. */
  maxMemoryBytes: number;
}

/**
 * 1024 tasks: a Node process has about ten threads, so this is ~100 processes — enough for
 * `npm test` with a worker per core, far below what hurts a host. 4 GiB: a large TypeScript or
 * webpack build fits.
 */
export const DEFAULT_LIMITS: ResourceLimits = { maxProcesses: 1024, maxMemoryBytes: 4 * 1024 ** 3 };

export type LimitBackend =
  | { kind: 'cgroup2'; parent: string; memory: boolean }
  | { kind: 'cgroup1'; pids: string; memory: string | undefined }
  | { kind: 'rlimit'; reason: string };

export type LimitHit = 'processes' | 'memory';

/** A cgroup made for one call. */
export interface CallCgroup {
  /** `cgroup.procs` files the launcher writes its pid into before it execs bwrap. */
  readonly procsFiles: readonly string[];
  /** Which limit the call has run into so far, if any. */
  limitHit(): LimitHit | undefined;
  /** Kills whatever is left in the cgroup and removes it. */
  dispose(): void;
}

let backend: LimitBackend | undefined;

/** Which mechanism limits calls on this machine (decided once). */
export function limitBackend(): LimitBackend {
  if (!backend) {
    backend = detectBackend();
    if (backend.kind === 'cgroup2') sweepStale([backend.parent]);
    if (backend.kind === 'cgroup1') sweepStale([backend.pids, backend.memory]);
  }
  return backend;
}

interface CgroupLine {
  controllers: string[];
  path: string;
}

function ownCgroups(): CgroupLine[] {
  try {
    return readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [, controllers = '', ...rest] = line.split(':');
        return { controllers: controllers.split(',').filter(Boolean), path: rest.join(':') };
      });
  } catch {
    return [];
  }
}

/** Mount points of cgroup file systems: cgroup2, and each v1 hierarchy by its controllers. */
function cgroupMounts(): { v2: string | undefined; v1: Map<string, string> } {
  const v1 = new Map<string, string>();
  let v2: string | undefined;
  let text = '';
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return { v2, v1 };
  }
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const fields = left.split(' ');
    const [fstype, , superOpts = ''] = right.split(' ');
    const root = fields[3];
    const mountPoint = fields[4]?.replace(/\\040/g, ' ');
    if (!mountPoint || root !== '/') continue;
    if (fstype === 'cgroup2') v2 ??= mountPoint;
    if (fstype === 'cgroup') for (const opt of superOpts.split(',')) v1.set(opt, mountPoint);
  }
  return { v2, v1 };
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const readText = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

function detectBackend(): LimitBackend {
  if (process.platform !== 'linux') return { kind: 'rlimit', reason: 'not Linux' };
  const own = ownCgroups();
  const mounts = cgroupMounts();
  const v2 = own.find((c) => c.controllers.length === 0 && c.path.startsWith('/'));
  if (mounts.v2 && v2) {
    const found = delegatedV2Parent(join(mounts.v2, v2.path));
    if (found) return { kind: 'cgroup2', ...found };
  }
  const v1Dir = (controller: string) => {
    const mount = mounts.v1.get(controller);
    const line = own.find((c) => c.controllers.includes(controller));
    if (!mount || !line) return undefined;
    const dir = join(mount, line.path);
    return existsSync(join(dir, 'cgroup.procs')) && writable(dir) ? dir : undefined;
  };
  const pids = v1Dir('pids');
  if (pids) return { kind: 'cgroup1', pids, memory: v1Dir('memory') };
  return { kind: 'rlimit', reason: 'no writable cgroup with the pids controller' };
}

/**
 * A cgroup v2 folder under which per-call cgroups get the pids (and memory) controllers. Either
 * the daemon's cgroup already enables them for its children, or the daemon owns its cgroup
 * (delegation) and moves itself into a leaf `cowork-daemon` so the controllers can be enabled
 * (the "no internal processes" rule forbids it while the daemon sits in the parent itself). When
 * the cgroup is shared with other processes (a terminal's scope), that fails and nothing changes.
 */
function delegatedV2Parent(dir: string): { parent: string; memory: boolean } | undefined {
  const has = (file: string, c: string) => readText(join(dir, file)).split(/\s+/).includes(c);
  if (!has('cgroup.controllers', 'pids')) return undefined;
  const memory = has('cgroup.controllers', 'memory');
  if (has('cgroup.subtree_control', 'pids') && writable(dir))
    return { parent: dir, memory: has('cgroup.subtree_control', 'memory') };
  if (!writable(dir) || !writable(join(dir, 'cgroup.subtree_control'))) return undefined;
  const leaf = join(dir, 'cowork-daemon');
  try {
    mkdirSync(leaf, { recursive: true });
    writeFileSync(join(leaf, 'cgroup.procs'), `${process.pid}\n`);
    writeFileSync(join(dir, 'cgroup.subtree_control'), memory ? '+pids +memory' : '+pids');
    return { parent: dir, memory };
  } catch {
    try {
      writeFileSync(join(dir, 'cgroup.procs'), `${process.pid}\n`);
      rmdirSync(leaf);
    } catch {}
    return undefined;
  }
}

/** Makes the cgroup(s) for one call, or undefined when only rlimits are available. */
export function createCallCgroup(limits: ResourceLimits): CallCgroup | undefined {
  const b = limitBackend();
  if (b.kind === 'rlimit') return undefined;
  const name = `cowork-call-${randomUUID()}`;
  try {
    return b.kind === 'cgroup2'
      ? v2Cgroup(join(b.parent, name), b.memory, limits)
      : v1Cgroup(b, name, limits);
  } catch {
    // A cgroup that cannot be made (removed, out of cgroups) leaves the rlimits: never no limit.
    return undefined;
  }
}

function v2Cgroup(dir: string, memory: boolean, limits: ResourceLimits): CallCgroup {
  mkdirSync(dir);
  writeFileSync(join(dir, 'pids.max'), String(limits.maxProcesses));
  if (memory) {
    writeFileSync(join(dir, 'memory.max'), String(limits.maxMemoryBytes));
    if (existsSync(join(dir, 'memory.swap.max'))) writeFileSync(join(dir, 'memory.swap.max'), '0');
  }
  return {
    procsFiles: [join(dir, 'cgroup.procs')],
    limitHit: () =>
      eventCount(join(dir, 'pids.events'), 'max') > 0
        ? 'processes'
        : memory && eventCount(join(dir, 'memory.events'), 'oom_kill') > 0
          ? 'memory'
          : undefined,
    dispose: () => {
      try {
        writeFileSync(join(dir, 'cgroup.kill'), '1');
      } catch {
        killMembers(dir);
      }
      removeCgroup(dir);
    },
  };
}

function v1Cgroup(
  b: { pids: string; memory: string | undefined },
  name: string,
  limits: ResourceLimits,
): CallCgroup {
  const pids = join(b.pids, name);
  mkdirSync(pids);
  writeFileSync(join(pids, 'pids.max'), String(limits.maxProcesses));
  let memory: string | undefined;
  if (b.memory) {
    memory = join(b.memory, name);
    try {
      mkdirSync(memory);
      writeFileSync(join(memory, 'memory.limit_in_bytes'), String(limits.maxMemoryBytes));
      // No swapping past the limit where swap accounting exists.
      if (existsSync(join(memory, 'memory.memsw.limit_in_bytes')))
        writeFileSync(join(memory, 'memory.memsw.limit_in_bytes'), String(limits.maxMemoryBytes));
    } catch {
      removeCgroup(memory);
      memory = undefined;
    }
  }
  const dirs = memory ? [pids, memory] : [pids];
  return {
    procsFiles: dirs.map((d) => join(d, 'cgroup.procs')),
    limitHit: () =>
      eventCount(join(pids, 'pids.events'), 'max') > 0
        ? 'processes'
        : memory && eventCount(join(memory, 'memory.oom_control'), 'oom_kill') > 0
          ? 'memory'
          : undefined,
    dispose: () => {
      killMembers(pids);
      for (const d of dirs) removeCgroup(d);
    },
  };
}

/** `key N` from a flat-keyed cgroup file (pids.events, memory.events, memory.oom_control). */
function eventCount(file: string, key: string): number {
  const m = readText(file).match(new RegExp(`^${key} (\\d+)$`, 'm'));
  return m ? Number(m[1]) : 0;
}

/** SIGKILL every member until none is left (pids.max bounds how many can appear meanwhile). */
function killMembers(dir: string): void {
  for (let round = 0; round < 50; round++) {
    const pids = readText(join(dir, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  }
}

/**
 * rmdir, retried briefly: a cgroup is busy until its last (killed) member has been reaped. The
 * retries keep the process alive (at most two seconds), so a short-lived CLI leaves none behind;
 * whatever still is left (a daemon that was killed) is swept at the next start.
 */
function removeCgroup(dir: string): void {
  const attempt = (left: number) => {
    try {
      rmdirSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EBUSY' && left > 0) setTimeout(() => attempt(left - 1), 50);
    }
  };
  attempt(40);
}

/** Call cgroups older than a minute are leftovers; rmdir only succeeds on empty ones. */
const STALE_MS = 60_000;
function sweepStale(parents: readonly (string | undefined)[]): void {
  for (const parent of parents) {
    if (!parent) continue;
    try {
      for (const name of readdirSync(parent)) {
        if (!name.startsWith('cowork-call-')) continue;
        const dir = join(parent, name);
        try {
          if (Date.now() - statSync(dir).mtimeMs > STALE_MS) rmdirSync(dir);
        } catch {}
      }
    } catch {}
  }
}

/**
 * Shell run inside the sandbox before the program: the rlimits. `ulimit -u` is bash's name for
 * RLIMIT_NPROC, `-p` dash's. Sizes are in KiB. Each limit may fail on its own (an already lower
 * hard limit), which leaves that limit as it was.
 */
export function rlimitPrelude(limits: ResourceLimits, timeoutMs: number | undefined): string {
  const kib = Math.floor(limits.maxMemoryBytes / 1024);
  const cpu =
    timeoutMs === undefined ? '' : `ulimit -t ${Math.max(1, Math.ceil((timeoutMs * 2) / 1000))} 2>/dev/null;`;
  return (
    `${cpu} ulimit -f 4194304 2>/dev/null; ulimit -d ${kib} 2>/dev/null;` +
    ` { ulimit -u ${limits.maxProcesses} || ulimit -p ${limits.maxProcesses}; } 2>/dev/null;`
  );
}
