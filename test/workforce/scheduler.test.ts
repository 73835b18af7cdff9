import { describe, expect, it } from 'vitest';
import {
  CoworkError,
  type TaskSpecInput,
  TaskSpec as TaskSpecSchema,
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
  const attempt = (task: string) => state.tasks.get(task)!.attempts;
  /** The worker of `task`'s current attempt hands on its result. */
  const complete = (at: number, task: string) =>
    tell({
      kind: 'result_published',
      at,
      task,
      result: { task, attempt: attempt(task), runId: `run-${task}`, summary: `${task} done`, artifacts: [] },
    });
  const fail = (at: number, task: string, error = 'boom') =>
    tell({ kind: 'task_failed', at, task, attempt: attempt(task), error });
  return { state, log, tell, complete, fail };
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
    const { tell, complete } = drive(fanOut);
    tell({ kind: 'plan_created', at: 0, tasks: 6 });
    for (const id of ['w3', 'w1', 'w4', 'w2']) tell({ kind: 'worker_registered', at: 0, worker: worker(id) });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 1 }))).toEqual(['research@w1#1']);
    complete(5, 'research');
    expect(assigned(tell({ kind: 'scheduler_tick', at: 6 }))).toEqual([
      'v1@w1#1',
      'v2@w2#1',
      'v3@w3#1',
      'v4@w4#1',
    ]);
    for (const id of ['v3', 'v1', 'v4']) complete(9, id);
    expect(assigned(tell({ kind: 'scheduler_tick', at: 10 }))).toEqual([]);
    complete(11, 'v2');
    expect(assigned(tell({ kind: 'scheduler_tick', at: 12 }))).toEqual(['compare@w1#1']);
  });

  it('takes higher priority first; a worker with a role takes only its role, and needs the capabilities', () => {
    const { tell, state, complete } = drive(
      plan([
        { id: 'low', title: 'Low', role: 'writer' },
        { id: 'high', title: 'High', priority: 5, role: 'writer' },
        { id: 'browse', title: 'Browse', capabilities: ['browser'] },
        { id: 'review', title: 'Review', role: 'reviewer' },
      ]),
    );
    tell({ kind: 'plan_created', at: 0, tasks: 4 });
    tell({ kind: 'worker_registered', at: 0, worker: worker('a', { slots: 2, role: 'writer' }) });
    tell({ kind: 'worker_registered', at: 0, worker: worker('b', { capabilities: ['browser', 'files'] }) });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 1 }))).toEqual(['high@a#1', 'low@b#1']);
    expect(state.tasks.get('browse')!.status).toBe('queued'); // b is busy, a has no browser
    complete(2, 'low');
    expect(assigned(tell({ kind: 'scheduler_tick', at: 3 }))).toEqual(['browse@b#1']);
    expect(state.tasks.get('review')!.status).toBe('queued'); // a only writes, b is busy
  });

  it('backs off within the retry budget, then escalates once, then dead-letters', () => {
    const { tell, state, fail } = drive(
      plan([{ id: 't', title: 'T' }], { retries: 2, backoffMs: 1000, escalateAfter: 3 }),
    );
    tell({ kind: 'plan_created', at: 0, tasks: 1 });
    tell({ kind: 'worker_registered', at: 0, worker: worker('w') });
    tell({ kind: 'scheduler_tick', at: 0 });
    expect(fail(10, 't', 'boom').map((d) => d.kind)).toEqual(['task_retry_scheduled', 'task_blocked']);
    expect(assigned(tell({ kind: 'scheduler_tick', at: 500 }))).toEqual([]);
    expect(assigned(tell({ kind: 'scheduler_tick', at: 1010 }))).toEqual(['t@w#2']);
    const second = fail(1100, 't', 'boom');
    expect(second[1]).toMatchObject({ kind: 'task_blocked', reason: 'backoff', until: 3100 }); // doubled
    expect(assigned(tell({ kind: 'scheduler_tick', at: 3100 }))).toEqual(['t@w#3']);
    expect(fail(3200, 't', 'boom').map((d) => d.kind)).toEqual(['task_escalated', 'task_blocked']);
    expect(state.tasks.get('t')).toMatchObject({ status: 'blocked', reason: 'escalated', attempts: 3 });
    // The coordinator's escalation (a stronger route) queues it again; failing once more, it is dead-lettered.
    tell({ kind: 'retry_requested', at: 3900, task: 't', by: 'escalation', model: 'strong/model' });
    const strong = tell({ kind: 'scheduler_tick', at: 4000 });
    expect(assigned(strong)).toEqual(['t@w#4']);
    expect(strong[0]).toMatchObject({ model: 'strong/model' });
    expect(fail(4100, 't', 'boom').map((d) => d.kind)).toEqual(['task_dead_lettered']);
  });
});

