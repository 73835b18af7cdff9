/**
 * The workforce's scheduler: pure and deterministic. It is told facts (the plan, a worker joining,
 * a tick of the logical clock, a worker's result or failure, the person's requests) and answers
 * with decisions; both go to the log in order. Ready tasks are taken by priority, then plan order,
 * then id; each goes to the least-loaded worker (then by id) whose capabilities include the task's
 * and whose role (if it has one) is the task's. The same log replayed (`replay`) gives the same
 * decisions, or names where not.
 */
import type {
  EscalationTarget,
  FailurePolicy,
  FailureStrategy,
  TaskResult,
  TaskSpec,
  TaskStatus,
  WorkerInfo,
  WorkforceChoice,
  WorkforceDecision,
  WorkforceFact,
  WorkforcePlan,
} from '../contracts/index.js';
import { FailurePolicy as PolicySchema } from '../contracts/index.js';
import { checkedOrder } from './plan-graph.js';

type Entry<K extends WorkforceDecision['kind']> = Extract<WorkforceDecision, { kind: K }>;

export interface TaskState {
  spec: TaskSpec;
  /** Its place in the plan (the second sort key); added tasks come after the plan's. */
  index: number;
  status: TaskStatus;
  reason?: Entry<'task_blocked'>['reason'];
  until?: number;
  /** Attempts started (the next assignment is attempt `attempts + 1`). */
  attempts: number;
  /** Failed attempts since the person last retried it: the failure policy counts these. */
  failures: number;
  escalated: boolean;
  /** Who has its escalation: only one with the person stalls the workforce. */
  escalatedTo?: EscalationTarget;
  deadLettered: boolean;
  worker?: string;
  /** The worker of the last failed attempt (strategy `reassign` prefers another). */
  failedOn?: string;
  /** A stronger route given by an escalation, for the next attempts. */
  model?: string;
  runIds: string[];
  lastError?: string;
  result?: TaskResult;
}

export interface SchedulerState {
  clock: number;
  tasks: Map<string, TaskState>;
  workers: Map<string, { info: WorkerInfo; running: Set<string> }>;
  policy: FailurePolicy;
  /** The workforce has a stronger route to escalate to (else the person takes escalations). */
  escalationRoute: boolean;
  paused: boolean;
  /** The workforce's budget is spent: nothing more is assigned until it is raised. */
  overBudget: boolean;
  messages: string[];
  finished?: Entry<'workforce_finished'>['outcome'];
  /** The tasks last reported stalled (reported again only when that changes). */
  stalled: string;
  /**
   * Kept by `apply` so a tick costs what changed, not the whole graph: task ids by status, the
   * tasks blocked in backoff, who depends on whom, and the tasks whose dependencies ended since
   * the last tick (the only ones a tick must look at for `dependencies`).
   */
  byStatus: Record<TaskStatus, Set<string>>;
  backoff: Set<string>;
  dependents: Map<string, string[]>;
  recheck: Set<string>;
}

/** The facts the scheduler is told; everything else in the log is its decision. */
export type SchedulerInput = WorkforceFact;
const FACTS = new Set<WorkforceDecision['kind']>([
  'plan_created',
  'worker_registered',
  'scheduler_tick',
  'task_started',
  'result_published',
  'task_failed',
  'budget_exceeded',
  'cancel_requested',
  'retry_requested',
  'skip_requested',
  'escalation_referred',
  'edit_requested',
  'task_added',
  'task_decomposed',
  'workforce_replanned',
  'pause_requested',
  'resume_requested',
  'stop_requested',
  'budget_changed',
  'message_received',
] satisfies WorkforceFact['kind'][]);
export const isInput = (d: WorkforceDecision): d is SchedulerInput => FACTS.has(d.kind);

/** The strategies whose escalation a planner run takes up: they change the graph. */
export type GraphStrategy = Extract<FailureStrategy, 'decompose' | 'replan'>;
export const changesGraph = (s: FailureStrategy): s is GraphStrategy => s === 'decompose' || s === 'replan';

const TERMINAL = new Set<TaskStatus>(['completed', 'canceled']);
/** Done with, for the graph: completed or canceled (a failed task may still be retried). */
export const isTerminal = (t: TaskState) => TERMINAL.has(t.status);

/** What of the workforce, beyond its plan, the scheduler decides with (replay needs the same). */
export interface SchedulerOptions {
  escalationRoute?: boolean;
}

