// Foundation benchmarks (issue 2): cold start, idle RSS, RPC round trip vs bare ws, event delivery latency.
import { execFileSync } from 'node:child_process';
import type WebSocket from 'ws';
import { CLI } from '../../test/helpers/daemon.js';
import { fixture } from '../../test/helpers/fixture/index.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { connect, rssMb, startEchoServer } from '../lib/daemon.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { median, round } from '../lib/stats.js';

const suite = 'foundation';

function timeCommand(args: string[]): number {
  const t0 = performance.now();
  execFileSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return performance.now() - t0;
}

function coldStart(runs = 10): Measurement[] {
  const node = Array.from({ length: runs }, () => timeCommand(['-e', '0']));
  const start: number[] = [];
  for (let i = 0; i < runs; i++) {
    // By hand: `cowork start` itself is what is timed. The homes go when the suite ends.
    const home = tempDir('cowork-bench-cold-');
    start.push(timeCommand([CLI, 'start', '--home', home, '--port', '0', '--no-open']));
    execFileSync(process.execPath, [CLI, 'stop', '--home', home]);
  }
  return [
    {
      suite,
      name: 'cowork start → ready line (cold, median of 10)',
      value: round(median(start), 1),
      unit: 'ms',
      baseline: { name: 'node -e 0', value: round(median(node), 1) },
      budget: { op: '<', value: 300 },
    },
  ];
}

const startDaemon = () => fixture('cowork-bench-').withDaemon().start();

async function idleRss(seconds = 10): Promise<Measurement> {
  const f = await startDaemon();
  await f.client.close(); // idle: no client
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const value = rssMb(f.daemon.pid);
  await f.cleanup();
  return {
    suite,
    name: `daemon idle RSS after ${seconds} s`,
    value: round(value, 1),
    unit: 'MB',
    budget: { op: '<', value: 60 },
  };
}

/** Sequential request/reply round trips; returns samples in µs. */
async function roundTrips(ws: WebSocket, frame: (i: number) => string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(frame(i));
    });
    samples.push((performance.now() - t0) * 1000);
  }
  return samples;
}

async function rpcRoundTrip(count = 5000): Promise<Measurement[]> {
  const echo = await startEchoServer();
  const f = await startDaemon();
  const d = f.daemon;
  const frame = (i: number) => `{"jsonrpc":"2.0","id":${i},"method":"system.ping","params":{}}`;
  const echoWs = await connect(echo.url);
  const rpcWs = await connect(d.wsUrl, { authorization: `Bearer ${d.token}` });
  await roundTrips(echoWs, frame, 500); // warm up both
  await roundTrips(rpcWs, frame, 500);
  // Interleaved, so drift in CPU frequency or load hits both sides alike.
  const bare: number[] = [];
  const rpc: number[] = [];
  for (let i = 0; i < count; i++) {
    bare.push(...(await roundTrips(echoWs, frame, 1)));
    rpc.push(...(await roundTrips(rpcWs, frame, 1)));
  }
  echoWs.close();
  rpcWs.close();
  echo.stop();
  await f.cleanup();
  const overheadMedian = median(rpc) - median(bare);
  return [
    ...latencyPair(
      suite,
      'RPC round trip (system.ping)',
      'µs',
      rpc,
      { name: 'bare ws echo', samples: bare },
      1,
    ),
    {
      suite,
      name: 'RPC overhead above bare ws echo (median)',
      value: round(overheadMedian, 1),
      unit: 'µs',
      budget: { op: '<', value: 100 },
    },
  ];
}

/** Publisher and subscriber in this process share a clock: latency = delivery time − publish call. */
async function eventDelivery(ratePerSecond = 1000, seconds = 5): Promise<Measurement[]> {
  const f = await startDaemon();
  const d = f.daemon;
  const headers = { authorization: `Bearer ${d.token}` };
  const pub = await connect(d.wsUrl, headers);
  const sub = await connect(d.wsUrl, headers);
  const latencies: number[] = [];
  const total = ratePerSecond * seconds;
  const done = new Promise<void>((resolve) => {
    sub.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.method !== 'events.event' || msg.params.event.type !== 'client.bench') return;
      latencies.push(performance.now() - msg.params.event.payload.sentAt);
      if (latencies.length === total) resolve();
    });
  });
  await new Promise<void>((resolve) => {
    sub.once('message', () => resolve());
    const params = { after: 0, types: ['client.bench'] };
    sub.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'events.subscribe', params }));
  });
  let sent = 0;
  const tickMs = 10;
  const perTick = (ratePerSecond * tickMs) / 1000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      for (let i = 0; i < perTick && sent < total; i++, sent++) {
        pub.send(
          JSON.stringify({
            jsonrpc: '2.0',
            id: sent,
            method: 'events.publish',
            params: { type: 'client.bench', payload: { sentAt: performance.now(), n: sent } },
          }),
        );
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  await done;
  pub.close();
  sub.close();
  await f.cleanup();
  return latencyPair(
    suite,
    `event publish → client delivery (${ratePerSecond}/s)`,
    'ms',
    latencies,
    undefined,
    2,
    16,
  );
}

export async function runFoundation(): Promise<Measurement[]> {
  return [...coldStart(), await idleRss(), ...(await rpcRoundTrip()), ...(await eventDelivery())];
}
