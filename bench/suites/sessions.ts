// Sessions benchmarks (issue 6): PTY → WebSocket client throughput next to raw node-pty; keystroke
// → echo latency through the daemon next to raw node-pty; health latency during a 100 MB flood;
// server memory for 100k lines of scrollback; folder-watcher event latency next to bare
// @parcel/watcher.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { JsonRpcClient } from '../../src/contracts/index.js';
import { Scrollback } from '../../src/sessions/index.js';
import { fixture } from '../../test/helpers/fixture/index.js';
import { connect } from '../lib/daemon.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { percentile, round } from '../lib/stats.js';

const suite = 'sessions';
const FLOOD_BYTES = 200_000_000;

/** The typed JSON-RPC client, with the terminal output frames handed to listeners. */
async function client(wsUrl: string, token: string) {
  const ws: WebSocket = await connect(wsUrl, { authorization: `Bearer ${token}` });
  const rpc = new JsonRpcClient((frame) => ws.send(frame));
  const listeners = new Set<(frame: Buffer) => void>();
  ws.on('message', (data, isBinary) => {
    if (isBinary) for (const l of listeners) l(data as Buffer);
    else rpc.receive(String(data));
  });
  return {
    ws,
    call: rpc.call.bind(rpc),
    onFrame: (l: (f: Buffer) => void) => listeners.add(l),
    off: (l: (f: Buffer) => void) => listeners.delete(l),
  };
}

async function rawPtyThroughput(): Promise<number> {
  const { spawn } = await import('@lydell/node-pty');
  const p = spawn('head', ['-c', String(FLOOD_BYTES), '/dev/zero'], {
    cols: 120,
    rows: 32,
    encoding: null,
  } as never);
  const t0 = performance.now();
  let bytes = 0;
  await new Promise<void>((resolve) => {
    p.onData((d) => {
      bytes += (d as unknown as Buffer).length;
      if (bytes >= FLOOD_BYTES) resolve();
    });
    p.onExit(() => setTimeout(resolve, 100));
  });
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

async function rawPtyEcho(count: number): Promise<number[]> {
  const { spawn } = await import('@lydell/node-pty');
  const p = spawn('cat', [], { cols: 120, rows: 32, encoding: null } as never);
  await new Promise((r) => setTimeout(r, 200));
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const sub = p.onData(() => {
        sub.dispose();
        resolve();
      });
      p.write('x');
    });
    samples.push(performance.now() - t0);
  }
  p.kill();
  return samples;
}