describe('replay', () => {
  function recorded() {
    const p = plan([
      { id: 'a', title: 'A' },
      { id: 'b', title: 'B', dependsOn: ['a'] },
      { id: 'c', title: 'C', dependsOn: ['a'], priority: 1 },
    ]);
    const { tell, log, complete, fail } = drive(p);
    tell({ kind: 'plan_created', at: 0, tasks: 3 });
    tell({ kind: 'worker_registered', at: 0, worker: worker('x') });
    tell({ kind: 'worker_registered', at: 0, worker: worker('y') });
    tell({ kind: 'scheduler_tick', at: 1 });
    fail(2, 'a', 'flaky');
    tell({ kind: 'scheduler_tick', at: 2000 });
    complete(2100, 'a');
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

describe("the person's requests and the ends", () => {
  const chain = () =>
    plan([
      { id: 'a', title: 'A' },
      { id: 'b', title: 'B', dependsOn: ['a'] },
      { id: 'c', title: 'C', dependsOn: ['b'] },
      { id: 'd', title: 'D' },
    ]);
  const started = (p: WorkforcePlan) => {
    const run = drive(p);
    run.tell({ kind: 'plan_created', at: 0, tasks: p.tasks.length });
    run.tell({ kind: 'worker_registered', at: 0, worker: worker('w', { slots: 4 }) });
    return run;
  };

  it('cancels a task with everything that needs it, each naming its cause, and finishes', () => {
    const { tell, complete } = started(chain());
    tell({ kind: 'scheduler_tick', at: 1 });
    const canceled = tell({ kind: 'cancel_requested', at: 2, task: 'a' });
    expect(canceled).toEqual([
      { kind: 'task_canceled', at: 2, task: 'a' },
      { kind: 'task_canceled', at: 2, task: 'b', cause: 'a' },
      { kind: 'task_canceled', at: 2, task: 'c', cause: 'b' },
    ]);
    // A late result from a's canceled attempt is recorded and changes nothing.
    expect(complete(3, 'a')).toEqual([]);
    complete(4, 'd');
    expect(tell({ kind: 'scheduler_tick', at: 5 })).toEqual([
      { kind: 'workforce_finished', at: 5, outcome: 'completed' },
    ]);
  });

  it('skips a task: its dependents go on without its result', () => {
    const { tell, state } = started(chain());
    tell({ kind: 'scheduler_tick', at: 1 });
    tell({ kind: 'skip_requested', at: 2, task: 'a' });
    expect(state.tasks.get('a')).toMatchObject({ status: 'completed', result: { skipped: true } });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 3 }))).toEqual(['b@w#1']);
  });

  it('pauses assignments (running tasks go on), edits at a tick, and resumes', () => {
    const { tell, state, complete } = started(chain());
    tell({ kind: 'pause_requested', at: 0 });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 1 }))).toEqual([]);
    tell({ kind: 'edit_requested', at: 2, task: 'd', changes: { priority: 9, instructions: 'do d better' } });
    tell({ kind: 'resume_requested', at: 3 });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 4 }))).toEqual(['d@w#1', 'a@w#1']);
    expect(state.tasks.get('d')!.spec.instructions).toBe('do d better');
    complete(5, 'a');
    tell({
      kind: 'task_added',
      at: 6,
      spec: TaskSpecSchema.parse({ id: 'e', title: 'E', instructions: 'e', dependsOn: ['a'] }),
    });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 7 }))).toEqual(['b@w#1', 'e@w#1']);
  });

  it('blocks on budget, says the workforce is stalled once, and goes on when the budget is raised', () => {
    const { tell, state, fail } = started(
      plan(
        [
          { id: 'a', title: 'A' },
          { id: 'b', title: 'B' },
        ],
        { retries: 0, escalateAfter: 1 },
      ),
    );
    tell({ kind: 'scheduler_tick', at: 1 });
    expect(tell({ kind: 'budget_exceeded', at: 2 })).toEqual([
      { kind: 'task_blocked', at: 2, task: 'a', reason: 'budget' },
      { kind: 'task_blocked', at: 2, task: 'b', reason: 'budget' },
    ]);
    expect(tell({ kind: 'scheduler_tick', at: 3 })).toEqual([
      { kind: 'workforce_stalled', at: 3, tasks: ['a', 'b'] },
    ]);
    expect(tell({ kind: 'scheduler_tick', at: 4 })).toEqual([]); // said once
    tell({ kind: 'budget_changed', at: 5, budget: { tokens: 10_000 } });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 6 }))).toEqual(['a@w#2', 'b@w#2']);
    fail(7, 'a');
    expect(state.tasks.get('a')).toMatchObject({ status: 'blocked', reason: 'escalated' });
    tell({ kind: 'retry_requested', at: 8, task: 'a', by: 'person' });
    expect(state.tasks.get('a')).toMatchObject({ status: 'queued', failures: 0, escalated: false });
  });

  it('reports a queued task no worker can take as stalled, not silently stuck', () => {
    const { tell } = started(plan([{ id: 'r', title: 'Review', capabilities: ['browser'] }]));
    expect(tell({ kind: 'scheduler_tick', at: 1 })).toEqual([
      { kind: 'workforce_stalled', at: 1, tasks: ['r'] },
    ]);
  });

  it('stops: every open task canceled, then finished', () => {
    const { tell } = started(chain());
    tell({ kind: 'scheduler_tick', at: 1 });
    const stop = tell({ kind: 'stop_requested', at: 2 });
    expect(stop.map((d) => d.kind)).toEqual([
      'task_canceled',
      'task_canceled',
      'task_canceled',
      'task_canceled',
      'workforce_finished',
    ]);
    expect(tell({ kind: 'scheduler_tick', at: 3 })).toEqual([]);
  });
});

