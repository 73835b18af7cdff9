/** The planner of each of the door's own operations, its arguments already validated. */
import type { OperationArgs } from '../operations/table.js';
import type { CallContext, Plan, PlanContext } from '../plan.js';
import { type FileOperation, planFileOperation } from './fs.js';

export async function planOperation(
  x: PlanContext,
  name: string,
  args: unknown,
  ctx: CallContext,
): Promise<Plan> {
  if (name === 'exec') {
    // Loaded on first use: commands pull in the shell parser and process spawning.
    const { planExec } = await import('./exec.js');
    return planExec(x, args as OperationArgs<'exec'>, ctx);
  }
  if (name === 'net.fetch') {
    const { planFetch } = await import('./fetch.js');
    return planFetch(args as OperationArgs<'net.fetch'>, ctx);
  }
  if (name === 'fs.search') {
    const { planSearch } = await import('./search.js');
    return planSearch(x, args as OperationArgs<'fs.search'>, ctx);
  }
  return planFileOperation(x, name as FileOperation, args as never, ctx);
}
