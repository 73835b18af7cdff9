import * as z from 'zod/mini';
import { PLAN_STEP_STATUSES } from './shared-values.js';

/** `domain.name`, lower-case domain; e.g. `run.started`, `client.note`. */
export const EventType = z
  .string()
  .check(
    z.minLength(3),
    z.maxLength(100),
    z.regex(/^[a-z][a-z0-9]*(\.[a-z][A-Za-z0-9_-]*)+$/, 'event type must look like "domain.name"'),
  );

/** What a producer appends. The store assigns sequence and timestamp. */
export const EventInput = z.object({
  type: EventType,
  sessionId: z._default(z.nullable(z.string().check(z.maxLength(200))), null),
  payload: z.unknown(),
});
export type EventInput = z.input<typeof EventInput>;

/** A durable entry of the daemon's event log. Sequences strictly increase and are never reused. */
export const LogEvent = z.object({
  sequence: z.int().check(z.positive()),
  type: EventType,
  timestamp: z.iso.datetime(),
  sessionId: z.nullable(z.string()),
  payload: z.unknown(),
});
export type LogEvent = z.infer<typeof LogEvent>;

/** One step of the agent's plan. */
export const PlanStep = z.object({
  step: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
  status: z.enum(PLAN_STEP_STATUSES),
});
export type PlanStep = z.infer<typeof PlanStep>;

/**
 * The agent's plan, as the `update_plan` tool takes it: the whole list every time (no diffs, so a
 * client that sees only the latest one is never out of step). One step at a time is in progress.
 */
export const Plan = z.object({
  explanation: z.optional(z.string().check(z.maxLength(1000))),
  steps: z.array(PlanStep).check(
    z.minLength(1),
    z.maxLength(30),
    z.refine((steps) => steps.filter((s) => s.status === 'in_progress').length <= 1, {
      message: 'at most one step can be in_progress',
    }),
  ),
});
export type Plan = z.infer<typeof Plan>;

/** A plan as recorded (already validated when the agent made it). */
export const RecordedPlan = z.object({
  explanation: z.optional(z.string()),
  steps: z.array(PlanStep),
});
export type RecordedPlan = z.infer<typeof RecordedPlan>;

/** Payload of the `run.plan` event: the run's whole current plan, replacing the one before. */
export const RunPlanEvent = z.extend(RecordedPlan, { runId: z.string() });
export type RunPlanEvent = z.infer<typeof RunPlanEvent>;
