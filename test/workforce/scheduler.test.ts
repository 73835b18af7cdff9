import { describe, expect, it } from 'vitest';
import {
  CoworkError,
  type TaskSpecInput,
  type WorkerInfo,
  type WorkforceDecision,
  WorkforcePlan,
} from '../../src/contracts/index.js';
import { newScheduler, replay, type SchedulerInput, step } from '../../src/workforce/scheduler.js';

/** Tasks as tests write them: instructions are filled in. */
type Task = Omit<TaskSpecInput, 'instructions'> & { instructions?: string };
const plan = (tasks: Task[], policy = {}) =>
  WorkforcePlan.parse({
    tasks: tasks.map((t) => ({ ...t, instructions: t.instructions ?? `do ${t.id}` })),
    policy,
  });
const worker = (id: string, extra: Partial<WorkerInfo> = {}): WorkerInfo => ({
  id,
  capabilities: [],
  slots: 1,
  ...extra,
});

/** Feeds facts to a scheduler, keeping the whole log as the coordinator would. */
function drive(p: WorkforcePlan) {
  const state = newScheduler(p);
  const log: WorkforceDecision[] = [];
  const tell = (input: SchedulerInput) => {
    const decided = step(state, input);
    log.push(input, ...decided);
    return decided;
  };
  return { state, log, tell };
}

const assigned = (ds: WorkforceDecision[]) =>
  ds.flatMap((d) => (d.kind === 'task_assigned' ? [`${d.task}@${d.worker}#${d.attempt}`] : []));

function planError(tasks: Task[]): { reason: unknown; tasks: unknown } {
  try {
    newScheduler(plan(tasks));
  } catch (err) {
    expect(err).toBeInstanceOf(CoworkError);
    expect((err as CoworkError).code).toBe('INVALID_PLAN');
    const { reason, tasks: named } = (err as CoworkError).details as { reason: unknown; tasks: unknown };
    return { reason, tasks: named };
  }
  throw new Error('the plan was accepted');
}

describe('plan checks', () => {
  it('refuses duplicate ids, missing dependencies and cycles, naming the tasks', () => {
    expect(
      planError([
        { id: 'a', title: 'A' },
        { id: 'a', title: 'again' },
      ]),
    ).toEqual({ reason: 'duplicate', tasks: ['a'] });
    expect(planError([{ id: 'a', title: 'A', dependsOn: ['ghost'] }])).toEqual({
      reason: 'missing',
      tasks: ['a → ghost'],
    });
    expect(
      planError([
        { id: 'a', title: 'A' },
        { id: 'b', title: 'B', dependsOn: ['d'] },
        { id: 'c', title: 'C', dependsOn: ['b'] },
        { id: 'd', title: 'D', dependsOn: ['c', 'a'] },
      ]),
    ).toEqual({ reason: 'cycle', tasks: ['b', 'd', 'c'] });
  });
});

