/**
 * What `cowork workforce run` prints while it follows a workforce: one line per meaningful
 * decision, silence for routine ones, and a stall that says what waits and what to type.
 */
import { describe, expect, it } from 'vitest';
import {
  DecisionLines,
  replayText,
  taskOutcome,
  taskStatus,
} from '../../src/cli/commands/workforce-output.js';
import { TaskView as TaskViewSchema, type WorkforceDecision } from '../../src/contracts/index.js';

const result = (task: string, summary: string) => ({
  kind: 'result_published' as const,
  at: 5,
  task,
  result: { task, attempt: 1, runId: `r-${task}`, summary, artifacts: [] },
});

describe('DecisionLines', () => {
  it('says assignments, results, failures, retries, escalation, the dead letter and the stall', () => {
    const lines = new DecisionLines('wf-1');
    const log: WorkforceDecision[] = [
      { kind: 'plan_created', at: 0, tasks: 3 },
      { kind: 'worker_registered', at: 0, worker: { id: 'w1', capabilities: [], slots: 1 } },
      { kind: 'task_queued', at: 0, task: 'a' },
      { kind: 'task_blocked', at: 0, task: 'c', reason: 'dependencies' },
      { kind: 'task_assigned', at: 0, task: 'a', worker: 'w1', attempt: 1 },
      { kind: 'task_started', at: 1, task: 'a', attempt: 1, runId: 'r-a' },
      result('a', 'Pricing: $10\nmore detail'),
      { kind: 'task_completed', at: 5, task: 'a' },
      { kind: 'task_assigned', at: 6, task: 'b', worker: 'w2', attempt: 1 },
      { kind: 'task_failed', at: 7, task: 'b', attempt: 1, error: 'PROVIDER_ERROR: 500\nstack' },
      { kind: 'task_retry_scheduled', at: 7, task: 'b', attempt: 2, until: 1007 },
      { kind: 'scheduler_tick', at: 1007 },
      { kind: 'task_assigned', at: 1007, task: 'b', worker: 'w1', attempt: 2, model: 'big/m' },
      { kind: 'task_failed', at: 1010, task: 'b', attempt: 2, error: 'still broken' },
      { kind: 'task_escalated', to: 'person', at: 1010, task: 'b' },
      { kind: 'task_dead_lettered', at: 1010, task: 'b' },
      { kind: 'workforce_stalled', at: 1010, tasks: ['b', 'c'] },
    ];
    const said = log.map((e) => lines.line(e)).filter((l) => l !== undefined);
    expect(said).toEqual([
      'plan: 3 tasks',
      '→ a assigned to w1',
      '✓ a completed: Pricing: $10',
      '→ b assigned to w2',
      '✗ b failed (attempt 1): PROVIDER_ERROR: 500',
      '↻ b will retry (attempt 2) in 1 s',
      '→ b assigned to w1 (attempt 2) with big/m',
      '✗ b failed (attempt 2): still broken',
      '! b escalated after 2 attempts',
      '✗ b dead-lettered after 2 attempts',
      [
        'waiting for you: b is dead-lettered (2 attempts; last error: still broken); c waits on you',
        '  retry: cowork workforce retry wf-1 b   skip: cowork workforce skip wf-1 b',
        '  details: cowork workforce show wf-1',
      ].join('\n'),
    ]);
  });

  it('says cancels with their cause, the person’s requests as applied, a skip and the end', () => {
    const lines = new DecisionLines('wf-2');
    expect(lines.line({ kind: 'task_canceled', at: 1, task: 'c', cause: 'a' })).toBe(
      '– c canceled (it depends on a)',
    );
    expect(lines.line({ kind: 'pause_requested', at: 1 })).toMatch(/^paused/);
    expect(lines.line({ kind: 'skip_requested', at: 2, task: 'b' })).toBe('skip of b applied');
    expect(lines.line({ ...result('b', ''), result: { ...result('b', '').result, skipped: true } })).toMatch(
      /^– b skipped/,
    );
    expect(lines.line({ kind: 'retry_requested', at: 3, task: 'b', by: 'escalation' })).toBeUndefined();
    expect(lines.line({ kind: 'task_blocked', at: 3, task: 'd', reason: 'budget' })).toBe(
      '… d waits: it would pass the budget',
    );
    expect(lines.line({ kind: 'workforce_finished', at: 9, outcome: 'stopped' })).toBe('workforce stopped');
  });
});

describe('the task table', () => {
  const view = (extra: Record<string, unknown>) =>
    TaskViewSchema.parse({
      spec: {
        id: 't',
        title: 'T',
        instructions: 'do t',
        dependsOn: [],
        capabilities: [],
        priority: 0,
        review: false,
      },
      status: 'queued',
      attempts: 0,
      failures: 0,
      escalated: false,
      deadLettered: false,
      runIds: [],
      usage: { tokens: 0, costUsd: 0 },
      ...extra,
    });

  it('shows why a task waits and what it gave or why it failed, first line only', () => {
    expect(taskStatus(view({ status: 'blocked', reason: 'backoff' }))).toBe('blocked (backoff)');
    expect(taskStatus(view({ status: 'failed', deadLettered: true, escalated: true }))).toBe(
      'failed (dead letter)',
    );
    expect(taskOutcome(view({ status: 'failed', lastError: 'boom\nat x' }))).toBe('error: boom');
    const done = { task: 't', attempt: 1, runId: 'r', summary: 'Wrote it.\nDetails…', artifacts: [] };
    expect(taskOutcome(view({ status: 'completed', result: done }))).toBe('Wrote it.');
    expect(taskOutcome(view({ status: 'completed', result: { ...done, skipped: true } }))).toBe('(skipped)');
  });
});

describe('replayText', () => {
  it('says identical, or the first divergence with the logged and the replayed entry', () => {
    expect(replayText({ entries: 12, identical: true })).toBe('identical: 12 entries\n');
    const logged = { kind: 'task_assigned' as const, at: 3, task: 'a', worker: 'w1', attempt: 1 };
    const replayed = { ...logged, worker: 'w2' };
    expect(replayText({ entries: 12, identical: false, divergence: { index: 4, logged, replayed } })).toBe(
      `diverges at entry 4 of 12:\n  logged:   ${JSON.stringify(logged)}\n  replayed: ${JSON.stringify(replayed)}\n`,
    );
    expect(
      replayText({ entries: 3, identical: false, divergence: { index: 3, logged: undefined, replayed } }),
    ).toContain('logged:   (nothing)');
  });
});