describe('the strategies that change the graph', () => {
  const spec = (id: string, dependsOn: string[] = []) =>
    TaskSpecSchema.parse({ id, title: id, instructions: `do ${id}`, dependsOn });
  const escalated = (strategy: 'decompose' | 'replan') => {
    const run = drive(
      plan(
        [
          { id: 'a', title: 'A' },
          { id: 'big', title: 'Big', dependsOn: ['a'] },
          { id: 'after', title: 'After', dependsOn: ['big'] },
          { id: 'side', title: 'Side' },
        ],
        { retries: 0, escalateAfter: 1, strategy },
      ),
    );
    run.tell({ kind: 'plan_created', at: 0, tasks: 4 });
    run.tell({ kind: 'worker_registered', at: 0, worker: worker('w', { slots: 4 }) });
    run.tell({ kind: 'scheduler_tick', at: 1 });
    run.complete(2, 'a');
    run.tell({ kind: 'scheduler_tick', at: 3 });
    run.fail(4, 'big');
    expect(run.state.tasks.get('big')).toMatchObject({ status: 'blocked', reason: 'escalated' });
    return run;
  };

  it('decompose: the failed task becomes the fan-in of its parts, which need what it needed', () => {
    const { tell, state, complete } = escalated('decompose');
    const decided = tell({
      kind: 'task_decomposed',
      at: 5,
      task: 'big',
      into: [spec('big.1', ['a']), spec('big.2', ['a', 'big.1'])],
      instructions: 'combine big.1 and big.2',
    });
    expect(decided).toEqual([
      { kind: 'task_queued', at: 5, task: 'big.1' },
      { kind: 'task_blocked', at: 5, task: 'big.2', reason: 'dependencies' },
      { kind: 'task_blocked', at: 5, task: 'big', reason: 'dependencies' },
    ]);
    expect(state.tasks.get('big')).toMatchObject({ failures: 0, escalated: false });
    expect(assigned(tell({ kind: 'scheduler_tick', at: 6 }))).toEqual(['big.1@w#1']);
    complete(7, 'big.1');
    expect(assigned(tell({ kind: 'scheduler_tick', at: 8 }))).toEqual(['big.2@w#1']);
    complete(9, 'big.2');
    expect(assigned(tell({ kind: 'scheduler_tick', at: 10 }))).toEqual(['big@w#2']);
    // Split again with ids that exist: recorded, ignored.
    expect(
      tell({ kind: 'task_decomposed', at: 11, task: 'big', into: [spec('a')], instructions: 'x' }),
    ).toEqual([]);
  });

  it('replan: what is not done or running is canceled and the new tasks take its place', () => {
    const { tell, state } = escalated('replan');
    const decided = tell({
      kind: 'workforce_replanned',
      at: 5,
      task: 'big',
      tasks: [spec('r1', ['a']), spec('r2', ['r1'])],
    });
    expect(decided).toEqual([
      { kind: 'task_canceled', at: 5, task: 'big' },
      { kind: 'task_canceled', at: 5, task: 'after', cause: 'big' },
      { kind: 'task_queued', at: 5, task: 'r1' },
      { kind: 'task_blocked', at: 5, task: 'r2', reason: 'dependencies' },
    ]);
    expect(state.tasks.get('side')!.status).toBe('running'); // left to finish
  });
});