describe('scheduling', () => {
  const fanOut = plan([
    { id: 'research', title: 'Research' },
    ...['v1', 'v2', 'v3', 'v4'].map((id) => ({ id, title: id, dependsOn: ['research'] })),
    { id: 'compare', title: 'Compare', dependsOn: ['v1', 'v2', 'v3', 'v4'] },
  ]);

  it('fans out to four workers at once and back in, by load then id', () => {
    const { tell } = drive(fanOut);
    tell({ kind: 'plan_created', at: 0, tasks: 6 });
    for (const id of ['w3', 'w1', 'w4', 'w2']) tell({ kind: 'worker_registered', at: 0, worker: worker(id) });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 1 }))).toEqual(['research@w1#1']);
    tell({ kind: 'task_completed', at: 5, task: 'research' });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 6 }))).toEqual([
      'v1@w1#1',
      'v2@w2#1',
      'v3@w3#1',
      'v4@w4#1',
    ]);
    for (const id of ['v3', 'v1', 'v4']) tell({ kind: 'task_completed', at: 9, task: id });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 10 }))).toEqual([]);
    tell({ kind: 'task_completed', at: 11, task: 'v2' });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 12 }))).toEqual(['compare@w1#1']);
  });

  it('takes higher priority first, and gives a task only to a worker with its role and capabilities', () => {
    const { tell, state } = drive(
      plan([
        { id: 'low', title: 'Low' },
        { id: 'high', title: 'High', priority: 5 },
        { id: 'browse', title: 'Browse', capabilities: ['browser'] },
        { id: 'review', title: 'Review', role: 'reviewer' },
      ]),
    );
    tell({ kind: 'plan_created', at: 0, tasks: 4 });
    tell({ kind: 'worker_registered', at: 0, worker: worker('a', { slots: 2 }) });
    tell({ kind: 'worker_registered', at: 0, worker: worker('b', { capabilities: ['browser', 'files'] }) });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 1 }))).toEqual(['high@a#1', 'low@b#1']);
    expect(state.tasks.get('browse')!.status).toBe('queued'); // b is busy, a has no browser
    tell({ kind: 'task_completed', at: 2, task: 'low' });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 3 }))).toEqual(['browse@b#1']);
    expect(state.tasks.get('review')!.status).toBe('queued'); // no reviewer ever joined
  });

  it('backs off within the retry budget, then escalates once, then dead-letters', () => {
    const { tell, state } = drive(
      plan([{ id: 't', title: 'T' }], { retries: 2, backoffMs: 1000, escalateAfter: 3 }),
    );
    tell({ kind: 'plan_created', at: 0, tasks: 1 });
    tell({ kind: 'worker_registered', at: 0, worker: worker('w') });
    tell({ kind: 'scheduler_tick', at: 0 });
    expect(tell({ kind: 'task_failed', at: 10, task: 't', error: 'boom' }).map((d) => d.kind)).toEqual([
      'task_retry_scheduled',
      'task_blocked',
    ]);
    expect(assigned(tell({ kind: 'scheduler_tick', at: 500 }))).toEqual([]);
    expect(assigned(tell({ kind: 'scheduler_tick', at: 1010 }))).toEqual(['t@w#2']);
    const second = tell({ kind: 'task_failed', at: 1100, task: 't', error: 'boom' });
    expect(second[1]).toMatchObject({ kind: 'task_blocked', reason: 'backoff', until: 3100 }); // doubled
    expect(assigned(tell({ kind: 'scheduler_tick', at: 3100 }))).toEqual(['t@w#3']);
    expect(tell({ kind: 'task_failed', at: 3200, task: 't', error: 'boom' }).map((d) => d.kind)).toEqual([
      'task_escalated',
      'task_blocked',
    ]);
    expect(state.tasks.get('t')).toMatchObject({ status: 'blocked', reason: 'escalated', attempts: 3 });
    // The coordinator's escalation (a stronger route) queues it again; failing once more, it is dead-lettered.
    state.tasks.get('t')!.status = 'queued';
    expect(assigned(tell({ kind: 'scheduler_tick', at: 4000 }))).toEqual(['t@w#4']);
    expect(tell({ kind: 'task_failed', at: 4100, task: 't', error: 'boom' }).map((d) => d.kind)).toEqual([
      'task_dead_lettered',
    ]);
  });
});

describe('replay', () => {
  function recorded() {
    const p = plan([
      { id: 'a', title: 'A' },
      { id: 'b', title: 'B', dependsOn: ['a'] },
      { id: 'c', title: 'C', dependsOn: ['a'], priority: 1 },
    ]);
    const { tell, log } = drive(p);
    tell({ kind: 'plan_created', at: 0, tasks: 3 });
    tell({ kind: 'worker_registered', at: 0, worker: worker('x') });
    tell({ kind: 'worker_registered', at: 0, worker: worker('y') });
    tell({ kind: 'scheduler_tick', at: 1 });
    tell({ kind: 'task_failed', at: 2, task: 'a', error: 'flaky' });
    tell({ kind: 'scheduler_tick', at: 2000 });
    tell({ kind: 'task_completed', at: 2100, task: 'a' });
    tell({ kind: 'scheduler_tick', at: 2101 });
    return { p, log };
  }

  it('gives the same decisions from the same log, run after run', () => {
    const { p, log } = recorded();
    expect(replay(p, log)).toBeUndefined();
    expect(recorded().log).toEqual(log);
    // A log read back from storage (JSON) replays the same.
    expect(replay(p, JSON.parse(JSON.stringify(log)))).toBeUndefined();
  });

  it('names the first entry where a replay decides otherwise', () => {
    const { p, log } = recorded();
    const i = log.findLastIndex((d) => d.kind === 'task_assigned');
    const tampered = log.map((d, j) =>
      j === i ? { ...d, worker: d.kind === 'task_assigned' && d.worker === 'x' ? 'y' : 'x' } : d,
    );
    expect(replay(p, tampered as WorkforceDecision[])).toMatchObject({
      index: i,
      logged: tampered[i],
      replayed: log[i],
    });
  });
});
