/**
 * The workforce: a plan of tasks (given as a file or made by the planner), the failure policy, and
 * the scheduler's decisions — each one an event, so the same log replayed through the scheduler
 * gives the same decisions.
 */
import * as z from 'zod/mini';
import { patchOf } from './patch.js';

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const TaskId = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/));
export type TaskId = z.infer<typeof TaskId>;

export const FailureStrategy = z.enum(['retry', 'reassign', 'decompose', 'replan']);
export type FailureStrategy = z.infer<typeof FailureStrategy>;

/** What happens when a task fails: attempts within `retries` back off; past them it escalates. */
export const FailurePolicy = z.strictObject({
  retries: z._default(z.int().check(z.gte(0), z.lte(20)), 2),
  backoffMs: z._default(z.int().check(z.gte(0), z.lte(3_600_000)), 1000),
  /** Failed attempts after which the coordinator escalates (a stronger route, or the person). */
  escalateAfter: z._default(z.int().check(z.gte(1), z.lte(50)), 3),
  strategy: z._default(FailureStrategy, 'retry'),
  /** A reviewer's score (0–10) below this fails the attempt (tasks with `review`). */
  minScore: z._default(z.number().check(z.gte(0), z.lte(10)), 6),
});
export type FailurePolicy = z.infer<typeof FailurePolicy>;

/** A token / cost cap (per workforce or per task): a task that would pass it blocks with `budget`. */
export const Budget = z.strictObject({
  tokens: z.optional(z.int().check(z.positive())),
  costUsd: z.optional(z.number().check(z.positive())),
});
export type Budget = z.infer<typeof Budget>;

export const TaskSpec = z.strictObject({
  id: TaskId,
  title: text(200),
  instructions: text(20_000),
  /** The worker role it needs (researcher, developer, writer, reviewer…): a routing match too. */
  role: z.optional(text(64)),
  /** Capabilities a worker must all have (a subset test). */
  capabilities: z._default(z.array(text(64)).check(z.maxLength(20)), []),
  dependsOn: z._default(z.array(TaskId).check(z.maxLength(100)), []),
  /** Higher runs first among ready tasks. */
  priority: z._default(z.int().check(z.gte(-1000), z.lte(1000)), 0),
  expectedOutput: z.optional(text(2000)),
  policy: z.optional(patchOf(FailurePolicy)),
  /** Ask a reviewer to score the result; a low score is a failure. */
  review: z._default(z.boolean(), false),
  budget: z.optional(Budget),
});
export type TaskSpec = z.infer<typeof TaskSpec>;
export type TaskSpecInput = z.input<typeof TaskSpec>;

/** A worker as the coordinator knows it: what it can do and how many tasks it may hold. */
export const WorkerInfo = z.object({
  id: text(64),
  /** A worker with a role takes only that role's tasks; one without takes any. */
  role: z.optional(text(64)),
  capabilities: z.array(z.string()),
  /** Tasks it may run at once. */
  slots: z.int().check(z.positive()),
});
export type WorkerInfo = z.infer<typeof WorkerInfo>;

/** A plan file (`cowork workforce run --plan plan.json`) or the planner's answer. */
export const WorkforcePlan = z.strictObject({
  tasks: z.array(TaskSpec).check(z.minLength(1), z.maxLength(1000)),
  policy: z.optional(patchOf(FailurePolicy)),
  /** The worker pool; without it, `workers` generalists (any role, no capabilities, one slot each). */
  workers: z.optional(z.array(WorkerInfo).check(z.minLength(1), z.maxLength(64))),
});
export type WorkforcePlan = z.infer<typeof WorkforcePlan>;

/** What a task may be changed in while the workforce runs (applied at a tick, never mid-task). */
export const TaskEdit = patchOf(
  z.pick(TaskSpec, {
    title: true,
    instructions: true,
    role: true,
    capabilities: true,
    priority: true,
    expectedOutput: true,
    policy: true,
    review: true,
    budget: true,
  }),
);
export type TaskEdit = z.infer<typeof TaskEdit>;

