import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayProvider } from '../../src/gym/scripted-model/provider.js';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

let c: RpcClient;
let work: string;
const servers: ReplayServer[] = [];

const provider = (id: string, url: string, contextWindow?: number) =>
  replayProvider(id, url, contextWindow ? { models: [{ id: 'm', contextWindow }] } : {});

beforeAll(async () => {
  const routes = [
    {
      id: 'agent-main',
      priority: 10,
      match: { taskType: 'agent' },
      modelId: 'flaky/m',
      fallbacks: ['steady/m'],
    },
  ];
  const f = await fixture('cowork-route-')
    .withDaemon({ homeFiles: { 'routes.json': JSON.stringify(routes) } })
    .withGrant('rw')
    .start();
  ({ client: c, folder: work } = f);
  await c.result('events.subscribe', { after: 0, types: ['run.'] });
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const done = (runId: string) =>
  waitUntil(
    async () => ['completed', 'failed'].includes((await c.result('runs.get', { runId })).status),
    20_000,
  );

describe('routing', () => {
  it('falls back to the next model when the first is down, and says why', async () => {
    const flaky = await startReplayServer({ turns: [{ status: 503 }] });
    const steady = await startReplayServer({
      turns: [
        { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done by the fallback' } }] } },
      ],
    });
    servers.push(flaky, steady);
    await c.result('providers.add', provider('flaky', flaky.url));
    await c.result('providers.add', provider('steady', steady.url));
    const run = await c.result('runs.start', {
      prompt: 'Hi',
      folder: work,
      model: 'flaky/m',
    });
    await done(run.id);
    expect(await c.result('runs.get', { runId: run.id })).toMatchObject({
      status: 'completed',
      summary: 'done by the fallback',
    });
    const routing = c.events
      .filter((e) => e.type === 'run.routing' && (e.payload as { runId: string }).runId === run.id)
      .map((e) => e.payload);
    expect(routing).toEqual([
      expect.objectContaining({ modelId: 'flaky/m', fallbackFrom: null }),
      expect.objectContaining({
        modelId: 'steady/m',
        fallbackFrom: 'flaky/m',
        reason: expect.stringMatching(/flaky\/m failed/),
      }),
    ]);
  });

  it('compresses older turns near the context window, keeping the task and recent turns', async () => {
    writeFileSync(join(work, 'big.txt'), 'x'.repeat(1500));
    const read = { reply: { toolCalls: [{ name: 'fs_read', arguments: { path: 'big.txt' } }] } };
    const server = await startReplayServer({
      turns: [
        read,
        read,
        read,
        read,
        read,
        {
          expect: { contains: ['Earlier work, compressed', 'Read big.txt over and over'] },
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] },
        },
      ],
    });
    servers.push(server);
    await c.result('providers.add', provider('small', server.url, 2000));
    const run = await c.result('runs.start', {
      prompt: 'Read big.txt over and over',
      folder: work,
      model: 'small/m',
    });
    await done(run.id);
    const finished = await c.result('runs.get', { runId: run.id });
    expect(
      finished.status,
      `${finished.error} ${JSON.stringify(server.requests.map((r) => r.failure))}`,
    ).toBe('completed');
    expect(
      c.events.some((e) => e.type === 'run.compressed' && (e.payload as { runId: string }).runId === run.id),
    ).toBe(true);
    expect(server.requests.every((r) => r.failure === undefined)).toBe(true);
    void readFileSync;
  });
});
