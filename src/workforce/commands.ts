/**
 * The person's requests: checked when made (so a bad one is refused at once, nothing queued), and
 * turned into facts when a tick applies them — never mid-turn.
 */
import {
  type Budget,
  CoworkError,
  type TaskEdit,
  type TaskSpec,
  type WorkforceFact,
} from '../contracts/index.js';
import type { SchedulerState } from './scheduler.js';
import type { Command, CommandKind } from './workforce-store.js';

/** The fact a request becomes at the tick that applies it (undefined: nothing left to do). */
export function factOf(cmd: Command, at: number, state: SchedulerState): WorkforceFact | undefined {
  const task = cmd.task ?? '';
  switch (cmd.kind) {
    case 'pause':
      return { kind: 'pause_requested', at };
    case 'resume':
      return { kind: 'resume_requested', at };
    case 'stop':
      return { kind: 'stop_requested', at };
    case 'setBudget':
      return { kind: 'budget_changed', at, budget: cmd.args.budget as Budget };
    case 'message':
      return { kind: 'message_received', at, text: String(cmd.args.text) };
    case 'cancelTask':
      return { kind: 'cancel_requested', at, task };
    case 'retryTask':
      return { kind: 'retry_requested', at, task, by: 'person' };
    case 'skipTask':
      return { kind: 'skip_requested', at, task };
    case 'editTask':
      return { kind: 'edit_requested', at, task, changes: cmd.args.changes as TaskEdit };
    case 'addTask': {
      const spec = cmd.args.task as TaskSpec;
      // Checked when asked; checked again here, as another request may have added the same id since.
      return addable(state, spec) ? { kind: 'task_added', at, spec } : undefined;
    }
  }
}

const addable = (state: SchedulerState, spec: TaskSpec) =>
  !state.tasks.has(spec.id) && spec.dependsOn.every((d) => state.tasks.has(d));

/** Refuses a request that cannot apply to this workforce (unknown task, an id taken…). */
export function checkRequest(
  state: SchedulerState | undefined,
  kind: CommandKind,
  task: string | null,
  queued: readonly Command[],
  spec?: TaskSpec,
): void {
  if (task === null) return;
  if (!state) throw new CoworkError('CONFLICT', 'The workforce has no plan yet: wait for the planner.');
  const queuedIds = queued.filter((c) => c.kind === 'addTask').map((c) => (c.args.task as TaskSpec).id);
  if (kind !== 'addTask') {
    if (!state.tasks.has(task) && !queuedIds.includes(task))
      throw new CoworkError('RESOURCE_NOT_FOUND', `No task ${task} in this workforce.`);
    return;
  }
  if (state.tasks.has(task) || queuedIds.includes(task))
    throw new CoworkError('CONFLICT', `A task ${task} exists already: give the new task another id.`, {
      tasks: [task],
    });
  const missing = (spec?.dependsOn ?? []).filter((d) => !state.tasks.has(d) && !queuedIds.includes(d));
  if (missing.length)
    throw new CoworkError(
      'INVALID_PLAN',
      `Task ${task} depends on tasks that are not in the workforce: ${missing.join(', ')}.`,
      { reason: 'missing', tasks: missing.map((d) => `${task} → ${d}`) },
    );
}