/** A scheduler for `plan` (checked: INVALID_PLAN names what is wrong), nothing decided yet. */
export function newScheduler(plan: WorkforcePlan, opts: SchedulerOptions = {}): SchedulerState {
  checkedOrder(plan.tasks);
  const policy = PolicySchema.parse(plan.policy ?? {});
  const state: SchedulerState = {
    clock: 0,
    tasks: new Map(),
    workers: new Map(),
    policy,
    escalationRoute: opts.escalationRoute ?? false,
    paused: false,
    overBudget: false,
    messages: [],
    stalled: '',
    byStatus: {
      queued: new Set(),
      running: new Set(),
      blocked: new Set(),
      completed: new Set(),
      failed: new Set(),
      canceled: new Set(),
    },
    backoff: new Set(),
    dependents: new Map(),
    recheck: new Set(),
  };
  for (const spec of plan.tasks) add(state, spec);
  return state;
}

function add(state: SchedulerState, spec: TaskSpec): void {
  state.tasks.set(spec.id, fresh(spec, state.tasks.size));
  state.byStatus.queued.add(spec.id);
  for (const d of spec.dependsOn) state.dependents.set(d, [...(state.dependents.get(d) ?? []), spec.id]);
}

/** Every status change goes through here, keeping the indexes true. */
function move(
  state: SchedulerState,
  t: TaskState,
  fields: Partial<TaskState> & { status: TaskStatus },
): void {
  const id = t.spec.id;
  state.byStatus[t.status].delete(id);
  Object.assign(t, fields);
  state.byStatus[t.status].add(id);
  if (t.status === 'blocked' && t.reason === 'backoff') state.backoff.add(id);
  else state.backoff.delete(id);
  if (t.status === 'completed' || t.status === 'canceled')
    for (const d of state.dependents.get(id) ?? []) state.recheck.add(d);
}

function fresh(spec: TaskSpec, index: number): TaskState {
  return {
    spec,
    index,
    status: 'queued',
    attempts: 0,
    failures: 0,
    escalated: false,
    deadLettered: false,
    runIds: [],
  };
}

/** Applies one fact and returns the decisions it leads to (already applied too). */
export function step(state: SchedulerState, input: SchedulerInput): WorkforceChoice[] {
  state.clock = Math.max(state.clock, input.at);
  const out: WorkforceChoice[] = [];
  const decide = (d: WorkforceChoice) => {
    apply(state, d);
    out.push(d);
  };
  const ignored = isIgnored(state, input);
  const recheck = state.recheck;
  apply(state, input);
  if (ignored || state.finished) return out;
  for (const d of decisionsFor(state, input, recheck)) decide(d);
  if (input.kind === 'scheduler_tick') {
    for (const d of assignments(state, input.at)) decide(d);
    const end = ending(state, input.at);
    if (end) decide(end);
  }
  return out;
}

/**
 * A fact that changes nothing, recorded all the same: a result or failure from an attempt that no
 * longer holds its task, or a split or replan that no longer fits (its task moved on, or its new
 * ids are taken).
 */
function isIgnored(state: SchedulerState, input: SchedulerInput): boolean {
  const t = 'task' in input && input.task !== undefined ? state.tasks.get(input.task) : undefined;
  switch (input.kind) {
    case 'result_published':
    case 'task_failed':
    case 'task_started': {
      const attempt = input.kind === 'result_published' ? input.result.attempt : input.attempt;
      return !t || t.status !== 'running' || t.attempts !== attempt;
    }
    case 'task_decomposed':
      return !t || !retryable(t) || input.into.some((n) => state.tasks.has(n.id));
    case 'workforce_replanned':
      return !t || input.tasks.some((n) => state.tasks.has(n.id));
    default:
      return false;
  }
}

