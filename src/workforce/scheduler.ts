/**
 * The workforce's scheduler: pure and deterministic. It is told facts (the plan, a worker joining,
 * a tick of the logical clock, a task's result, the person's cancel) and answers with decisions;
 * both go to the log in order. Ready tasks are taken by priority, then plan order, then id; each
 * goes to the least-loaded worker (then by id) whose capabilities include the task's and whose role
 * is the task's. The same log replayed (`replay`) gives the same decisions, or names where not.
 */
import type {
  FailurePolicy,
  TaskSpec,
  TaskStatus,
  WorkerInfo,
  WorkforceDecision,
  WorkforcePlan,
} from '../contracts/index.js';
import { FailurePolicy as PolicySchema } from '../contracts/index.js';
import { checkedOrder } from './plan-graph.js';

export interface TaskState {
  spec: TaskSpec;
  /** Its place in the plan (the second sort key). */
  index: number;
  status: TaskStatus;
  reason?: WorkforceDecisionOf<'task_blocked'>['reason'];
  until?: number;
  attempts: number;
  escalated: boolean;
  deadLettered: boolean;
  worker?: string;
}

export interface SchedulerState {
  clock: number;
  tasks: Map<string, TaskState>;
  workers: Map<string, { info: WorkerInfo; running: Set<string> }>;
  policy: FailurePolicy;
}

type WorkforceDecisionOf<K extends WorkforceDecision['kind']> = Extract<WorkforceDecision, { kind: K }>;

/** The facts the scheduler is told; everything else in the log is its decision. */
export type SchedulerInput = WorkforceDecisionOf<
  'plan_created' | 'worker_registered' | 'scheduler_tick' | 'task_completed' | 'task_failed' | 'task_canceled'
>;
const INPUTS = new Set<WorkforceDecision['kind']>([
  'plan_created',
  'worker_registered',
  'scheduler_tick',
  'task_completed',
  'task_failed',
  'task_canceled',
]);
export const isInput = (d: WorkforceDecision): d is SchedulerInput => INPUTS.has(d.kind);

/** A scheduler for `plan` (checked: INVALID_PLAN names what is wrong), nothing decided yet. */
export function newScheduler(plan: WorkforcePlan): SchedulerState {
  checkedOrder(plan.tasks);
  const policy = PolicySchema.parse(plan.policy ?? {});
  const tasks = new Map(
    plan.tasks.map((spec, index): [string, TaskState] => [
      spec.id,
      { spec, index, status: 'queued', attempts: 0, escalated: false, deadLettered: false },
    ]),
  );
  return { clock: 0, tasks, workers: new Map(), policy };
}

/** Applies one fact and returns the decisions it leads to (already applied too). */
export function step(state: SchedulerState, input: SchedulerInput): WorkforceDecision[] {
  state.clock = Math.max(state.clock, input.at);
  const out: WorkforceDecision[] = [];
  const decide = (d: WorkforceDecision) => {
    apply(state, d);
    out.push(d);
  };
  apply(state, input);
  const at = input.at;
  switch (input.kind) {
    case 'plan_created':
      for (const t of byPlanOrder(state)) {
        if (t.spec.dependsOn.length)
          decide({ kind: 'task_blocked', at, task: t.spec.id, reason: 'dependencies' });
        else decide({ kind: 'task_queued', at, task: t.spec.id });
      }
      break;
    case 'task_failed':
      for (const d of afterFailure(state, state.tasks.get(input.task)!, at)) decide(d);
      break;
    case 'scheduler_tick':
      for (const t of byPlanOrder(state))
        if (unblocked(state, t, at)) decide({ kind: 'task_queued', at, task: t.spec.id });
      for (const d of assignments(state, at)) decide(d);
      break;
    default:
      break;
  }
  return out;
}

