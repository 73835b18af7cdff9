/** A workforce as the surfaces show it: its counts (lists), and its graph (show). */
import type { Budget, TaskView, WorkforceInfo, WorkforceStatus, WorkforceView } from '../contracts/index.js';
import type { SchedulerState, TaskState } from './scheduler.js';
import type { Command, WorkforceRow } from './workforce-store.js';

export interface Usage {
  tokens: number;
  costUsd: number;
}
export const noUsage = (): Usage => ({ tokens: 0, costUsd: 0 });

/** What the coordinator knows of one workforce beyond its row. */
export interface Progress {
  state: SchedulerState | undefined;
  budget: Budget | null;
  usage: Usage;
  taskUsage: ReadonlyMap<string, Usage>;
}

export function workforceInfo(row: WorkforceRow, p: Progress): WorkforceInfo {
  const tasks = [...(p.state?.tasks.values() ?? [])];
  const count = (s: TaskState['status']) => tasks.filter((t) => t.status === s).length;
  return {
    id: row.id,
    sessionId: row.sessionId,
    prompt: row.prompt,
    folder: row.folder,
    status: row.status,
    error: row.error,
    workers: p.state?.workers.size || row.plan?.workers?.length || row.options.workers,
    tasks: {
      total: tasks.length,
      queued: count('queued'),
      running: count('running'),
      blocked: count('blocked'),
      completed: count('completed'),
      failed: count('failed'),
      canceled: count('canceled'),
      deadLettered: tasks.filter((t) => t.deadLettered).length,
    },
    budget: p.budget,
    usage: p.usage,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function taskView(t: TaskState, usage: Usage | undefined): TaskView {
  return {
    spec: t.spec,
    status: t.status,
    ...(t.reason ? { reason: t.reason } : {}),
    ...(t.until !== undefined ? { until: t.until } : {}),
    attempts: t.attempts,
    failures: t.failures,
    escalated: t.escalated,
    deadLettered: t.deadLettered,
    ...(t.worker ? { worker: t.worker } : {}),
    runIds: t.runIds,
    ...(t.lastError ? { lastError: t.lastError } : {}),
    ...(t.result ? { result: t.result } : {}),
    usage: usage ?? noUsage(),
  };
}

export function workforceView(
  row: WorkforceRow,
  p: Progress,
  pending: Command[],
  plannerRunId: string | null,
): WorkforceView {
  const state = p.state;
  return {
    workforce: workforceInfo(row, p),
    tasks: [...(state?.tasks.values() ?? [])]
      .sort((a, b) => a.index - b.index)
      .map((t) => taskView(t, p.taskUsage.get(t.spec.id))),
    workerPool: [...(state?.workers.values() ?? [])].map((w) => ({
      info: w.info,
      state: w.running.size === 0 ? 'idle' : 'busy',
      running: [...w.running],
    })),
    messages: state?.messages ?? [],
    pending: pending.map((c) => ({ id: c.id, kind: c.kind, ...(c.task ? { task: c.task } : {}) })),
    plannerRunId,
  };
}

/** The status a workforce's state says (planning and failed are the coordinator's to say). */
export function statusOf(state: SchedulerState, stalled: boolean): WorkforceStatus {
  if (state.finished) return state.finished;
  if (state.paused) return 'paused';
  return stalled ? 'needs_you' : 'running';
}
