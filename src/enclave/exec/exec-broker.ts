/**
 * Runs one command: argv only, inside the sandbox (or, when the person explicitly chose it,
 * unsandboxed), with a timeout that kills the whole process tree, and an output cap — what is
 * over the cap is spooled to a file in Cowork's data folder that the agent can page through.
 */

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { bwrapArgs, launchInSandbox, type SandboxSpec } from './linux-bwrap.js';

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
}

/**
 * The launcher inside the sandbox: per-process limits (CPU seconds, file size) and, when the
 * command may reach the network, socat bridging 127.0.0.1:3128 to the egress proxy's socket.
 */
function launcher(argv: readonly string[], timeoutMs: number, withProxy: boolean): string[] {
  const cpuSeconds = Math.max(1, Math.ceil((timeoutMs * 2) / 1000));
  const limits = `ulimit -t ${cpuSeconds} 2>/dev/null; ulimit -f 4194304 2>/dev/null;`;
  return launchInSandbox(argv, { withProxy, prelude: limits });
}

export function runCommand(opts: ExecOptions): Promise<ExecOutcome> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cap = opts.outputCap ?? DEFAULT_OUTPUT_CAP;
  const inner = launcher(opts.argv, timeoutMs, opts.sandboxed && opts.spec.proxySocket !== undefined);
  const [file, args] = opts.sandboxed ? ['bwrap', bwrapArgs(opts.spec, inner)] : [inner[0]!, inner.slice(1)];
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
      });
    };
    child.once('error', (err) => finish(null, (err as NodeJS.ErrnoException).code ?? 'spawn error'));
    // 'close' (not 'exit'): all output has been read by then.
    child.once('close', (code, signal) => finish(code, signal));
  });
}