/** What one entry of the log does to the state (facts and decisions alike). */
export function apply(state: SchedulerState, d: WorkforceDecision): void {
  const task = 'task' in d ? state.tasks.get(d.task) : undefined;
  const release = () => {
    if (task?.worker) state.workers.get(task.worker)?.running.delete(task.spec.id);
    if (task) delete task.worker;
  };
  switch (d.kind) {
    case 'worker_registered':
      state.workers.set(d.worker.id, { info: d.worker, running: new Set() });
      return;
    case 'task_queued':
      Object.assign(task!, { status: 'queued', reason: undefined, until: undefined });
      return;
    case 'task_blocked':
      Object.assign(task!, { status: 'blocked', reason: d.reason, until: d.until });
      return;
    case 'task_assigned':
      Object.assign(task!, { status: 'running', worker: d.worker, attempts: d.attempt, reason: undefined });
      state.workers.get(d.worker)!.running.add(d.task);
      return;
    case 'task_completed':
      release();
      task!.status = 'completed';
      return;
    case 'task_failed':
      release();
      task!.status = 'failed';
      return;
    case 'task_canceled':
      release();
      task!.status = 'canceled';
      return;
    case 'task_escalated':
      task!.escalated = true;
      return;
    case 'task_dead_lettered':
      task!.deadLettered = true;
      return;
    default:
      return;
  }
}

function byPlanOrder(state: SchedulerState): TaskState[] {
  return [...state.tasks.values()].sort((a, b) => a.index - b.index);
}

function unblocked(state: SchedulerState, t: TaskState, at: number): boolean {
  if (t.status !== 'blocked') return false;
  if (t.reason === 'backoff') return (t.until ?? 0) <= at;
  if (t.reason === 'dependencies')
    return t.spec.dependsOn.every((d) => state.tasks.get(d)!.status === 'completed');
  return false; // escalated, approval, budget: someone else unblocks it
}

/** Ready tasks to free workers, in the documented order; loads change as tasks are placed. */
function assignments(state: SchedulerState, at: number): WorkforceDecision[] {
  const ready = [...state.tasks.values()]
    .filter((t) => t.status === 'queued')
    .sort(
      (a, b) => b.spec.priority - a.spec.priority || a.index - b.index || (a.spec.id < b.spec.id ? -1 : 1),
    );
  const load = new Map([...state.workers].map(([id, w]) => [id, w.running.size]));
  const out: WorkforceDecision[] = [];
  for (const t of ready) {
    const worker = [...state.workers.values()]
      .filter((w) => load.get(w.info.id)! < w.info.slots && fits(w.info, t.spec))
      .sort((a, b) => load.get(a.info.id)! - load.get(b.info.id)! || (a.info.id < b.info.id ? -1 : 1))[0];
    if (!worker) continue;
    load.set(worker.info.id, load.get(worker.info.id)! + 1);
    out.push({ kind: 'task_assigned', at, task: t.spec.id, worker: worker.info.id, attempt: t.attempts + 1 });
  }
  return out;
}

function fits(worker: WorkerInfo, task: TaskSpec): boolean {
  if (task.role && worker.role !== task.role) return false;
  return task.capabilities.every((c) => worker.capabilities.includes(c));
}

/**
 * A failed attempt: within the retry budget it backs off (doubling from `backoffMs`); past it the
 * task is escalated once (when `escalateAfter` attempts have failed), and after that dead-lettered.
 */
function afterFailure(state: SchedulerState, t: TaskState, at: number): WorkforceDecision[] {
  const policy = { ...state.policy, ...t.spec.policy };
  const task = t.spec.id;
  if (t.attempts <= policy.retries) {
    const until = at + policy.backoffMs * 2 ** (t.attempts - 1);
    return [
      { kind: 'task_retry_scheduled', at, task, attempt: t.attempts + 1, until },
      { kind: 'task_blocked', at, task, reason: 'backoff', until },
    ];
  }
  if (!t.escalated && t.attempts >= policy.escalateAfter) {
    return [
      { kind: 'task_escalated', at, task },
      { kind: 'task_blocked', at, task, reason: 'escalated' },
    ];
  }
  return [{ kind: 'task_dead_lettered', at, task }];
}

/** Where a replay of `log` first decides otherwise than the log says, or undefined when it agrees. */
export function replay(
  plan: WorkforcePlan,
  log: readonly WorkforceDecision[],
):
  | { index: number; logged: WorkforceDecision | undefined; replayed: WorkforceDecision | undefined }
  | undefined {
  const state = newScheduler(plan);
  let i = 0;
  while (i < log.length) {
    const entry = log[i]!;
    if (!isInput(entry)) return { index: i, logged: entry, replayed: undefined };
    const decided = step(state, entry);
    i++;
    for (const d of decided) {
      if (JSON.stringify(log[i]) !== JSON.stringify(d)) return { index: i, logged: log[i], replayed: d };
      i++;
    }
  }
  return undefined;
}
