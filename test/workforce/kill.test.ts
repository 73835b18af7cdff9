import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { isAlive, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { entriesOf, task, taskMatch, waitForStatus, workerTurns } from './workforce-helpers.js';

const FIRST = ['a', 'b', 'c', 'd'];

/**
 * Each of the first four appends its line, then is cut off by the kill while its second answer
 * streams (slowly); resumed, it asks again and completes.
 */
const cutOff = (id: string): ReplayTurn[] => [
  {
    match: taskMatch(id),
    reply: { toolCalls: [{ name: 'fs_append', arguments: { path: `${id}.txt`, content: `${id} done\n` } }] },
  },
  {
    match: taskMatch(id),
    chunkDelayMs: 400,
    reply: { text: 'This answer never finishes streaming: the daemon is killed while it does.' },
  },
  {
    match: taskMatch(id),
    reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: `RESULT-${id}` } }] },
  },
];

let f: DaemonFixture;

beforeAll(async () => {
  f = await fixture('cowork-wf-kill-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      ...FIRST.flatMap(cutOff),
      ...workerTurns('e', 'RESULT-e', { expect: { contains: FIRST.map((id) => `RESULT-${id}`) } }),
    ])
    .start();
});

describe('a workforce killed with -9 mid-run', () => {
  it('carries on after a restart: no task run twice, none lost, no effect repeated, replay identical', async () => {
    const started = await f.client.result('workforce.run', {
      prompt: 'Four pieces, then one',
      folder: f.folder,
      model: 'replay/m',
      mode: 'auto-edit',
      workers: 4,
      plan: { tasks: [...FIRST.map((id) => task(id)), task('e', FIRST)] },
    });
    // All four have done their effect and are streaming their second answer.
    await waitUntil(() => FIRST.every((id) => existsSync(join(f.folder, `${id}.txt`))), 20_000);
    await waitUntil(() => f.model.requests.length >= 8, 20_000);
    const killed = f.daemon.pid;
    f.daemon.kill();
    await waitUntil(() => !isAlive(killed));

    const { client: c } = await f.restart();
    const view = await waitForStatus(c, started.id, ['completed', 'failed', 'stopped', 'needs_you'], 40_000);
    expect(view.workforce.status).toBe('completed');
    for (const t of view.tasks) {
      expect([t.spec.id, t.status, t.attempts, t.runIds]).toEqual([
        t.spec.id,
        'completed',
        1,
        [`${started.id}.${t.spec.id}.1`],
      ]);
      const run = await c.result('runs.get', { runId: t.runIds[0]! });
      expect(run.status).toBe('completed');
      expect(readFileSync(join(f.folder, `${t.spec.id}.txt`), 'utf8')).toBe(`${t.spec.id} done\n`);
    }
    // Exactly the five worker runs exist in the workforce's session: none started twice.
    const { runs } = await c.result('runs.list', {});
    expect(
      runs
        .filter((r) => r.sessionId === view.workforce.sessionId)
        .map((r) => r.id)
        .sort(),
    ).toEqual([...FIRST, 'e'].map((id) => `${started.id}.${id}.1`));
    const entries = await entriesOf(c, started.id);
    expect(entries.filter((e) => e.kind === 'task_started')).toHaveLength(5);
    expect(await c.result('workforce.replay', { id: started.id })).toEqual({
      entries: entries.length,
      identical: true,
    });
    expect(f.model.remaining()).toBe(0);
  });
});
