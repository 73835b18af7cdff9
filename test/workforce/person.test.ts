import { beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import {
  entriesOf,
  runPlan,
  task,
  taskMatch,
  waitForStatus,
  waitForTask,
  workerTurns,
} from './workforce-helpers.js';

let f: DaemonFixture;

/** A worker whose first answer streams for a while (the person acts meanwhile). */
const slow = (id: string, summary: string) => workerTurns(id, summary, { delayMs: 300 });

beforeAll(async () => {
  f = await fixture('cowork-wf-person-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      ...slow('p1', 'P1'),
      ...workerTurns('p2', 'P2'),
      // c1 is cancelled while its only answer streams.
      {
        match: taskMatch('c1'),
        chunkDelayMs: 300,
        reply: { text: 'a long answer that never ends '.repeat(4) },
      },
      ...workerTurns('c3', 'C3'),
      ...slow('e1', 'E1'),
      ...workerTurns('e2', 'E2', { expect: { contains: ['EDITED-INSTRUCTIONS', 'PERSON-MESSAGE'] } }),
      ...workerTurns('e3', 'E3', { expect: { contains: ['E1'] } }),
      // b1 passes its own budget with its first answer; w1 passes the workforce's, then it is raised.
      { ...workerTurns('b1', 'B1')[0]!, usage: { input: 400, output: 100 } },
      { ...workerTurns('w1', 'W1')[0]!, usage: { input: 400, output: 100 } },
      ...workerTurns('w1', 'W1 after the raise'),
      // s1 is skipped while it runs; s2 (told so) is stopped with the whole workforce while it runs.
      {
        match: taskMatch('s1'),
        chunkDelayMs: 300,
        reply: { text: 'a long answer that never ends '.repeat(4) },
      },
      {
        match: taskMatch('s2'),
        expect: { contains: ['[s1] skipped by the person'] },
        chunkDelayMs: 300,
        reply: { text: 'a long answer that never ends '.repeat(4) },
      },
    ])
    .start();
});

const run = (tasks: ReturnType<typeof task>[], more: Parameters<typeof runPlan>[3] = {}) =>
  runPlan(f, 'person in the loop', tasks, more);

