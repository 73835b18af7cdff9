import * as z from 'zod/mini';
import { PLAN_STEP_STATUSES } from '../shared-values.js';

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
