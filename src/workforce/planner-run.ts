/**
 * The planner's words — what it is asked, how its answer becomes a plan, and what it is told when
 * the answer is not one. A stand-in until planner.ts (written separately, same exports) is merged:
 * then this file goes and the coordinator imports the same three names from './planner.js'.
 */
import { CoworkError, WorkforcePlan } from '../contracts/index.js';
import { checkedOrder } from './plan-graph.js';

export function plannerPrompt(request: string, opts: { workers: number; roles: string[] }): string {
  const roles = opts.roles.length ? `Roles you may give a task: ${opts.roles.join(', ')}.` : '';
  return [
    `Break this request into a plan of tasks for ${opts.workers} workers working in parallel:`,
    request,
    roles,
    'Answer by calling complete_task with a summary that is only the plan as JSON: {"tasks": [{"id", "title", "instructions", "dependsOn": [ids], "role"?, "expectedOutput"?}]}.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The plan in a planner's summary (JSON, perhaps fenced); INVALID_PLAN says why not. */
export function readPlan(summary: string): WorkforcePlan {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(summary)?.[1];
  const text = fenced ?? summary.slice(summary.indexOf('{'), summary.lastIndexOf('}') + 1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CoworkError('INVALID_PLAN', 'The plan is not JSON.');
  }
  const parsed = WorkforcePlan.safeParse(json);
  if (!parsed.success)
    throw new CoworkError('INVALID_PLAN', `The plan does not fit the plan format: ${parsed.error.message}`);
  checkedOrder(parsed.data.tasks);
  return parsed.data;
}

export function planRetryPrompt(error: CoworkError): string {
  // Worded as planner.ts words it, so scripted tests hold across the switch.
  return `Your answer could not be used as the plan: ${error.message}\nAnswer again: call complete_task with ONLY the corrected plan as JSON ({"tasks": [ ... ]}), fixing exactly that.`;
}
