/**
 * A plan's task graph, checked before anything runs: duplicate ids, dependencies on tasks that do
 * not exist and cycles are refused with INVALID_PLAN, naming the tasks (`details.tasks`), so the
 * planner (or the person's plan file) can be told exactly what to fix.
 */
import { CoworkError, type TaskSpec } from '../contracts/index.js';

const refuse = (reason: 'duplicate' | 'missing' | 'cycle', tasks: string[], message: string) =>
  new CoworkError('INVALID_PLAN', message, { reason, tasks });

/** The tasks in an order where each comes after its dependencies (plan order where free). */
export function checkedOrder(tasks: readonly Pick<TaskSpec, 'id' | 'dependsOn'>[]): string[] {
  const ids = new Set<string>();
  const duplicates = new Set<string>();
  for (const t of tasks) (ids.has(t.id) ? duplicates : ids).add(t.id);
  if (duplicates.size) {
    const list = [...duplicates].sort();
    throw refuse('duplicate', list, `Task ids must be unique: ${list.join(', ')} appear more than once.`);
  }
  const missing = tasks.flatMap((t) => t.dependsOn.filter((d) => !ids.has(d)).map((d) => `${t.id} → ${d}`));
  if (missing.length) {
    throw refuse(
      'missing',
      missing,
      `Dependencies on tasks that are not in the plan: ${missing.join(', ')}.`,
    );
  }
  return topologicalOrder(tasks);
}

/** Kahn's algorithm, taking ready tasks in plan order; what is left over lies on a cycle. */
function topologicalOrder(tasks: readonly Pick<TaskSpec, 'id' | 'dependsOn'>[]): string[] {
  const waiting = new Map(tasks.map((t) => [t.id, new Set(t.dependsOn)]));
  const order: string[] = [];
  for (let progressed = true; progressed; ) {
    progressed = false;
    for (const t of tasks) {
      const deps = waiting.get(t.id);
      if (!deps || [...deps].some((d) => waiting.has(d))) continue;
      waiting.delete(t.id);
      order.push(t.id);
      progressed = true;
    }
  }
  if (waiting.size) {
    const cycle = findCycle(waiting);
    throw refuse(
      'cycle',
      cycle,
      `The tasks depend on each other in a cycle: ${[...cycle, cycle[0]].join(' → ')}.`,
    );
  }
  return order;
}

/** One cycle among the tasks left (each still waits on another of them), in dependency order. */
function findCycle(waiting: Map<string, Set<string>>): string[] {
  const start = [...waiting.keys()].sort()[0]!;
  const path: string[] = [];
  const at = new Map<string, number>();
  let node = start;
  while (!at.has(node)) {
    at.set(node, path.length);
    path.push(node);
    node = [...waiting.get(node)!].filter((d) => waiting.has(d)).sort()[0]!;
  }
  return path.slice(at.get(node));
}
