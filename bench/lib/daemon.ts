import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/** Bundled into dist/bench/run.mjs, so the CLI bundle sits one folder up. */
export const CLI = fileURLToPath(new URL('../cowork.mjs', import.meta.url));

export interface BenchDaemon {
  home: string;
  url: string;
  pid: number;
  token: string;
  wsUrl: string;
  stop(): void;
}

export function startDaemon(): BenchDaemon {
  const home = mkdtempSync(join(tmpdir(), 'cowork-bench-'));
  const out = execFileSync(process.execPath, [CLI, 'start', '--home', home, '--port', '0', '--no-open'], {
    encoding: 'utf8',
  });
  const ready = JSON.parse(out) as { url: string; pid: number };
  return {
    home,
    url: ready.url,
    pid: ready.pid,
    token: readFileSync(join(home, 'auth-token'), 'utf8').trim(),
    wsUrl: `${ready.url.replace('http', 'ws')}/api/ws`,
    stop() {
      execFileSync(process.execPath, [CLI, 'stop', '--home', home]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Starts the bare echo server in its own process; resolves with its ws URL and a stop function. */
export function startEchoServer(): Promise<{ url: string; stop: () => void }> {
  const file = fileURLToPath(new URL('./ws-echo-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    child.stdout.once('data', (d) =>
      resolve({ url: `ws://127.0.0.1:${String(d).trim()}`, stop: () => child.kill() }),
    );
  });
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
