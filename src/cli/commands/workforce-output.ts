/**
 * What `cowork workforce` shows people: one line per meaningful decision while a workforce runs
 * (DecisionLines), the task table it ends with, and `show`'s whole picture — tasks, dead letters
 * with what to type to fix them, workers, requests waiting for a tick.
 */
import type {
  TaskView,
  WorkforceDecision,
  WorkforceInfo,
  WorkforceReplay,
  WorkforceView,
} from '../../contracts/index.js';
import { type Column, printTable, shortTime, truncate } from '../table.js';

const firstLine = (text: string) => text.split('\n')[0]!.trim();
/** An error in a progress line: its first line, cut (show gives it whole). */
const errorText = (text: string) => truncate(firstLine(text), 200);

/** What to type to get a stuck task going again. */
export function fixHint(workforceId: string, task: string): string {
  return `retry: cowork workforce retry ${workforceId} ${task}   skip: cowork workforce skip ${workforceId} ${task}`;
}

/**
 * Turns a workforce's log, entry by entry, into lines for the person: assignments, results,
 * failures, retries, escalations, dead letters, cancels, the person's requests as applied, and
 * the end or the stall (with the command that fixes it). Routine entries (queued, ticks, blocked on
 * dependencies) say nothing. It remembers what a later line needs (attempts, the last error).
 */
export class DecisionLines {
  readonly #attempts = new Map<string, number>();
  readonly #lastError = new Map<string, string>();
  readonly #results = new Map<string, string>();
  readonly #deadLettered = new Set<string>();

  constructor(private readonly workforceId: string) {}

  /** The line for this entry, or undefined when it is routine. */
  line(entry: WorkforceDecision): string | undefined {
    switch (entry.kind) {
      case 'plan_created':
        return `plan: ${entry.tasks} task${entry.tasks === 1 ? '' : 's'}`;
      case 'task_assigned':
        this.#attempts.set(entry.task, entry.attempt);
        return `→ ${entry.task} assigned to ${entry.worker}${entry.attempt > 1 ? ` (attempt ${entry.attempt})` : ''}${entry.model ? ` with ${entry.model}` : ''}`;
      case 'result_published':
        this.#results.set(entry.task, entry.result.summary);
        return entry.result.skipped ? `– ${entry.task} skipped: its dependents go on without it` : undefined;
      case 'task_completed': {
        const summary = firstLine(this.#results.get(entry.task) ?? '');
        return `✓ ${entry.task} completed${summary ? `: ${summary}` : ''}`;
      }
      case 'task_failed':
        this.#lastError.set(entry.task, entry.error);
        return `✗ ${entry.task} failed (attempt ${entry.attempt}): ${errorText(entry.error)}`;
      case 'task_retry_scheduled':
        return `↻ ${entry.task} will retry (attempt ${entry.attempt}) in ${formatMs(entry.until - entry.at)}`;
      case 'task_escalated':
        return `! ${entry.task} escalated after ${this.#failedAttempts(entry.task)}`;
      case 'task_dead_lettered':
        this.#deadLettered.add(entry.task);
        // Its error was said on the line before.
        return `✗ ${entry.task} dead-lettered after ${this.#failedAttempts(entry.task)}`;
      case 'task_canceled':
        return `– ${entry.task} canceled${entry.cause && entry.cause !== entry.task ? ` (it depends on ${entry.cause})` : ''}`;
      case 'task_blocked':
        return entry.reason === 'budget' || entry.reason === 'approval'
          ? `… ${entry.task} waits: ${entry.reason === 'budget' ? 'it would pass the budget' : 'an approval'}`
          : undefined;
      case 'budget_exceeded':
        return `! budget passed${entry.task ? ` by ${entry.task}` : ''}: nothing more starts until it is raised`;
      case 'pause_requested':
        return 'paused (running tasks finish; nothing new starts)';
      case 'resume_requested':
        return 'resumed';
      case 'stop_requested':
        return 'stopping';
      case 'message_received':
        return `message for the coordinator: ${firstLine(entry.text)}`;
      case 'cancel_requested':
      case 'skip_requested':
      case 'edit_requested':
        return `${entry.kind.replace('_requested', '')} of ${entry.task} applied`;
      case 'retry_requested':
        return entry.by === 'person' ? `retry of ${entry.task} applied` : undefined;
      case 'task_added':
        return `+ ${entry.spec.id} added`;
      case 'task_decomposed':
        return `⑂ ${entry.task} split into ${entry.into.map((t) => t.id).join(', ')}; it combines them`;
      case 'workforce_replanned':
        return `⑂ replanned after ${entry.task}: ${entry.tasks.map((t) => t.id).join(', ')}`;
      case 'workforce_stalled':
        return this.#stalled(entry.tasks);
      case 'workforce_finished':
        return `workforce ${entry.outcome}`;
      default:
        return undefined;
    }
  }

  #failedAttempts(task: string): string {
    const n = this.#attempts.get(task) ?? 0;
    return `${n} attempt${n === 1 ? '' : 's'}`;
  }

