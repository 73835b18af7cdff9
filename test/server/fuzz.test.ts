import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { isAlive, type TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';

let d: TestDaemon;
beforeAll(async () => {
  ({ daemon: d } = await fixture().withDaemon().start());
});

/** Small seeded PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Frame = string | Buffer;

function makeFrames(count: number, seed: number): Frame[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const randomText = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 0xffff))).join('');
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
  const junkValues = [0, -1, 1.5, '', 'x', null, true, false, [], {}, [1], { a: 1 }, '__proto__', 1e308];
  const generators: (() => Frame)[] = [
    () => randomText(1 + Math.floor(rand() * 200)), // arbitrary text
    () => randomBytes(1 + Math.floor(rand() * 200)).toString('latin1'), // text of random bytes
    () => JSON.stringify(pick(junkValues)), // JSON that is not a request
    () => `{"jsonrpc":"2.0","id":${Math.floor(rand() * 1000)},"method":"system.ping"`, // truncated
    () => JSON.stringify({ jsonrpc: pick(['1.0', 2, null, '2.0 ']), id: 1, method: 'system.ping' }),
    () => JSON.stringify({ jsonrpc: '2.0', id: pick([{}, [], true, 1.5]), method: 'system.ping' }),
    () => JSON.stringify({ jsonrpc: '2.0', id: 7, method: pick([1, null, '', {}, []]) }),
    () =>
      JSON.stringify({
        jsonrpc: '2.0',
        id: 8,
        method: pick([
          '__proto__',
          'constructor',
          'toString',
          'hasOwnProperty',
          'nope',
          'events.',
          'system.ping ',
        ]),
      }),
    () =>
      JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'events.subscribe',
        params: pick([
          { after: -1 },
          { after: 'x' },
          { after: 1.5 },
          { after: 0, extra: 1 },
          [],
          { types: 'x', after: 0 },
        ]),
      }),
    () =>
      JSON.stringify({
        jsonrpc: '2.0',
        id: 10,
        method: 'events.publish',
        params: pick([
          { type: 'daemon.x', payload: 1 },
          { type: 'client', payload: 1 },
          { type: `client.${'x'.repeat(200)}`, payload: 1 },
          {},
        ]),
      }),
    () =>
      JSON.stringify({ jsonrpc: '2.0', id: 11, method: 'system.ping', params: pick([{ x: 1 }, 'str', 5]) }),
    () => JSON.stringify(Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(junkValues))), // batch of junk
    () => '[]',
    () =>
      JSON.stringify(Array.from({ length: 101 }, () => ({ jsonrpc: '2.0', id: 1, method: 'system.ping' }))),
    () => `${'['.repeat(5000 + Math.floor(rand() * 100_000))}`, // deep nesting
    () => randomBytes(1 + Math.floor(rand() * 100)), // binary frame
  ];
  const frames = Array.from({ length: count }, () => pick(generators)());
  frames.push(`{"jsonrpc":"2.0","id":1,"method":"system.ping","params":{"pad":"${'x'.repeat(1_100_000)}"}}`);
  return frames;
}

function isErrorReply(msg: unknown): boolean {
  const one = (m: unknown) =>
    typeof m === 'object' &&
    m !== null &&
    'error' in m &&
    typeof (m as { error: { data?: { code?: unknown } } }).error.data?.code === 'string';
  return Array.isArray(msg) ? msg.length > 0 && msg.every(one) : one(msg);
}

describe('malformed input', () => {
  it('answers 1,000+ random and malformed frames with errors and keeps serving everyone', async () => {
    const frames = makeFrames(1_200, 20261121);
    const good = await RpcClient.withToken(d.wsUrl, d.token);
    const fuzz = new WebSocket(d.wsUrl, { headers: { authorization: `Bearer ${d.token}` } });
    await new Promise((r) => fuzz.once('open', r));
    const replies: unknown[] = [];
    let waiting: (() => void) | undefined;
    fuzz.on('message', (data) => {
      replies.push(JSON.parse(String(data)));
      waiting?.();
    });

    let failures = 0;
    for (const [i, frame] of frames.entries()) {
      const before = replies.length;
      const got = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no reply to frame ${i}: ${String(frame).slice(0, 80)}`)),
          5000,
        );
        waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      fuzz.send(frame, { binary: Buffer.isBuffer(frame) });
      await got;
      expect(replies.length).toBe(before + 1);
      if (!isErrorReply(replies.at(-1))) failures++;
      // interleave a well-behaved client
      if (i % 100 === 0) expect(await good.result('system.ping', {})).toEqual({ pong: true });
    }
    expect(failures).toBe(0);
    expect(replies).toHaveLength(frames.length);
    expect(replies.at(-1)).toMatchObject({ error: { data: { code: 'FRAME_TOO_LARGE' } } });
    expect(fuzz.readyState).toBe(WebSocket.OPEN);

    expect(isAlive(d.pid)).toBe(true);
    expect((await fetch(`${d.url}/api/health`)).status).toBe(200);
    const head = await good.result('system.info', {});
    await good.result('events.subscribe', { after: head.headSequence });
    await good.result('events.publish', { type: 'client.after-fuzz', payload: {} });
    await good.waitForEvents(1);
    fuzz.close();
    await good.close();
  });

  it('drops a client that sends a frame above the hard cap, and only that client', async () => {
    const good = await RpcClient.withToken(d.wsUrl, d.token);
    const bad = new WebSocket(d.wsUrl, { headers: { authorization: `Bearer ${d.token}` } });
    await new Promise((r) => bad.once('open', r));
    const closed = new Promise<number>((r) => bad.once('close', (code) => r(code)));
    bad.send(Buffer.alloc(9 * 1024 * 1024, 0x61));
    expect(await closed).toBe(1009);
    expect(await good.result('system.ping', {})).toEqual({ pong: true });
    await good.close();
  });

  it('answers a batch with one reply per request, skipping notifications', async () => {
    const c = await RpcClient.withToken(d.wsUrl, d.token);
    const reply = new Promise<unknown>((r) => c.ws.once('message', (m) => r(JSON.parse(String(m)))));
    c.ws.send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'system.ping' },
        { jsonrpc: '2.0', method: 'system.ping' },
        { jsonrpc: '2.0', id: 'b', method: 'nope' },
      ]),
    );
    expect(await reply).toEqual([
      { jsonrpc: '2.0', id: 'a', result: { pong: true } },
      {
        jsonrpc: '2.0',
        id: 'b',
        error: expect.objectContaining({ code: -32601, data: { code: 'METHOD_NOT_FOUND' } }),
      },
    ]);
    await c.close();
  });
});
