/**
 * How a sandboxed program is started, the same way for commands, terminals (node-pty) and MCP
 * servers: a tiny `/bin/sh` launcher, outside the sandbox, that
 * 1. writes its own pid into the call's cgroup(s), so bwrap and everything it starts are counted
 *    and limited from the first fork (a launcher that cannot do so exits 125: never unlimited);
 * 2. opens the seccomp program on fd 3 and execs bwrap (`--seccomp 3`).
 * node-pty cannot hand a child extra file descriptors, and `child_process.spawn` would share one
 * file offset between calls, so the launcher opens the file itself. Inside the sandbox, the program
 * line first sets the rlimits (and, with network, starts the proxy bridge), then execs the program.
 */

import {
  type CallCgroup,
  createCallCgroup,
  DEFAULT_LIMITS,
  type ResourceLimits,
  rlimitPrelude,
} from './limits.js';
import { bwrapArgs, launchInSandbox, type SandboxSpec } from './linux-bwrap.js';
import { sandboxRuntimeFiles } from './sandbox-runtime.js';

/** Exit status of the launcher when the call's cgroup cannot be joined. */
export const LAUNCH_FAILED_EXIT = 125;

const LAUNCHER = [
  'seccomp=$1; shift',
  'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift',
  'exec "$@" 3< "$seccomp"',
].join('\n');

export interface SandboxLaunch {
  file: string;
  args: string[];
  /** The call's cgroup, when cgroups limit calls here; the caller disposes of it after the exit. */
  cgroup: CallCgroup | undefined;
}

export interface LaunchOptions {
  limits?: ResourceLimits;
  /** Sets the CPU-time rlimit (twice the wall-clock timeout). */
  timeoutMs?: number;
}

/** The program and arguments to spawn for `argv` confined by `spec`. */
export function sandboxLaunch(
  spec: SandboxSpec,
  argv: readonly string[],
  opts: LaunchOptions = {},
): SandboxLaunch {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const inner = launchInSandbox(argv, {
    withProxy: spec.proxySocket !== undefined,
    prelude: rlimitPrelude(limits, opts.timeoutMs),
  });
  const bwrap = bwrapArgs(spec, inner);
  const { seccompFilter } = sandboxRuntimeFiles(spec.runtimeDir);
  const cgroup = createCallCgroup(limits);
  return {
    file: '/bin/sh',
    args: [
      '-c',
      LAUNCHER,
      'cowork-sandbox',
      seccompFilter,
      ...(cgroup?.procsFiles ?? []),
      '--',
      'bwrap',
      ...bwrap,
    ],
    cgroup,
  };
}