/** The decisions one fact leads to, made one at a time against the state as it changes. */
function* decisionsFor(
  state: SchedulerState,
  input: SchedulerInput,
  recheck: ReadonlySet<string>,
): Generator<WorkforceChoice> {
  const at = input.at;
  const task = 'task' in input && input.task !== undefined ? state.tasks.get(input.task) : undefined;
  switch (input.kind) {
    case 'plan_created':
      for (const t of byPlanOrder(state)) yield waitingOrQueued(state, t, at);
      return;
    case 'task_added':
      yield waitingOrQueued(state, state.tasks.get(input.spec.id)!, at);
      return;
    case 'task_decomposed':
      for (const spec of input.into) yield waitingOrQueued(state, state.tasks.get(spec.id)!, at);
      yield waitingOrQueued(state, task!, at);
      return;
    case 'workforce_replanned': {
      const fresh = new Set(input.tasks.map((n) => n.id));
      for (const t of byPlanOrder(state)) {
        if (isTerminal(t) || t.status === 'running' || fresh.has(t.spec.id)) continue;
        yield { kind: 'task_canceled', at, task: t.spec.id, ...(t === task ? {} : { cause: input.task }) };
      }
      for (const spec of input.tasks) yield waitingOrQueued(state, state.tasks.get(spec.id)!, at);
      return;
    }
    case 'result_published':
      yield { kind: 'task_completed', at, task: input.task };
      return;
    case 'task_failed':
      yield* afterFailure(state, task!, at);
      return;
    case 'budget_exceeded':
      for (const t of input.task ? [task!] : byPlanOrder(state))
        if (t.status === 'running' || (!input.task && t.status === 'queued'))
          yield { kind: 'task_blocked', at, task: t.spec.id, reason: 'budget' };
      return;
    case 'cancel_requested':
      if (task && !isTerminal(task)) yield* cancelWithDependents(state, task, at);
      return;
    case 'stop_requested':
      for (const t of byPlanOrder(state))
        if (!isTerminal(t)) yield { kind: 'task_canceled', at, task: t.spec.id };
      yield { kind: 'workforce_finished', at, outcome: 'stopped' };
      return;
    case 'skip_requested':
      if (task && !isTerminal(task)) yield { kind: 'task_completed', at, task: task.spec.id };
      return;
    case 'retry_requested':
      if (task && retryable(task)) yield waitingOrQueued(state, task, at);
      return;
    case 'budget_changed':
      for (const t of byPlanOrder(state))
        if (t.status === 'blocked' && t.reason === 'budget') yield waitingOrQueued(state, t, at);
      return;
    case 'scheduler_tick':
      for (const t of inPlanOrder(state, [...recheck, ...state.backoff])) {
        if (t.status !== 'blocked') continue;
        if (t.reason === 'dependencies' && dependencyCanceled(state, t))
          yield* cancelWithDependents(state, t, at, canceledDependency(state, t));
        else if (unblocked(state, t, at)) yield { kind: 'task_queued', at, task: t.spec.id };
      }
      return;
    default:
      return;
  }
}

/** What one entry of the log does to the state (facts and decisions alike). */
export function apply(state: SchedulerState, d: WorkforceDecision): void {
  if (isInput(d) && isIgnored(state, d)) return;
  const task = 'task' in d && d.task !== undefined ? state.tasks.get(d.task) : undefined;
  const release = () => {
    if (task?.worker) state.workers.get(task.worker)?.running.delete(task.spec.id);
    if (task) delete task.worker;
  };
  switch (d.kind) {
    case 'worker_registered':
      state.workers.set(d.worker.id, { info: d.worker, running: new Set() });
      return;
    case 'task_added':
      add(state, d.spec);
      state.recheck.add(d.spec.id); // a dependency may be canceled already
      return;
    case 'task_decomposed': {
      const fanIn = task!;
      for (const spec of d.into) add(state, spec);
      for (const n of d.into)
        state.dependents.set(n.id, [...(state.dependents.get(n.id) ?? []), fanIn.spec.id]);
      const dependsOn = [...fanIn.spec.dependsOn, ...d.into.map((n) => n.id)];
      fanIn.spec = { ...fanIn.spec, dependsOn, instructions: d.instructions };
      Object.assign(fanIn, { failures: 0, escalated: false, deadLettered: false });
      return;
    }
    case 'workforce_replanned':
      for (const spec of d.tasks) add(state, spec);
      return;
    case 'scheduler_tick':
      // What this tick looks at was taken by `step` before; a fold (no step) just lets it go.
      state.recheck = new Set();
      return;
    case 'task_started':
      task!.runIds.push(d.runId);
      return;
    case 'result_published':
      task!.result = d.result;
      return;
    case 'task_failed': {
      const failedOn = task!.worker;
      release();
      move(state, task!, { status: 'failed', lastError: d.error, failures: task!.failures + 1, failedOn });
      return;
    }
    case 'retry_requested':
      if (!task || !retryable(task)) return;
      if (d.by === 'person') Object.assign(task, { failures: 0, escalated: false });
      if (d.model) task.model = d.model;
      task.deadLettered = false;
      return;
    case 'skip_requested':
      if (task && !isTerminal(task))
        task.result = {
          task: task.spec.id,
          attempt: task.attempts,
          runId: '',
          summary: '',
          artifacts: [],
          skipped: true,
        };
      return;
    case 'edit_requested':
      if (task) task.spec = { ...task.spec, ...d.changes };
      return;
    case 'pause_requested':
      state.paused = true;
      return;
    case 'resume_requested':
      state.paused = false;
      return;
    case 'budget_exceeded':
      if (!d.task) state.overBudget = true;
      return;
    case 'budget_changed':
      state.overBudget = false;
      return;
    case 'message_received':
      state.messages.push(d.text);
      return;
    case 'task_queued':
      move(state, task!, { status: 'queued', reason: undefined, until: undefined });
      return;
    case 'task_blocked':
      release();
      move(state, task!, { status: 'blocked', reason: d.reason, until: d.until });
      return;
    case 'task_assigned':
      move(state, task!, { status: 'running', worker: d.worker, attempts: d.attempt, reason: undefined });
      state.workers.get(d.worker)!.running.add(d.task);
      // It moved: stalling again on the same tasks is news, said again.
      state.stalled = '';
      return;
    case 'task_completed':
      release();
      move(state, task!, { status: 'completed' });
      return;
    case 'task_canceled':
      release();
      move(state, task!, { status: 'canceled' });
      return;
    case 'task_escalated':
      Object.assign(task!, { escalated: true, escalatedTo: d.to });
      return;
    case 'escalation_referred':
      if (task?.status === 'blocked' && task.reason === 'escalated') task.escalatedTo = d.to;
      return;
    case 'task_dead_lettered':
      task!.deadLettered = true;
      return;
    case 'workforce_finished':
      state.finished = d.outcome;
      return;
    case 'workforce_stalled':
      state.stalled = d.tasks.join(',');
      return;
    default:
      return;
  }
}

