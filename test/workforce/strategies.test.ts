import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { entriesOf, failingTurn, runPlan, task, waitForStatus, workerTurns } from './workforce-helpers.js';

/** The strategist's answer: complete_task with the tasks as JSON. */
const strategist = (match: string, tasks: unknown[]): ReplayTurn => ({
  match,
  reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: JSON.stringify({ tasks }) } }] },
});
const once = { retries: 0, escalateAfter: 1 };

let f: DaemonFixture;

beforeAll(async () => {
  f = await fixture('cowork-wf-strategies-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      // decompose: `big` fails once; split in two parts; then it combines them.
      ...workerTurns('a', 'A-RESULT'),
      failingTurn('big'),
      strategist('DECOMPOSE-ME', [
        { id: 'p1', title: 'Part one', instructions: 'first half' },
        { id: 'p2', title: 'Part two', instructions: 'second half', dependsOn: ['p1'] },
      ]),
      ...workerTurns('big.1', 'P1-RESULT', { expect: { contains: ['A-RESULT', 'first half'] } }),
      ...workerTurns('big.2', 'P2-RESULT', { expect: { contains: ['P1-RESULT'] } }),
      ...workerTurns('big', 'BIG-RESULT', {
        expect: { contains: ['P1-RESULT', 'P2-RESULT', 'Combine the results'] },
      }),
      ...workerTurns('after', 'AFTER-RESULT', { expect: { contains: ['BIG-RESULT'] } }),
      // replan: `b` fails once; what is left is planned again.
      ...workerTurns('ra', 'RA-RESULT'),
      failingTurn('rb'),
      strategist('REPLAN-ME', [
        { id: 'rb2', title: 'B again', instructions: 'b differently', dependsOn: ['ra'] },
        { id: 'rc2', title: 'C again', instructions: 'c after b', dependsOn: ['rb2'] },
      ]),
      ...workerTurns('rb2', 'RB2-RESULT', { expect: { contains: ['RA-RESULT'] } }),
      ...workerTurns('rc2', 'RC2-RESULT', { expect: { contains: ['RB2-RESULT'] } }),
      // a split that is no plan: escalated to the person instead.
      failingTurn('lone'),
      {
        match: 'BAD-SPLIT',
        reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'no idea' } }] },
      },
    ])
    .start();
});

const run = (prompt: string, tasks: ReturnType<typeof task>[]) => runPlan(f, prompt, tasks);

describe('failure strategies that change the graph', () => {
  it('decompose: the failed task is split, its parts run, and it combines them for its dependents', async () => {
    const wf = await run('DECOMPOSE-ME', [
      task('a'),
      task('big', ['a'], { policy: { ...once, strategy: 'decompose' } }),
      task('after', ['big']),
    ]);
    const view = await waitForStatus(f.client, wf.id, ['completed', 'needs_you', 'failed']);
    expect(view.workforce.status).toBe('completed');
    expect(view.tasks.map((t) => [t.spec.id, t.status, t.attempts])).toEqual([
      ['a', 'completed', 1],
      ['big', 'completed', 2],
      ['after', 'completed', 1],
      ['big.1', 'completed', 1],
      ['big.2', 'completed', 1],
    ]);
    expect(view.tasks.find((t) => t.spec.id === 'big')!.spec.dependsOn).toEqual(['a', 'big.1', 'big.2']);
    const entries = await entriesOf(f.client, wf.id);
    expect(entries.filter((e) => e.kind === 'task_decomposed')).toHaveLength(1);
    expect((await f.client.result('workforce.replay', { id: wf.id })).identical).toBe(true);
  });

  it('replan: what is not done is replaced by the new plan, which runs to the end', async () => {
    const wf = await run('REPLAN-ME', [
      task('ra'),
      task('rb', ['ra'], { policy: { ...once, strategy: 'replan' } }),
      task('rc', ['rb']),
    ]);
    const view = await waitForStatus(f.client, wf.id, ['completed', 'needs_you', 'failed']);
    expect(view.workforce.status).toBe('completed');
    expect(view.tasks.map((t) => [t.spec.id, t.status])).toEqual([
      ['ra', 'completed'],
      ['rb', 'canceled'],
      ['rc', 'canceled'],
      ['rb2', 'completed'],
      ['rc2', 'completed'],
    ]);
    const entries = await entriesOf(f.client, wf.id);
    expect(entries.find((e) => e.kind === 'task_canceled' && e.task === 'rc')).toMatchObject({ cause: 'rb' });
    expect((await f.client.result('workforce.replay', { id: wf.id })).identical).toBe(true);
  });

  it('a split that gives no plan escalates to the person, saying why', async () => {
    const wf = await run('BAD-SPLIT', [task('lone', [], { policy: { ...once, strategy: 'decompose' } })]);
    let detail = '';
    await waitUntil(async () => {
      const { approvals } = await f.client.result('approvals.list', {});
      const mine = approvals.find((a) => a.kind === 'escalation' && a.sessionId === wf.sessionId);
      detail = mine?.detail ?? '';
      return mine !== undefined;
    }, 20_000);
    expect(detail).toContain('The decompose did not work');
    expect(f.model.remaining()).toBe(0);
  });
});
