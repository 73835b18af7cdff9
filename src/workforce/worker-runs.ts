/**
 * How a workforce's runs are named and set up: each attempt's run has an id known before it
 * exists (so a restart finds it instead of starting it twice), and a role may narrow — never
 * widen — what the workforce's runs may do.
 */
import type { RoleConfig, RpcParams } from '../contracts/index.js';

type Mode = RpcParams<'workforce.run'>['mode'];

export const workerRunId = (workforceId: string, task: string, attempt: number) =>
  `${workforceId}.${task}.${attempt}`;
export const reviewRunId = (workforceId: string, task: string, attempt: number) =>
  `${workerRunId(workforceId, task, attempt)}.review`;
/** A `:` no task id may hold: a task named `plan` can never take the planner's run id. */
export const plannerRunId = (workforceId: string, round: 1 | 2) => `${workforceId}.plan:${round}`;

/** From the strictest: a role's mode counts only where it is stricter than the workforce's. */
const STRICTNESS: Mode[] = ['read-only', 'ask', 'auto-edit'];

export function narrowedMode(workforce: Mode, role: RoleConfig['mode']): Mode {
  if (role === undefined) return workforce;
  return STRICTNESS.indexOf(role) < STRICTNESS.indexOf(workforce) ? role : workforce;
}