describe('who has an escalation', () => {
  const lone = (strategy: 'retry' | 'decompose', escalationRoute = false) => {
    const run = drive(plan([{ id: 't', title: 'T' }], { retries: 0, escalateAfter: 1, strategy }));
    Object.assign(run.state, { escalationRoute });
    run.tell({ kind: 'plan_created', at: 0, tasks: 1 });
    run.tell({ kind: 'worker_registered', at: 0, worker: worker('w') });
    run.tell({ kind: 'scheduler_tick', at: 1 });
    return { ...run, escalation: run.fail(2, 't')[0] };
  };

  it('the person: the workforce waits for them, and says so', () => {
    const { tell, escalation } = lone('retry');
    expect(escalation).toMatchObject({ kind: 'task_escalated', to: 'person' });
    expect(tell({ kind: 'scheduler_tick', at: 3 })).toEqual([
      { kind: 'workforce_stalled', at: 3, tasks: ['t'] },
    ]);
  });

  it('a route or a planner run: it moves by itself, no stall — until a planner hands it to the person', () => {
    expect(lone('retry', true).escalation).toMatchObject({ to: 'route' });
    expect(lone('retry', true).tell({ kind: 'scheduler_tick', at: 3 })).toEqual([]);
    const { tell, escalation } = lone('decompose');
    expect(escalation).toMatchObject({ to: 'planner' });
    expect(tell({ kind: 'scheduler_tick', at: 3 })).toEqual([]);
    tell({ kind: 'escalation_referred', at: 4, task: 't', to: 'person', reason: 'no plan' });
    expect(tell({ kind: 'scheduler_tick', at: 5 })).toEqual([
      { kind: 'workforce_stalled', at: 5, tasks: ['t'] },
    ]);
  });
});
