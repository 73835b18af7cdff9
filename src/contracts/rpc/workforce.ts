import * as z from 'zod/mini';
import {
  Budget,
  TaskEdit,
  TaskId,
  TaskSpec,
  WorkforceDecision,
  WorkforceInfo,
  WorkforcePlan,
  WorkforceReplay,
  WorkforceView,
} from '../workforce.js';
import { Empty, type RpcMethod, str } from './common.js';

const id = str(1, 200);
/** What a worker of a role may use: its model route, tools and mode — never more than the session's. */
export const RoleConfig = z.strictObject({
  /** `<provider>/<model>`; without it the routing rules for the role (`workerRole`) decide. */
  model: z.optional(str(1, 300)),
  /** Tool names it is offered (a subset of the session's); without it, all of them. */
  tools: z.optional(z.array(str(1, 200)).check(z.maxLength(200))),
  mode: z.optional(z.enum(['ask', 'auto-edit', 'read-only'])),
});
export type RoleConfig = z.infer<typeof RoleConfig>;

export const WorkforceRunParams = z.strictObject({
  prompt: str(1, 100_000),
  folder: str(1, 4096),
  /** A plan to run as given (validated); without it the planner makes one. */
  plan: z.optional(WorkforcePlan),
  /** Workers in parallel (generalists) when the plan names none. */
  workers: z._default(z.int().check(z.gte(1), z.lte(16)), 4),
  /** The model for every worker and the planner unless a role says otherwise. */
  model: z.optional(str(1, 300)),
  /** Approval mode of the worker runs (a role may only narrow it). */
  mode: z._default(z.enum(['ask', 'auto-edit', 'read-only']), 'ask'),
  roles: z.optional(z.record(str(1, 64), RoleConfig)),
  budget: z.optional(Budget),
  /** The model an escalated task retries with; without it an escalation asks the person. */
  escalationModel: z.optional(str(1, 300)),
  maxTurns: z.optional(z.int().check(z.gte(1), z.lte(200))),
  origin: z.optional(z.enum(['cli', 'ui'])),
});
export type WorkforceRunParams = z.input<typeof WorkforceRunParams>;

const WorkforceIdParams = z.strictObject({ id });
const TaskParams = z.strictObject({ id, task: TaskId });
/** A request is queued (durably) and applied at the next scheduler tick. */
const Queued = z.object({ queued: z.literal(true), commandId: z.int() });

export const workforceMethods = {
  /** Starts a workforce: the plan given, or the planner's; returns at once (progress is events). */
  'workforce.run': { params: WorkforceRunParams, result: WorkforceInfo },
  'workforce.list': { params: Empty, result: z.object({ workforces: z.array(WorkforceInfo) }) },
  /** The graph as it is now: tasks with status, attempts, runs and results; workers; pending requests. */
  'workforce.show': { params: WorkforceIdParams, result: WorkforceView },
  /** The scheduler's log (facts and decisions), in order, from `after` (exclusive). */
  'workforce.log': {
    params: z.strictObject({ id, after: z.optional(z.int().check(z.nonnegative())) }),
    result: z.object({ entries: z.array(z.object({ seq: z.int(), entry: WorkforceDecision })) }),
  },
  /** Replays the stored log through a fresh scheduler: identical, or the first divergence. */
  'workforce.replay': { params: WorkforceIdParams, result: WorkforceReplay },
  'workforce.pause': { params: WorkforceIdParams, result: Queued },
  'workforce.resume': { params: WorkforceIdParams, result: Queued },
  /** Stops the whole workforce: running workers are cancelled, the rest canceled. */
  'workforce.stop': { params: WorkforceIdParams, result: Queued },
  'workforce.setBudget': { params: z.strictObject({ id, budget: Budget }), result: Queued },
  'workforce.message': { params: z.strictObject({ id, text: str(1, 20_000) }), result: Queued },
  'workforce.cancelTask': { params: TaskParams, result: Queued },
  /** A failed, dead-lettered, escalated or budget-blocked task gets a fresh round of attempts. */
  'workforce.retryTask': { params: TaskParams, result: Queued },
  /** Dependents go on without its result. */
  'workforce.skipTask': { params: TaskParams, result: Queued },
  'workforce.editTask': { params: z.strictObject({ id, task: TaskId, changes: TaskEdit }), result: Queued },
  'workforce.addTask': { params: z.strictObject({ id, task: TaskSpec }), result: Queued },
} as const satisfies Record<string, RpcMethod>;
