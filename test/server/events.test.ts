import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/contracts/index.js';
import type { TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';

let d: TestDaemon;
beforeAll(async () => {
  ({ daemon: d } = await fixture().withDaemon().start());
});

async function publish(client: RpcClient, n: number, tag: string): Promise<number[]> {
  const replies = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      client.result('events.publish', { type: 'client.test', payload: { tag, i } }),
    ),
  );
  return replies.map((r) => r.sequence);
}

function expectContiguous(events: LogEvent[], from: number) {
  expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => from + i));
}

describe('event stream', () => {
  it('replays, streams live, and resumes after a reconnect with nothing lost or doubled', async () => {
    const producer = await RpcClient.withToken(d.wsUrl, d.token);
    const head = (await producer.result('system.info', {})).headSequence;

    const watcher = await RpcClient.withToken(d.wsUrl, d.token);
    await watcher.result('events.subscribe', { after: head });
    await publish(producer, 200, 'first');
    await watcher.waitForEvents(200);
    const lastSeen = watcher.events.at(-1)!.sequence;
    await watcher.close();

    const whileAway = await publish(producer, 300, 'away');
    const again = await RpcClient.withToken(d.wsUrl, d.token);
    const sub = await again.result('events.subscribe', { after: lastSeen });
    expect(sub.head).toBeGreaterThanOrEqual(whileAway.at(-1)!);
    const live = publish(producer, 100, 'live');
    await again.waitForEvents(400);
    await live;

    const all = [...watcher.events, ...again.events];
    expect(all).toHaveLength(600);
    expectContiguous(all, head + 1);
    expect(all.map((e) => (e.payload as { tag: string }).tag)).toEqual([
      ...Array(200).fill('first'),
      ...Array(300).fill('away'),
      ...Array(100).fill('live'),
    ]);
    // the subscribe result arrives before any event of that subscription
    const firstEventIndex = again.raw.findIndex((m) => (m as { method?: string }).method === 'events.event');
    const resultIndex = again.raw.findIndex(
      (m) => (m as { result?: { head?: number } }).result?.head !== undefined,
    );
    expect(resultIndex).toBeLessThan(firstEventIndex);
    await again.close();
    await producer.close();
  });

  it('a batched subscription replays the history in pages, then streams live, in order and whole', async () => {
    const producer = await RpcClient.withToken(d.wsUrl, d.token);
    const head = (await producer.result('system.info', {})).headSequence;
    await publish(producer, 600, 'history');
    const c = await RpcClient.withToken(d.wsUrl, d.token);
    await c.result('events.subscribe', { after: head, batch: true, types: ['client.'] });
    const live = publish(producer, 50, 'live');
    await c.waitForEvents(650);
    await live;
    expectContiguous(c.events, head + 1);
    expect(c.events.map((e) => (e.payload as { tag: string }).tag)).toEqual([
      ...Array(600).fill('history'),
      ...Array(50).fill('live'),
    ]);
    const batches = c.raw
      .filter((m) => (m as { method?: string }).method === 'events.batch')
      .map((m) => (m as { params: { events: unknown[] } }).params.events.length);
    expect(batches.length).toBeGreaterThanOrEqual(3); // 600 in pages of at most 256
    expect(Math.max(...batches)).toBeLessThanOrEqual(256);
    expect(batches.slice(0, 2)).toEqual([256, 256]);
    await c.close();
    await producer.close();
  });

  it('filters by type prefix and stops after unsubscribe', async () => {
    const c = await RpcClient.withToken(d.wsUrl, d.token);
    const head = (await c.result('system.info', {})).headSequence;
    const { subscriptionId } = await c.result('events.subscribe', {
      after: head,
      types: ['client.keep'],
    });
    await c.result('events.publish', { type: 'client.drop', payload: 1 });
    await c.result('events.publish', { type: 'client.keep', payload: 2 });
    await c.waitForEvents(1);
    expect(c.events.map((e) => e.type)).toEqual(['client.keep']);
    expect(await c.result('events.unsubscribe', { subscriptionId })).toEqual({ unsubscribed: true });
    await c.result('events.publish', { type: 'client.keep', payload: 3 });
    await c.result('system.ping', {});
    expect(c.events).toHaveLength(1);
    await c.close();
  });

  it('refuses to let clients forge daemon events', async () => {
    const c = await RpcClient.withToken(d.wsUrl, d.token);
    const r = await c.call('events.publish', { type: 'daemon.started', payload: {} });
    expect('error' in r && r.error.data.code).toBe('INVALID_ARGUMENTS');
    await c.close();
  });

  it('holds back a client that does not read, then delivers everything in order when it does', async () => {
    const producer = await RpcClient.withToken(d.wsUrl, d.token);
    const head = (await producer.result('system.info', {})).headSequence;
    const slow = await RpcClient.withToken(d.wsUrl, d.token);
    await slow.result('events.subscribe', { after: head });
    // Stop reading from the socket: the daemon's send buffer fills and the subscription must pause.
    const socket = (slow.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause();
    const big = 'x'.repeat(8_000);
    const total = 4_000; // ~32 MB of events, well past the 1 MB high-water mark
    for (let i = 0; i < total; i += 200) {
      await Promise.all(
        Array.from({ length: 200 }, (_, j) =>
          producer.result('events.publish', { type: 'client.bulk', payload: { i: i + j, big } }),
        ),
      );
    }
    // The daemon stays responsive to others meanwhile.
    expect(await producer.result('system.ping', {})).toEqual({ pong: true });
    socket.resume();
    await slow.waitForEvents(total, 30_000);
    expect(slow.events).toHaveLength(total);
    expectContiguous(slow.events, head + 1);
    await slow.close();
    await producer.close();
  });
});
