import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { waitForStatus, workerTurns } from './workforce-helpers.js';

const answer = (match: string, summary: string): ReplayTurn => ({
  match,
  reply: { toolCalls: [{ name: 'complete_task', arguments: { summary } }] },
});
const plan = JSON.stringify({
  tasks: [
    { id: 'gather', title: 'Gather', instructions: 'Gather the facts.' },
    { id: 'write', title: 'Write', instructions: 'Write it up.', dependsOn: ['gather'] },
  ],
});
const cyclic = JSON.stringify({
  tasks: [
    { id: 'a', title: 'A', instructions: 'a', dependsOn: ['b'] },
    { id: 'b', title: 'B', instructions: 'b', dependsOn: ['a'] },
  ],
});

let f: DaemonFixture;

beforeAll(async () => {
  f = await fixture('cowork-wf-planner-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      // The first answer has a cycle; told why, the planner answers again with a good plan.
      answer('PLAN-OK-REQUEST', `Here is the plan: ${cyclic}`),
      {
        ...answer('That is not a valid plan', `\`\`\`json\n${plan}\n\`\`\``),
        expect: { contains: ['a → b'] },
      },
      ...workerTurns('gather', 'GATHERED'),
      ...workerTurns('write', 'WRITTEN', { expect: { contains: ['GATHERED'] } }),
      // Twice not a plan: the workforce fails, saying why.
      answer('PLAN-FAIL-REQUEST', 'no plan today'),
      answer('PLAN-FAIL-REQUEST', 'still no plan'),
    ])
    .start();
});

describe('the planner', () => {
  it('makes the plan when none is given, and is told once what was wrong with its answer', async () => {
    const wf = await f.client.result('workforce.run', {
      prompt: 'PLAN-OK-REQUEST: write a report',
      folder: f.folder,
      model: 'replay/m',
      mode: 'auto-edit',
    });
    expect(wf.status).toBe('planning');
    const done = await waitForStatus(f.client, wf.id, ['completed', 'failed', 'needs_you']);
    expect(done.workforce.status).toBe('completed');
    expect(done.plannerRunId).toBe(`${wf.id}.plan:2`);
    expect(done.tasks.map((t) => [t.spec.id, t.status])).toEqual([
      ['gather', 'completed'],
      ['write', 'completed'],
    ]);
    expect((await f.client.result('workforce.replay', { id: wf.id })).identical).toBe(true);
  });

  it('fails the workforce when the planner gives no valid plan twice', async () => {
    const wf = await f.client.result('workforce.run', {
      prompt: 'PLAN-FAIL-REQUEST',
      folder: f.folder,
      model: 'replay/m',
    });
    const failed = await waitForStatus(f.client, wf.id, ['failed', 'running', 'completed']);
    expect(failed.workforce.status).toBe('failed');
    expect(failed.workforce.error).toContain('no valid plan');
    expect(failed.tasks).toEqual([]);
    expect(f.model.remaining()).toBe(0);
  });
});
