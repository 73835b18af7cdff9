/**
 * Runs one command: argv only, inside the sandbox (or, when the person explicitly chose it,
 * unsandboxed), with a timeout that kills the whole process tree, and an output cap — what is
 * over the cap is spooled to a file in Cowork's data folder that the agent can page through.
 */

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS, type LimitHit, type ResourceLimits, rlimitPrelude } from '../exec/limits.js';
import { launchInSandbox, type SandboxSpec } from '../exec/linux-bwrap.js';
import { sandboxLaunch } from '../exec/sandbox-launch.js';

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_OUTPUT_CAP = 64 * 1024;

export interface ExecOptions {
  argv: readonly string[];
  spec: SandboxSpec;
  sandboxed: boolean;
  timeoutMs?: number;
  outputCap?: number;
  spoolDir: string;
  signal?: AbortSignal;
  /** Processes and memory for the whole call (default DEFAULT_LIMITS). */
  limits?: ResourceLimits;
}

export interface ExecOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  /** Bytes beyond the cap went here (stdout and stderr interleaved, as they came). */
  spoolPath: string | null;
  totalBytes: number;
  durationMs: number;
  sandboxed: boolean;
  /**
   * The call ran into its process limit (it was stopped at once: a fork bomb would otherwise spin
   * until the timeout) or its memory limit (the kernel killed the biggest process).
   */
  limitHit: LimitHit | null;
}

/** How often a running call's cgroup is checked for a hit process limit. */
const LIMIT_POLL_MS = 100;

export function runCommand(opts: ExecOptions): Promise<ExecOutcome> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cap = opts.outputCap ?? DEFAULT_OUTPUT_CAP;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const launch = opts.sandboxed
    ? sandboxLaunch(opts.spec, opts.argv, { limits, timeoutMs })
    : unsandboxedLaunch(opts.argv, limits, timeoutMs);
  const { file, args, cgroup } = launch;
  const child = spawn(file, args, {
    cwd: opts.spec.cwd,
    env: opts.sandboxed ? {} : opts.spec.env,
    // Its own process group, so a timeout or cancel can kill the whole tree.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const kept = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  let keptBytes = 0;
  let totalBytes = 0;
  let spoolFd: number | undefined;
  let spoolPath: string | null = null;
  const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    totalBytes += chunk.length;
    const room = cap - keptBytes;
    if (room > 0) {
      kept[stream].push(chunk.subarray(0, room));
      keptBytes += Math.min(room, chunk.length);
    }
    if (chunk.length > room) {
      if (spoolFd === undefined) {
        mkdirSync(opts.spoolDir, { recursive: true, mode: 0o700 });
        spoolPath = join(opts.spoolDir, `exec-${randomUUID()}.log`);
        spoolFd = openSync(spoolPath, 'w', 0o600);
      }
      writeSync(spoolFd, chunk.subarray(Math.max(0, room)));
    }
  };
  child.stdout.on('data', onData('stdout'));
  child.stderr.on('data', onData('stderr'));

  let timedOut = false;
  let cancelled = false;
  const killTree = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killTree();
  }, timeoutMs);
  let limitHit: LimitHit | null = null;
  const watch = cgroup
    ? setInterval(() => {
        limitHit ??= cgroup.limitHit() ?? null;
        if (limitHit === 'processes') killTree();
      }, LIMIT_POLL_MS)
    : undefined;
  const onAbort = () => {
    cancelled = true;
    killTree();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  return new Promise((resolve) => {
    let done = false;
    const finish = (exitCode: number | null, signal: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(watch);
      if (cgroup) {
        limitHit ??= cgroup.limitHit() ?? null;
        cgroup.dispose();
      }
      opts.signal?.removeEventListener('abort', onAbort);
      if (spoolFd !== undefined) closeSync(spoolFd);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(kept.stdout).toString('utf8'),
        stderr: Buffer.concat(kept.stderr).toString('utf8'),
        timedOut,
        cancelled,
        spoolPath,
        totalBytes,
        durationMs: performance.now() - started,
        sandboxed: opts.sandboxed,
        limitHit,
      });
    };
    child.once('error', (err) => finish(null, (err as NodeJS.ErrnoException).code ?? 'spawn error'));
    // 'close' (not 'exit'): all output has been read by then.
    child.once('close', (code, signal) => finish(code, signal));
  });
}

/** Unsandboxed (the person chose it): the program line with the rlimits, nothing else. */
function unsandboxedLaunch(argv: readonly string[], limits: ResourceLimits, timeoutMs: number) {
  const inner = launchInSandbox(argv, { withProxy: false, prelude: rlimitPrelude(limits, timeoutMs) });
  return { file: inner[0]!, args: inner.slice(1), cgroup: undefined };
}