/**
 * The tasks in plan order: the map's own order, since the plan's tasks are put in in order and an
 * added task goes in last with the next index (no sort: a tick at 1,000 tasks stays linear).
 */
function byPlanOrder(state: SchedulerState): TaskState[] {
  return [...state.tasks.values()];
}

/** The tasks of `ids` (no repeats), in plan order. */
function inPlanOrder(state: SchedulerState, ids: Iterable<string>): TaskState[] {
  return [...new Set(ids)].map((id) => state.tasks.get(id)!).sort((a, b) => a.index - b.index);
}

const dependenciesDone = (state: SchedulerState, t: TaskState) =>
  t.spec.dependsOn.every((d) => state.tasks.get(d)!.status === 'completed');

function waitingOrQueued(state: SchedulerState, t: TaskState, at: number): WorkforceChoice {
  return dependenciesDone(state, t)
    ? { kind: 'task_queued', at, task: t.spec.id }
    : { kind: 'task_blocked', at, task: t.spec.id, reason: 'dependencies' };
}

/** The person may retry what failed, was dead-lettered, escalated, cut by its budget or canceled. */
function retryable(t: TaskState): boolean {
  if (t.status === 'failed' || t.status === 'canceled') return true;
  return t.status === 'blocked' && (t.reason === 'escalated' || t.reason === 'budget');
}

function canceledDependency(state: SchedulerState, t: TaskState): string | undefined {
  return t.spec.dependsOn.find((d) => state.tasks.get(d)!.status === 'canceled');
}
const dependencyCanceled = (state: SchedulerState, t: TaskState) =>
  canceledDependency(state, t) !== undefined;

/** A canceled task takes every task that (transitively) needs it along, each naming its cause. */
function* cancelWithDependents(
  state: SchedulerState,
  root: TaskState,
  at: number,
  cause?: string,
): Generator<WorkforceChoice> {
  yield { kind: 'task_canceled', at, task: root.spec.id, ...(cause ? { cause } : {}) };
  for (const t of byPlanOrder(state))
    if (!isTerminal(t) && t.spec.dependsOn.includes(root.spec.id))
      yield* cancelWithDependents(state, t, at, root.spec.id);
}

function unblocked(state: SchedulerState, t: TaskState, at: number): boolean {
  if (t.reason === 'backoff') return (t.until ?? 0) <= at;
  if (t.reason === 'dependencies') return dependenciesDone(state, t);
  return false; // escalated, approval, budget: someone else unblocks it
}

