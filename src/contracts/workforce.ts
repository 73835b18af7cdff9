/**
 * The workforce: a plan of tasks (given as a file or made by the planner), the failure policy, and
 * the scheduler's decisions — each one an event, so the same log replayed through the scheduler
 * gives the same decisions.
 */
import * as z from 'zod/mini';

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const TaskId = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/));
export type TaskId = z.infer<typeof TaskId>;

export const FailureStrategy = z.enum(['retry', 'reassign', 'decompose', 'replan']);

/** What happens when a task fails: attempts within `retries` back off; past them it escalates. */
export const FailurePolicy = z.strictObject({
  retries: z._default(z.int().check(z.gte(0), z.lte(20)), 2),
  backoffMs: z._default(z.int().check(z.gte(0), z.lte(3_600_000)), 1000),
  /** Failed attempts after which the coordinator escalates (a stronger route, or the person). */
  escalateAfter: z._default(z.int().check(z.gte(1), z.lte(50)), 3),
  strategy: z._default(FailureStrategy, 'retry'),
});
export type FailurePolicy = z.infer<typeof FailurePolicy>;

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
  policy: z.optional(z.partial(FailurePolicy)),
  /** Ask a reviewer to score the result; a low score is a failure. */
  review: z._default(z.boolean(), false),
  budget: z.optional(
    z.strictObject({
      tokens: z.optional(z.int().check(z.positive())),
      costUsd: z.optional(z.number().check(z.positive())),
    }),
  ),
});
export type TaskSpec = z.infer<typeof TaskSpec>;
export type TaskSpecInput = z.input<typeof TaskSpec>;

/** A plan file (`cowork workforce run --plan plan.json`) or the planner's answer. */
export const WorkforcePlan = z.strictObject({
  tasks: z.array(TaskSpec).check(z.minLength(1), z.maxLength(1000)),
  policy: z.optional(z.partial(FailurePolicy)),
});
export type WorkforcePlan = z.infer<typeof WorkforcePlan>;

export const TaskStatus = z.enum(['queued', 'running', 'blocked', 'completed', 'failed', 'canceled']);
export type TaskStatus = z.infer<typeof TaskStatus>;
export const BlockReason = z.enum(['dependencies', 'backoff', 'escalated', 'approval', 'budget']);
export type BlockReason = z.infer<typeof BlockReason>;
export const WorkerState = z.enum(['idle', 'busy', 'draining']);
export type WorkerState = z.infer<typeof WorkerState>;

/** A worker as the coordinator knows it: what it can do and how many tasks it may hold. */
export const WorkerInfo = z.object({
  id: text(64),
  role: z.optional(text(64)),
  capabilities: z.array(z.string()),
  /** Tasks it may run at once. */
  slots: z.int().check(z.positive()),
});
export type WorkerInfo = z.infer<typeof WorkerInfo>;

/**
 * The scheduler's log, in order: the facts it is told (the plan, a worker, a tick, a task's result,
 * the person's cancel — its inputs) and the decisions it made from them (everything else). `at` is
 * the logical clock: ms since the workforce started, as the coordinator counts it.
 */
export const WorkforceDecision = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan_created'), at: z.number(), tasks: z.int() }),
  z.object({ kind: z.literal('worker_registered'), at: z.number(), worker: WorkerInfo }),
  z.object({ kind: z.literal('task_queued'), at: z.number(), task: TaskId }),
  z.object({
    kind: z.literal('task_blocked'),
    at: z.number(),
    task: TaskId,
    reason: BlockReason,
    until: z.optional(z.number()),
  }),
  z.object({
    kind: z.literal('task_assigned'),
    at: z.number(),
    task: TaskId,
    worker: z.string(),
    attempt: z.int(),
  }),
  z.object({ kind: z.literal('task_completed'), at: z.number(), task: TaskId }),
  z.object({ kind: z.literal('task_failed'), at: z.number(), task: TaskId, error: z.string() }),
  z.object({
    kind: z.literal('task_retry_scheduled'),
    at: z.number(),
    task: TaskId,
    attempt: z.int(),
    until: z.number(),
  }),
  z.object({ kind: z.literal('task_escalated'), at: z.number(), task: TaskId }),
  z.object({ kind: z.literal('task_dead_lettered'), at: z.number(), task: TaskId }),
  z.object({ kind: z.literal('task_canceled'), at: z.number(), task: TaskId }),
  z.object({ kind: z.literal('scheduler_tick'), at: z.number() }),
]);
export type WorkforceDecision = z.infer<typeof WorkforceDecision>;