describe("the person's requests, applied at a tick", () => {
  it('pause: nothing new is assigned until resume', async () => {
    const wf = await run([task('p1'), task('p2', ['p1'])]);
    await waitForTask(f.client, wf.id, (t) => t.spec.id === 'p1' && t.status === 'running');
    expect(await f.client.result('workforce.pause', { id: wf.id })).toMatchObject({ queued: true });
    await waitForTask(f.client, wf.id, (t) => t.spec.id === 'p1' && t.status === 'completed');
    await new Promise((r) => setTimeout(r, 300));
    const paused = await f.client.result('workforce.show', { id: wf.id });
    expect(paused.workforce.status).toBe('paused');
    expect(paused.tasks[1]).toMatchObject({ status: 'queued', attempts: 0, runIds: [] });
    await f.client.result('workforce.resume', { id: wf.id });
    const done = await waitForStatus(f.client, wf.id, ['completed']);
    expect(done.tasks[1]!.result?.summary).toBe('P2');
  });

  it('cancel mid-run: its run is cancelled and its dependents canceled; the rest finishes', async () => {
    const wf = await run([task('c1'), task('c2', ['c1']), task('c3')]);
    await waitUntil(async () => {
      const r = await f.client.call('runs.get', { runId: `${wf.id}.c1.1` });
      return 'result' in r && (r.result as { status: string }).status === 'running';
    });
    await f.client.result('workforce.cancelTask', { id: wf.id, task: 'c1' });
    const done = await waitForStatus(f.client, wf.id, ['completed', 'needs_you']);
    expect(done.workforce.status).toBe('completed');
    expect(done.tasks.map((t) => [t.spec.id, t.status])).toEqual([
      ['c1', 'canceled'],
      ['c2', 'canceled'],
      ['c3', 'completed'],
    ]);
    await waitUntil(
      async () => (await f.client.result('runs.get', { runId: `${wf.id}.c1.1` })).status === 'cancelled',
    );
    const entries = await entriesOf(f.client, wf.id);
    expect(entries.find((e) => e.kind === 'task_canceled' && e.task === 'c2')).toMatchObject({ cause: 'c1' });
  });

  it('edits a queued task, messages the team and adds a task: the workers see them; bad requests are refused', async () => {
    const wf = await run([task('e1'), task('e2', ['e1'])]);
    await waitForTask(f.client, wf.id, (t) => t.spec.id === 'e1' && t.status === 'running');
    await f.client.result('workforce.editTask', {
      id: wf.id,
      task: 'e2',
      changes: { instructions: 'EDITED-INSTRUCTIONS' },
    });
    await f.client.result('workforce.message', { id: wf.id, text: 'PERSON-MESSAGE' });
    await f.client.result('workforce.addTask', { id: wf.id, task: task('e3', ['e1']) });
    const taken = await f.client.call('workforce.addTask', { id: wf.id, task: task('e1') });
    expect('error' in taken && taken.error?.data.code).toBe('CONFLICT');
    const dangling = await f.client.call('workforce.addTask', { id: wf.id, task: task('e4', ['nowhere']) });
    expect('error' in dangling && dangling.error?.data.code).toBe('INVALID_PLAN');
    const unknown = await f.client.call('workforce.skipTask', { id: wf.id, task: 'nope' });
    expect('error' in unknown && unknown.error?.data.code).toBe('RESOURCE_NOT_FOUND');
    const nowhere = await f.client.call('workforce.show', { id: 'wf-none' });
    expect('error' in nowhere && nowhere.error?.data.code).toBe('RESOURCE_NOT_FOUND');

    const done = await waitForStatus(f.client, wf.id, ['completed', 'needs_you']);
    expect(done.workforce.status).toBe('completed');
    expect(done.tasks.map((t) => [t.spec.id, t.status])).toEqual([
      ['e1', 'completed'],
      ['e2', 'completed'],
      ['e3', 'completed'],
    ]);
    expect(done.messages).toEqual(['PERSON-MESSAGE']);
    expect(done.pending).toEqual([]);
    expect((await f.client.result('workforce.replay', { id: wf.id })).identical).toBe(true);
  });

  it('blocks a task past its budget, and the workforce past its own until it is raised', async () => {
    const one = await run([task('b1', [], { budget: { tokens: 100 } })]);
    const over = await waitForStatus(f.client, one.id, ['needs_you', 'completed']);
    expect(over.tasks[0]).toMatchObject({ status: 'blocked', reason: 'budget' });
    expect(over.tasks[0]!.usage.tokens).toBe(500);
    await waitUntil(
      async () => (await f.client.result('runs.get', { runId: `${one.id}.b1.1` })).status === 'cancelled',
    );

    const all = await run([task('w1')], { budget: { tokens: 100 } });
    const capped = await waitForStatus(f.client, all.id, ['needs_you', 'completed']);
    expect(capped.tasks[0]).toMatchObject({ status: 'blocked', reason: 'budget' });
    expect(capped.workforce.usage.tokens).toBe(500);
    await f.client.result('workforce.setBudget', { id: all.id, budget: { tokens: 100_000 } });
    const done = await waitForStatus(f.client, all.id, ['completed']);
    expect(done.tasks[0]).toMatchObject({ attempts: 2, result: { summary: 'W1 after the raise' } });
    expect(done.workforce.budget).toEqual({ tokens: 100_000 });
  });

  it('skip mid-run: dependents go on without its result; stop cancels the running and the rest', async () => {
    const wf = await run([task('s1'), task('s2', ['s1']), task('s3', ['s2'])]);
    const running = (runId: string) =>
      waitUntil(async () => {
        const r = await f.client.call('runs.get', { runId });
        return 'result' in r && (r.result as { status: string }).status === 'running';
      });
    await running(`${wf.id}.s1.1`);
    await f.client.result('workforce.skipTask', { id: wf.id, task: 's1' });
    await running(`${wf.id}.s2.1`);
    expect((await f.client.result('runs.get', { runId: `${wf.id}.s1.1` })).status).toBe('cancelled');
    await f.client.result('workforce.stop', { id: wf.id });
    const stopped = await waitForStatus(f.client, wf.id, ['stopped', 'completed']);
    expect(stopped.workforce.status).toBe('stopped');
    expect(stopped.tasks.map((t) => [t.spec.id, t.status, t.result?.skipped ?? false])).toEqual([
      ['s1', 'completed', true],
      ['s2', 'canceled', false],
      ['s3', 'canceled', false],
    ]);
    await waitUntil(
      async () => (await f.client.result('runs.get', { runId: `${wf.id}.s2.1` })).status === 'cancelled',
    );
    const late = await f.client.call('workforce.pause', { id: wf.id });
    expect('error' in late && late.error?.data.code).toBe('CONFLICT');
  });
});
