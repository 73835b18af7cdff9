/**
 * The failure strategies that change the graph, after an escalation: `decompose` asks a planner run
 * to split the failed task into smaller ones (the task becomes their fan-in), `replan` asks for a
 * new plan for everything not done yet. Here: the run's prompt, and how its answer is read back and
 * checked (INVALID_PLAN saying why; the coordinator then escalates as it would have).
 */
import { CoworkError, type TaskSpec } from '../contracts/index.js';
import { readPlan } from './planner.js';
import type { GraphStrategy, SchedulerState, TaskState } from './scheduler.js';
import { workerRunId } from './worker-runs.js';

export const strategistRunId = (
  workforceId: string,
  task: string,
  attempt: number,
  strategy: GraphStrategy,
) => `${workerRunId(workforceId, task, attempt)}.${strategy}`;

const ANSWER =
  'Answer by calling complete_task with ONLY the tasks as JSON ({"tasks": [ ... ]}, each with id, title, instructions, and dependsOn among these new tasks where one needs another).';

const failure = (t: TaskState) =>
  `Task "${t.spec.id}" (${t.spec.title}) failed ${t.failures} times. Its instructions were:\n${t.spec.instructions}\n\nThe last error:\n${t.lastError ?? 'unknown'}`;

export function decomposePrompt(request: string, t: TaskState): string {
  return [
    `You are the planner of a workforce working on: ${request}`,
    '',
    failure(t),
    '',
    'Split it into 2–10 smaller tasks that together do what it had to, each small enough to succeed on its own, with complete instructions. Look at the folder if you need to (read-only).',
    'They get what the failed task would have had; the failed task then combines their results.',
    ANSWER,
  ].join('\n');
}

export function replanPrompt(request: string, state: SchedulerState, t: TaskState): string {
  const lines = [...state.tasks.values()].map((x) => {
    const done = x.status === 'completed' ? ` — done: ${(x.result?.summary ?? '').slice(0, 300)}` : '';
    return `- ${x.spec.id} [${x.status}] ${x.spec.title}${done}`;
  });
  return [
    `You are the planner of a workforce working on: ${request}`,
    '',
    failure(t),
    '',
    'The tasks so far:',
    ...lines,
    '',
    'Plan the rest of the work again, differently, so that it can succeed. Tasks that are done or running stay; every other task is replaced by yours.',
    'New ids only; a new task may depend on a task that is done or running (by its id) or on another new one.',
    ANSWER,
  ].join('\n');
}

/**
 * The parts of a split: ids made unique under the failed task's (`big` → `big.1`, `big.2`…), their
 * dependencies on each other renamed with them, each also needing what the failed task needed.
 */
export function readParts(summary: string, t: TaskState): { into: TaskSpec[]; instructions: string } {
  const parts = readPlan(summary).tasks;
  if (parts.length > 50)
    throw new CoworkError('INVALID_PLAN', `A split has at most 50 parts, not ${parts.length}.`);
  const rename = new Map(parts.map((p, i) => [p.id, `${t.spec.id}.${i + 1}`]));
  const into = parts.map((p) => ({
    ...p,
    id: rename.get(p.id)!,
    dependsOn: [...t.spec.dependsOn, ...p.dependsOn.map((d) => rename.get(d)!)],
  }));
  if (into.some((p) => p.id.length > 64))
    throw new CoworkError('INVALID_PLAN', `Task id ${t.spec.id} is too long to name its parts.`);
  const instructions = [
    `Combine the results of ${into.map((p) => p.id).join(', ')} (the parts this task was split into) into the result of the original task:`,
    t.spec.instructions,
  ].join('\n');
  return { into, instructions: instructions.slice(0, 20_000) };
}

/** A replan's tasks: new ids, depending only on tasks that stay (done or running) or on each other. */
export function readReplan(summary: string, state: SchedulerState): TaskSpec[] {
  const stays = new Set(
    [...state.tasks.values()]
      .filter((x) => x.status === 'completed' || x.status === 'running')
      .map((x) => x.spec.id),
  );
  const tasks = readPlan(summary, [...stays]).tasks;
  const taken = tasks.filter((n) => state.tasks.has(n.id)).map((n) => n.id);
  if (taken.length)
    throw new CoworkError('INVALID_PLAN', `These ids are taken already: ${taken.join(', ')}.`);
  if (tasks.length > 200)
    throw new CoworkError('INVALID_PLAN', `A replan has at most 200 tasks, not ${tasks.length}.`);
  return tasks;
}