async function throughDaemon(): Promise<Measurement[]> {
  const f = await fixture('cowork-bench-term-').withDaemon().withGrant('rw').start();
  const { daemon: d, folder: work } = f;
  try {
    const c = await client(d.wsUrl, d.token);

    // Throughput: a program writing FLOOD_BYTES into its terminal, counted at the client.
    const flood = await c.call('terminal.open', {
      argv: ['head', '-c', String(FLOOD_BYTES), '/dev/zero'],
      cwd: work,
    });
    let received = 0;
    const t0 = performance.now();
    const counted = new Promise<void>((resolve) => {
      c.onFrame((f) => {
        received += f.length - 5;
        if (received >= FLOOD_BYTES) resolve();
      });
    });
    await c.call('terminal.attach', { id: flood.id });
    // Health while it floods (the daemon must keep answering).
    const health: number[] = [];
    let flooding = true;
    const probing = (async () => {
      while (flooding) {
        const h0 = performance.now();
        await fetch(`${d.url}/api/health`);
        health.push(performance.now() - h0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await Promise.race([
      counted,
      c.call('terminal.wait', { id: flood.id }).then(() => new Promise((r) => setTimeout(r, 500))),
    ]);
    const seconds = (performance.now() - t0) / 1000;
    flooding = false;
    await probing;
    const raw = await rawPtyThroughput();

    // Keystroke → echo: `cat` in a terminal echoes each key (the tty's echo), measured at the client.
    const cat = await c.call('terminal.open', {
      argv: ['cat'],
      cwd: work,
    });
    let waiter: (() => void) | undefined;
    const echo = (f: Buffer) => {
      if (f.includes('x')) waiter?.();
    };
    c.onFrame(echo);
    await c.call('terminal.attach', { id: cat.id });
    await new Promise((r) => setTimeout(r, 300));
    const keys: number[] = [];
    for (let i = 0; i < 300; i++) {
      const k0 = performance.now();
      await new Promise<void>((resolve) => {
        waiter = resolve;
        c.ws.send(
          JSON.stringify({
            jsonrpc: '2.0',
            id: 1_000_000 + i,
            method: 'terminal.write',
            params: { id: cat.id, data: 'x' },
          }),
        );
      });
      keys.push(performance.now() - k0);
    }
    c.off(echo);
    const rawKeys = await rawPtyEcho(300);
    await c.call('terminal.kill', { id: cat.id });
    c.ws.close();
    return [
      {
        suite,
        name: 'PTY → WebSocket client throughput',
        value: round(received / 1e6 / seconds, 1),
        unit: 'MB/s',
        baseline: { name: 'raw node-pty, same program', value: round(raw, 1) },
        budget: { op: '>', value: 20 },
      },
      ...latencyPair(
        suite,
        'keystroke → echo through the daemon',
        'ms',
        keys,
        { name: 'raw node-pty', samples: rawKeys },
        2,
        16,
      ),
      {
        suite,
        name: `health answer during a ${FLOOD_BYTES / 1e6} MB flood p99`,
        value: round(percentile(health, 99), 1),
        unit: 'ms',
        note: `${health.length} probes`,
        budget: { op: '<', value: 50 },
      },
    ];
  } finally {
    await f.cleanup();
  }
}

/** Memory of 100k lines (80 columns) of scrollback, as the daemon keeps it. */
function scrollbackMemory(): Measurement[] {
  const before = process.memoryUsage();
  const sb = new Scrollback();
  const line = Buffer.from(`${'x'.repeat(78)}\r\n`);
  for (let i = 0; i < 100_000; i += 100) sb.append(Buffer.concat(Array.from({ length: 100 }, () => line)));
  const after = process.memoryUsage();
  const mb = (after.arrayBuffers - before.arrayBuffers + after.heapUsed - before.heapUsed) / 1e6;
  return [
    {
      suite,
      name: 'server memory for 100k lines of scrollback',
      value: round(mb, 1),
      unit: 'MB',
      baseline: { name: 'the bytes themselves', value: round(sb.bytes / 1e6, 1) },
      budget: { op: '<', value: 50 },
    },
  ];
}

/** Write a file → the change reported: through the enclave's watcher, next to bare @parcel/watcher. */
async function watcherLatency(): Promise<Measurement[]> {
  const bench = fixture('cowork-bench-watch-').withEnclave().withGrant('rw').start();
  const { folder: work, enclave } = bench;
  const measure = async (subscribe: (cb: () => void) => Promise<{ stop(): Promise<void> }>, n: number) => {
    let hit: (() => void) | undefined;
    const w = await subscribe(() => hit?.());
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        hit = resolve;
        writeFileSync(join(work, `f${i}-${Math.random()}.txt`), 'x');
      });
      samples.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    await w.stop();
    return samples;
  };
  try {
    const ctx = { actor: 'system' as const, sessionId: null, runId: null };
    const ours = await measure((cb) => enclave.watch(work, ctx, cb), 40);
    const { subscribe } = await import('@parcel/watcher');
    const bare = await measure(async (cb) => {
      const sub = await subscribe(work, () => cb());
      return { stop: () => sub.unsubscribe() };
    }, 40);
    return latencyPair(
      suite,
      'file change → watcher event',
      'ms',
      ours,
      { name: 'bare @parcel/watcher', samples: bare },
      1,
      undefined,
      [50, 95],
    );
  } finally {
    bench.cleanup();
  }
}

/** Browser session start (first: launches Chromium; then: a new isolated context) to a loaded page. */
async function browserStart(): Promise<Measurement[]> {
  const server = createServer((_req, res) => res.end('<title>x</title><p>hello</p>'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const bench = fixture('cowork-bench-browser-')
    .withEnclave({ policy: { version: 1, network: { allowHosts: ['127.0.0.1'] } } })
    .withGrant('rw')
    .start();
  const { enclave } = bench;
  const ctx = { actor: 'agent' as const, sessionId: null, runId: null };
  try {
    const open = async () => {
      const t0 = performance.now();
      const page = await enclave.openBrowser();
      const r = await page.navigate(url, ctx);
      if (!r.success) throw new Error(r.error?.message);
      const ms = performance.now() - t0;
      await page.close();
      return ms;
    };
    const cold = await open();
    const warm: number[] = [];
    for (let i = 0; i < 10; i++) warm.push(await open());
    await enclave.closeBrowser();
    // Baseline: Playwright alone, same browser, no proxy, no door.
    const { chromium } = await import('playwright-core');
    const { findChromium } = await import('../../src/enclave/chromium.js');
    const t0 = performance.now();
    const browser = await chromium.launch({
      executablePath: findChromium()!,
      headless: true,
      chromiumSandbox: process.getuid?.() !== 0,
    });
    const page = await browser.newPage();
    await page.goto(url);
    const bareCold = performance.now() - t0;
    await browser.close();
    return [
      {
        suite,
        name: 'browser session start, first (launches the browser) to a loaded page',
        value: round(cold, 0),
        unit: 'ms',
        baseline: { name: 'Playwright alone, same browser', value: round(bareCold, 0) },
      },
      {
        suite,
        name: 'browser session start, later sessions p50',
        value: round(percentile(warm, 50), 0),
        unit: 'ms',
      },
    ];
  } finally {
    await enclave.closeBrowser();
    bench.cleanup();
    server.close();
  }
}

export async function runSessions(): Promise<Measurement[]> {
  return [
    ...(await throughDaemon()),
    ...scrollbackMemory(),
    ...(await watcherLatency()),
    ...(await browserStart()),
  ];
}
