import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ReadyLine } from '../../src/contracts/index.js';
import { homePaths } from '../../src/store/index.js';
import { tempDir } from './temp-dir.js';

const run = promisify(execFile);
/** The built CLI: two folders up is the repository from test/helpers/ and from dist/bench/ (the bench bundle). */
export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cowork.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `cowork` CLI as a person would. */
export async function cowork(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Runs the built CLI with `input` piped on its standard input (then closed), as a shell pipe would. */
export function coworkWithInput(args: string[], input: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Logs in as the UI does, by a one-time bootstrap link, and returns the session cookie (`name=value`). */
export async function loginCookie(daemon: TestDaemon): Promise<string> {
  const link = (await cowork(['open', '--print-url', '--home', daemon.home])).stdout.trim();
  const res = await fetch(link, { redirect: 'manual' });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

export interface TestDaemon {
  home: string;
  url: string;
  port: number;
  pid: number;
  token: string;
  wsUrl: string;
  stop(): Promise<void>;
  kill(): void;
}

/**
 * Starts a real, detached coworkd on a free port, in `home` (by default a temp folder removed with
 * the current scope). Tests start theirs with `fixture().withDaemon()`; this is its engine.
 */
export async function startTestDaemon(home = tempDir(), env: NodeJS.ProcessEnv = {}): Promise<TestDaemon> {
  const result = await cowork(['start', '--home', home, '--port', '0', '--no-open'], env);
  if (result.code !== 0) throw new Error(`cowork start failed: ${result.stderr}`);
  const ready = ReadyLine.parse(JSON.parse(result.stdout.trim()));
  const port = Number(new URL(ready.url).port);
  const daemon: TestDaemon = {
    home,
    url: ready.url,
    port,
    pid: ready.pid,
    token: readFileSync(homePaths(home).authToken, 'utf8').trim(),
    wsUrl: `ws://127.0.0.1:${port}/api/ws`,
    async stop() {
      await cowork(['stop', '--home', home]);
    },
    kill() {
      try {
        process.kill(ready.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
  return daemon;
}

/** Stops the daemon; one that no longer answers (a test found a hang) is killed: none may outlive its test. */
export async function shutDown(daemon: TestDaemon): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 10_000);
  });
  await Promise.race([daemon.stop(), hung]);
  clearTimeout(timer);
  daemon.kill();
}

export { isAlive } from '../../src/cli/index.js';

export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('waitUntil timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { spawn };
