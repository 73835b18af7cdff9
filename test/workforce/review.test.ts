import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { entriesOf, task, waitForStatus, workerTurns } from './workforce-helpers.js';

const review = (summary: string, expect?: ReplayTurn['expect']): ReplayTurn => ({
  match: 'Review the result of task r1',
  ...(expect ? { expect } : {}),
  reply: { toolCalls: [{ name: 'complete_task', arguments: { summary } }] },
});

let f: DaemonFixture;

beforeAll(async () => {
  f = await fixture('cowork-wf-review-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      ...workerTurns('r1', 'THIN-RESULT'),
      review('score: 3 — far too thin', { contains: ['THIN-RESULT'] }),
      ...workerTurns('r1', 'GOOD-RESULT'),
      review('score: 8 — covers it', { contains: ['GOOD-RESULT'] }),
    ])
    .start();
});

describe('a task with a review', () => {
  it('fails an attempt the reviewer scores low, and records the score of the one it accepts', async () => {
    const wf = await f.client.result('workforce.run', {
      prompt: 'reviewed work',
      folder: f.folder,
      model: 'replay/m',
      mode: 'auto-edit',
      plan: { tasks: [task('r1', [], { review: true, policy: { retries: 1, backoffMs: 10, minScore: 5 } })] },
    });
    const done = await waitForStatus(f.client, wf.id, ['completed', 'needs_you']);
    expect(done.workforce.status).toBe('completed');
    expect(done.tasks[0]).toMatchObject({
      attempts: 2,
      result: { summary: 'GOOD-RESULT', score: 8, runId: `${wf.id}.r1.2` },
    });
    const failure = (await entriesOf(f.client, wf.id)).find((e) => e.kind === 'task_failed');
    expect(failure).toMatchObject({
      attempt: 1,
      error: 'review score 3/10 (below 5): score: 3 — far too thin',
    });
    const reviewer = await f.client.result('runs.get', { runId: `${wf.id}.r1.1.review` });
    expect([reviewer.status, reviewer.mode, reviewer.sessionId]).toEqual([
      'completed',
      'read-only',
      done.workforce.sessionId,
    ]);
    expect(f.model.remaining()).toBe(0);
  });
});