/** One entry of the typed result channel: what a worker handed on (its dependents see it). */
export const TaskResult = z.object({
  task: TaskId,
  attempt: z.int(),
  runId: z.string(),
  summary: z.string(),
  /** Files the worker made with the document tools. */
  artifacts: z.array(z.string()),
  /** The reviewer's score (0–10) when the task asked for a review. */
  score: z.optional(z.number()),
  /** The person skipped the task: dependents go on without its result. */
  skipped: z.optional(z.boolean()),
});
export type TaskResult = z.infer<typeof TaskResult>;

export const TaskStatus = z.enum(['queued', 'running', 'blocked', 'completed', 'failed', 'canceled']);
export type TaskStatus = z.infer<typeof TaskStatus>;
export const BlockReason = z.enum(['dependencies', 'backoff', 'escalated', 'approval', 'budget']);
export type BlockReason = z.infer<typeof BlockReason>;
export const WorkerState = z.enum(['idle', 'busy', 'draining']);
export type WorkerState = z.infer<typeof WorkerState>;

const at = { at: z.number() };
export const EscalationTarget = z.enum(['route', 'planner', 'person']);
export type EscalationTarget = z.infer<typeof EscalationTarget>;
const taskFact = <K extends string, S extends z.core.$ZodLooseShape>(kind: K, shape: S) =>
  z.object({ kind: z.literal(kind), ...at, task: TaskId, ...shape });

/**
 * The scheduler's log, in order: the facts it is told (its inputs: the plan, a worker, a tick, a
 * worker's result or failure, the person's requests) and the decisions it made from them. `at` is
 * the logical clock: ms since the workforce started, as the coordinator counts it.
 */
export const WorkforceFact = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan_created'), ...at, tasks: z.int() }),
  z.object({ kind: z.literal('worker_registered'), ...at, worker: WorkerInfo }),
  z.object({ kind: z.literal('scheduler_tick'), ...at }),
  /** The worker's run for an attempt exists (its id is `workerRunId`). */
  taskFact('task_started', { attempt: z.int(), runId: z.string() }),
  /** A worker's result, on the result channel (after its review, when the task asked for one). */
  taskFact('result_published', { result: TaskResult }),
  taskFact('task_failed', { attempt: z.int(), error: z.string() }),
  /** The task (or the whole workforce, without `task`) passed its budget. */
  z.object({ kind: z.literal('budget_exceeded'), ...at, task: z.optional(TaskId) }),
  // The person's requests (and the coordinator's escalation), applied at a tick:
  taskFact('cancel_requested', {}),
  taskFact('retry_requested', {
    by: z.enum(['person', 'escalation']),
    /** A stronger route for the next attempts. */
    model: z.optional(z.string()),
  }),
  taskFact('skip_requested', {}),
  /** An escalation the planner could not take up goes on to the person (or the stronger route). */
  taskFact('escalation_referred', { to: z.enum(['route', 'person']), reason: text(2000) }),
  taskFact('edit_requested', { changes: TaskEdit }),
  z.object({ kind: z.literal('task_added'), ...at, spec: TaskSpec }),
  /**
   * Strategy `decompose`, after an escalation: the failed task is split into `into` (new tasks,
   * needing what it needed), and it becomes their fan-in with `instructions`, its failures reset.
   */
  taskFact('task_decomposed', {
    into: z.array(TaskSpec).check(z.minLength(1), z.maxLength(50)),
    instructions: text(20_000),
  }),
  /**
   * Strategy `replan`, after an escalation of `task`: every task not completed or running is
   * canceled (cause `task`) and `tasks` — the planner's plan for the rest — take their place.
   */
  taskFact('workforce_replanned', { tasks: z.array(TaskSpec).check(z.minLength(1), z.maxLength(200)) }),
  z.object({ kind: z.literal('pause_requested'), ...at }),
  z.object({ kind: z.literal('resume_requested'), ...at }),
  z.object({ kind: z.literal('stop_requested'), ...at }),
  z.object({ kind: z.literal('budget_changed'), ...at, budget: Budget }),
  /** A message to the coordinator: given to the workers assigned after it, never mid-turn. */
  z.object({ kind: z.literal('message_received'), ...at, text: text(20_000) }),
]);
export type WorkforceFact = z.infer<typeof WorkforceFact>;

export const WorkforceOutcome = z.enum(['completed', 'stopped']);

