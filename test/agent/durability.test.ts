import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/gym/scripted-model/server.js';
import { isAlive, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';

let f: DaemonFixture;
let d: TestDaemon;
let work: string;
let replay: ReplayServer;

async function connect(url = d.wsUrl) {
  return RpcClient.withToken(url, d.token);
}

beforeAll(async () => {
  f = await fixture('cowork-durable-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      // run A (disconnect test)
      {
        reply: {
          text: 'Working slowly on it, one piece at a time.',
          toolCalls: [{ name: 'fs_write', arguments: { path: 'a.txt', content: 'A' } }],
        },
        chunkDelayMs: 40,
      },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'A done' } }] } },
      // run B (kill -9 test): turn 1 writes, turn 2 is cut off by the kill, the resumed turn 2 finishes
      { reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'b.txt', content: 'B' } }] } },
      {
        reply: { text: 'This answer will never finish streaming because the daemon dies.' },
        chunkDelayMs: 400,
      },
      {
        expect: { contains: ['created'] },
        reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'B done after resume' } }] },
      },
    ])
    .start();
  ({ daemon: d, folder: work, model: replay } = f);
  await f.client.close(); // no client stays: the runs must outlive all of them
});

describe('runs outlive their clients and the daemon', () => {
  it('keeps running when the UI disconnects; a reconnecting client misses nothing', async () => {
    const first = await connect();
    const { headSequence } = await first.result('system.info', {});
    await first.result('events.subscribe', { after: headSequence, types: ['run.'] });
    const run = await first.result('runs.start', {
      prompt: 'A',
      folder: work,
      model: 'replay/m',
    });
    await first.waitForEvents(3);
    const lastSeen = first.events.at(-1)!.sequence;
    await first.close(); // the UI goes away mid-run

    await waitUntil(async () => {
      const c = await connect();
      const r = await c.result('runs.get', { runId: run.id });
      await c.close();
      return r.status === 'completed';
    }, 20_000);
    const second = await connect();
    await second.result('events.subscribe', { after: lastSeen, types: ['run.'] });
    await waitUntil(() => second.events.some((e) => e.type === 'run.completed'));
    const all = [...first.events, ...second.events].filter(
      (e) => (e.payload as { runId?: string }).runId === run.id,
    );
    const seqs = all.map((e) => e.sequence);
    expect(new Set(seqs).size).toBe(seqs.length); // nothing twice
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b)); // in order
    const text = all
      .filter((e) => e.type === 'run.text')
      .map((e) => (e.payload as { delta: string }).delta)
      .join('');
    expect(text).toBe('Working slowly on it, one piece at a time.'); // nothing missed
    await second.close();
  });

  it('marks a run interrupted by kill -9, and resumes it from its last turn', async () => {
    const c = await connect();
    const run = await c.result('runs.start', {
      prompt: 'B',
      folder: work,
      model: 'replay/m',
    });
    await waitUntil(() => existsSync(join(work, 'b.txt')));
    await waitUntil(() => replay.requests.length >= 4); // turn 2 is streaming (slowly)
    await c.close();
    d.kill();
    await waitUntil(() => !isAlive(d.pid));

    const { daemon: restarted, client: after } = await f.restart();
    expect((await after.result('runs.get', { runId: run.id })).status).toBe('interrupted');
    await after.result('events.subscribe', { after: 0, types: ['run.interrupted'] });
    await after.waitForEvents(1);

    await after.result('runs.resume', { runId: run.id });
    await waitUntil(
      async () => (await after.result('runs.get', { runId: run.id })).status === 'completed',
      20_000,
    );
    expect(await after.result('runs.get', { runId: run.id })).toMatchObject({
      status: 'completed',
      summary: 'B done after resume',
    });
    expect(readFileSync(join(work, 'b.txt'), 'utf8')).toBe('B');
    expect(replay.requests.every((r) => r.failure === undefined)).toBe(true);
    await after.close();
    d = restarted;
  });
});