/** Ready tasks to free workers, in the documented order; loads change as tasks are placed. */
function assignments(state: SchedulerState, at: number): WorkforceChoice[] {
  if (state.paused || state.overBudget) return [];
  const ready = [...state.byStatus.queued]
    .map((id) => state.tasks.get(id)!)
    .sort(
      (a, b) => b.spec.priority - a.spec.priority || a.index - b.index || (a.spec.id < b.spec.id ? -1 : 1),
    );
  const load = new Map([...state.workers].map(([id, w]) => [id, w.running.size]));
  const out: WorkforceChoice[] = [];
  for (const t of ready) {
    const free = [...state.workers.values()]
      .filter((w) => load.get(w.info.id)! < w.info.slots && fits(w.info, t.spec))
      .sort((a, b) => load.get(a.info.id)! - load.get(b.info.id)! || (a.info.id < b.info.id ? -1 : 1));
    const policy = policyOf(state, t);
    const elsewhere = free.filter((w) => w.info.id !== t.failedOn);
    const worker = (policy.strategy === 'reassign' && elsewhere.length ? elsewhere : free)[0];
    if (!worker) continue;
    load.set(worker.info.id, load.get(worker.info.id)! + 1);
    out.push({
      kind: 'task_assigned',
      at,
      task: t.spec.id,
      worker: worker.info.id,
      attempt: t.attempts + 1,
      ...(t.model ? { model: t.model } : {}),
    });
  }
  return out;
}

function fits(worker: WorkerInfo, task: TaskSpec): boolean {
  if (worker.role !== undefined && worker.role !== task.role) return false;
  return task.capabilities.every((c) => worker.capabilities.includes(c));
}

export const policyOf = (state: SchedulerState, t: TaskState): FailurePolicy => ({
  ...state.policy,
  ...t.spec.policy,
});

/**
 * A failed attempt: within the retry budget it backs off (doubling from `backoffMs`); past it the
 * task is escalated once (when `escalateAfter` attempts have failed), and after that dead-lettered.
 */
function afterFailure(state: SchedulerState, t: TaskState, at: number): WorkforceChoice[] {
  const policy = policyOf(state, t);
  const task = t.spec.id;
  if (t.failures <= policy.retries) {
    const until = at + policy.backoffMs * 2 ** (t.failures - 1);
    return [
      { kind: 'task_retry_scheduled', at, task, attempt: t.attempts + 1, until },
      { kind: 'task_blocked', at, task, reason: 'backoff', until },
    ];
  }
  if (!t.escalated && t.failures >= policy.escalateAfter) {
    const to = changesGraph(policy.strategy) ? 'planner' : state.escalationRoute ? 'route' : 'person';
    return [
      { kind: 'task_escalated', at, task, to },
      { kind: 'task_blocked', at, task, reason: 'escalated' },
    ];
  }
  return [{ kind: 'task_dead_lettered', at, task }];
}

/**
 * At a tick, once nothing can move by itself: finished when every task is completed or canceled;
 * otherwise stalled on the tasks that wait for the person — failed, escalated, over budget, or
 * queued with no worker that fits — said once per change, never silently.
 */
function ending(state: SchedulerState, at: number): WorkforceChoice | undefined {
  const { byStatus } = state;
  if (byStatus.completed.size + byStatus.canceled.size === state.tasks.size)
    return { kind: 'workforce_finished', at, outcome: 'completed' };
  if (state.paused || byStatus.running.size > 0 || state.backoff.size > 0) return undefined;
  // An escalation a route or a planner run has taken up moves by itself.
  const taken = (t: TaskState) =>
    t.status === 'blocked' && t.reason === 'escalated' && t.escalatedTo !== 'person';
  if (byStatus.blocked.size && [...byStatus.blocked].some((id) => taken(state.tasks.get(id)!)))
    return undefined;
  const waiting = byPlanOrder(state)
    .filter(
      (t) =>
        t.status === 'failed' ||
        t.status === 'queued' ||
        (t.status === 'blocked' && t.reason !== 'dependencies'),
    )
    .map((t) => t.spec.id);
  if (waiting.length === 0 || waiting.join(',') === state.stalled) return undefined;
  return { kind: 'workforce_stalled', at, tasks: waiting };
}

/** Where a replay of `log` first decides otherwise than the log says, or undefined when it agrees. */
export function replay(
  plan: WorkforcePlan,
  log: readonly WorkforceDecision[],
  opts: SchedulerOptions = {},
):
  | { index: number; logged: WorkforceDecision | undefined; replayed: WorkforceDecision | undefined }
  | undefined {
  const state = newScheduler(plan, opts);
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