export const WorkforceChoice = z.discriminatedUnion('kind', [
  taskFact('task_queued', {}),
  taskFact('task_blocked', { reason: BlockReason, until: z.optional(z.number()) }),
  taskFact('task_assigned', {
    worker: z.string(),
    attempt: z.int(),
    model: z.optional(z.string()),
  }),
  taskFact('task_completed', {}),
  taskFact('task_retry_scheduled', { attempt: z.int(), until: z.number() }),
  /** Who takes it up: a stronger route, a planner run (decompose / replan), or the person. */
  taskFact('task_escalated', { to: EscalationTarget }),
  taskFact('task_dead_lettered', {}),
  /** `cause`: the task whose cancel this follows (a dependent is canceled with it). */
  taskFact('task_canceled', { cause: z.optional(TaskId) }),
  /** Nothing can move without the person: these tasks are dead-lettered or wait on them. */
  z.object({ kind: z.literal('workforce_stalled'), ...at, tasks: z.array(TaskId) }),
  z.object({ kind: z.literal('workforce_finished'), ...at, outcome: WorkforceOutcome }),
]);
export type WorkforceChoice = z.infer<typeof WorkforceChoice>;

export const WorkforceDecision = z.union([WorkforceFact, WorkforceChoice]);
export type WorkforceDecision = WorkforceFact | WorkforceChoice;
export type WorkforceEntryKind = WorkforceDecision['kind'];

export const WorkforceStatus = z.enum([
  'planning',
  'running',
  'paused',
  'needs_you',
  'completed',
  'stopped',
  'failed',
]);
export type WorkforceStatus = z.infer<typeof WorkforceStatus>;

const count = z.int().check(z.nonnegative());
/** A workforce as lists show it. */
export const WorkforceInfo = z.object({
  id: z.string(),
  /** The session its worker runs are in (a workforce is a kind of session). */
  sessionId: z.string(),
  prompt: z.string(),
  folder: z.string(),
  status: WorkforceStatus,
  /** Why it failed (planning did not give a valid plan) or stalled. */
  error: z.nullable(z.string()),
  workers: z.int().check(z.positive()),
  tasks: z.object({
    total: count,
    queued: count,
    running: count,
    blocked: count,
    completed: count,
    failed: count,
    canceled: count,
    deadLettered: count,
  }),
  budget: z.nullable(Budget),
  usage: z.object({ tokens: count, costUsd: z.number() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorkforceInfo = z.infer<typeof WorkforceInfo>;

/** One task as the graph view shows it. */
export const TaskView = z.object({
  spec: TaskSpec,
  status: TaskStatus,
  reason: z.optional(BlockReason),
  /** Backoff end on the logical clock. */
  until: z.optional(z.number()),
  attempts: z.int(),
  /** Failed attempts since the person last retried it. */
  failures: z.int(),
  escalated: z.boolean(),
  deadLettered: z.boolean(),
  worker: z.optional(z.string()),
  /** Worker run per attempt, oldest first: click a node → its transcript. */
  runIds: z.array(z.string()),
  lastError: z.optional(z.string()),
  result: z.optional(TaskResult),
  /** Tokens and cost its runs used. */
  usage: z.object({ tokens: count, costUsd: z.number() }),
});
export type TaskView = z.infer<typeof TaskView>;

export const WorkforceView = z.object({
  workforce: WorkforceInfo,
  tasks: z.array(TaskView),
  workerPool: z.array(z.object({ info: WorkerInfo, state: WorkerState, running: z.array(TaskId) })),
  /** Messages to the coordinator, as applied. */
  messages: z.array(z.string()),
  /** The person's requests not applied yet (they wait for the next tick). */
  pending: z.array(z.object({ id: z.int(), kind: z.string(), task: z.optional(TaskId) })),
  /** The planner's run, when a planner made the plan. */
  plannerRunId: z.nullable(z.string()),
});
export type WorkforceView = z.infer<typeof WorkforceView>;

/** A replay of the stored log through a fresh scheduler. */
export const WorkforceReplay = z.object({
  entries: count,
  identical: z.boolean(),
  divergence: z.optional(
    z.object({
      index: count,
      logged: z.optional(WorkforceDecision),
      replayed: z.optional(WorkforceDecision),
    }),
  ),
});
export type WorkforceReplay = z.infer<typeof WorkforceReplay>;