  #errorNote(task: string): string {
    const error = this.#lastError.get(task);
    return error ? `; last error: ${errorText(error)}` : '';
  }

  #stalled(tasks: readonly string[]): string {
    const stuck = tasks.filter((t) => this.#deadLettered.has(t));
    const waiting = tasks.filter((t) => !this.#deadLettered.has(t));
    const why = [
      ...stuck.map((t) => `${t} is dead-lettered (${this.#failedAttempts(t)}${this.#errorNote(t)})`),
      ...(waiting.length ? [`${waiting.join(', ')} ${waiting.length === 1 ? 'waits' : 'wait'} on you`] : []),
    ];
    const fixes = (stuck.length ? stuck : tasks).map((t) => `  ${fixHint(this.workforceId, t)}`);
    return [
      `waiting for you: ${why.join('; ')}`,
      ...fixes,
      `  details: cowork workforce show ${this.workforceId}`,
    ].join('\n');
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.max(0, ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** `blocked (backoff)`, `failed (dead letter)`, `running (escalated)`. */
export function taskStatus(t: TaskView): string {
  const notes = [
    ...(t.reason && t.status === 'blocked' ? [t.reason] : []),
    ...(t.deadLettered ? ['dead letter'] : []),
    ...(t.escalated && !t.deadLettered ? ['escalated'] : []),
  ];
  return notes.length ? `${t.status} (${notes.join(', ')})` : t.status;
}

/** The first line of what a task gave, or of why it failed. */
export function taskOutcome(t: TaskView): string {
  if (t.result?.skipped) return '(skipped)';
  if (t.result) return firstLine(t.result.summary);
  return t.lastError ? `error: ${firstLine(t.lastError)}` : '';
}

export const TASK_COLUMNS: readonly Column<TaskView>[] = [
  { header: 'TASK', value: (t) => t.spec.id },
  { header: 'STATUS', value: taskStatus },
  { header: 'ATTEMPTS', value: (t) => String(t.attempts) },
  { header: 'RESULT', value: taskOutcome },
];

export function printWorkforceList(workforces: readonly WorkforceInfo[]): void {
  printTable(
    workforces,
    [
      // Whole: a workforce id starts with its time, so a short start of it is rarely unique.
      { header: 'ID', value: (w) => w.id },
      { header: 'WHEN', value: (w) => shortTime(w.createdAt) },
      { header: 'STATUS', value: (w) => w.status },
      { header: 'TASKS', value: (w) => `${w.tasks.completed}/${w.tasks.total}` },
      { header: 'PROMPT', value: (w) => firstLine(w.prompt) },
      { header: 'FOLDER', value: (w) => w.folder },
    ],
    'No workforces yet: cowork workforce run "PROMPT" --folder DIR',
  );
}

/** `cowork workforce show`: the workforce, its tasks, dead letters, workers and what waits for a tick. */
export function printWorkforceView(v: WorkforceView): void {
  const w = v.workforce;
  const budget = w.budget
    ? ` (budget: ${[w.budget.tokens && `${w.budget.tokens} tokens`, w.budget.costUsd && `$${w.budget.costUsd}`].filter(Boolean).join(', ')})`
    : '';
  const head = [
    `workforce  ${w.id}`,
    `status     ${w.status}${w.error ? `: ${w.error}` : ''}`,
    `tasks      ${w.tasks.completed}/${w.tasks.total} completed · ${w.tasks.running} running · ${w.tasks.failed} failed · ${w.tasks.deadLettered} dead-lettered`,
    `workers    ${w.workers}`,
    `folder     ${w.folder}`,
    `started    ${shortTime(w.createdAt)} · last change ${shortTime(w.updatedAt)}`,
    `usage      ${w.usage.tokens} tokens, $${w.usage.costUsd.toFixed(4)}${budget}`,
    ...(v.plannerRunId ? [`planner    run ${v.plannerRunId}`] : []),
    '',
    w.prompt,
    '',
  ];
  process.stdout.write(`${head.join('\n')}\n`);
  printTable(v.tasks, TASK_COLUMNS, 'No tasks yet (the planner is still planning).');
  const dead = v.tasks.filter((t) => t.deadLettered);
  if (dead.length) {
    const lines = ['', 'Dead letters:'];
    for (const t of dead) {
      lines.push(
        `  ${t.spec.id}  ${t.attempts} attempt${t.attempts === 1 ? '' : 's'}  last error: ${t.lastError ? firstLine(t.lastError) : '(none recorded)'}`,
        `    ${fixHint(w.id, t.spec.id)}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (v.workerPool.length) {
    process.stdout.write('\n');
    printTable(
      v.workerPool,
      [
        { header: 'WORKER', value: (p) => p.info.id },
        { header: 'ROLE', value: (p) => p.info.role ?? 'any' },
        { header: 'STATE', value: (p) => p.state },
        { header: 'RUNNING', value: (p) => p.running.join(', ') },
      ],
      '',
    );
  }
  const tail: string[] = [];
  if (v.pending.length)
    tail.push(
      '',
      'Waiting for the next tick:',
      ...v.pending.map((p) => `  #${p.id} ${p.kind}${p.task ? ` ${p.task}` : ''}`),
    );
  if (v.messages.length)
    tail.push('', 'Messages to the coordinator:', ...v.messages.map((m) => `  ${firstLine(m)}`));
  if (tail.length) process.stdout.write(`${tail.join('\n')}\n`);
}

/** `identical: N entries`, or where the replay decided otherwise: the logged and replayed entry. */
export function replayText(r: WorkforceReplay): string {
  if (r.identical) return `identical: ${r.entries} entries\n`;
  const d = r.divergence;
  const shown = (e: WorkforceDecision | undefined) => (e === undefined ? '(nothing)' : JSON.stringify(e));
  return [
    `diverges at entry ${d ? d.index : '?'} of ${r.entries}:`,
    `  logged:   ${shown(d?.logged)}`,
    `  replayed: ${shown(d?.replayed)}`,
    '',
  ].join('\n');
}
