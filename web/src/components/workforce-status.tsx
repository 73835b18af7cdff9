/**
 * A workforce's or a task's status in words and by shape (an icon) as well as colour: never by
 * colour alone. The words are the daemon's status, said plainly; nothing here infers a status.
 */
import {
  ArchiveX,
  Ban,
  CircleCheck,
  CirclePause,
  CircleX,
  Clock,
  Hand,
  Hourglass,
  ListTree,
  LoaderCircle,
  type LucideIcon,
} from 'lucide-react';
import type { TaskView, WorkforceStatus } from '../state/workforce';
import './spin.css';
import './workforce-status.css';

type Tone = 'running' | 'waiting' | 'done' | 'failed' | 'stopped' | 'idle';

export const WORKFORCE_STATUS: Record<WorkforceStatus, { label: string; Icon: LucideIcon; tone: Tone }> = {
  planning: { label: 'Planning', Icon: ListTree, tone: 'running' },
  running: { label: 'Running', Icon: LoaderCircle, tone: 'running' },
  paused: { label: 'Paused', Icon: CirclePause, tone: 'idle' },
  needs_you: { label: 'Needs you', Icon: Hand, tone: 'waiting' },
  completed: { label: 'Completed', Icon: CircleCheck, tone: 'done' },
  stopped: { label: 'Stopped', Icon: Ban, tone: 'stopped' },
  failed: { label: 'Failed', Icon: CircleX, tone: 'failed' },
};

const TASK_STATUS: Record<TaskView['status'], { label: string; Icon: LucideIcon; tone: Tone }> = {
  queued: { label: 'Queued', Icon: Clock, tone: 'idle' },
  running: { label: 'Running', Icon: LoaderCircle, tone: 'running' },
  blocked: { label: 'Blocked', Icon: Hourglass, tone: 'waiting' },
  completed: { label: 'Completed', Icon: CircleCheck, tone: 'done' },
  failed: { label: 'Failed', Icon: CircleX, tone: 'failed' },
  canceled: { label: 'Canceled', Icon: Ban, tone: 'stopped' },
};

const REASON: Record<NonNullable<TaskView['reason']>, string> = {
  dependencies: 'waiting on its dependencies',
  backoff: 'backing off before the next attempt',
  escalated: 'escalated: waiting for you',
  approval: 'waiting for an approval',
  budget: 'over its budget',
};

/** A task's status word (dead-lettered is said, as it is what the person must act on). */
export function taskStatus(t: TaskView): { label: string; Icon: LucideIcon; tone: Tone } {
  if (t.deadLettered) return { label: 'Dead-lettered', Icon: ArchiveX, tone: 'failed' };
  if (t.status === 'completed' && t.result?.skipped) return { ...TASK_STATUS.completed, label: 'Skipped' };
  return TASK_STATUS[t.status];
}

/** Why a blocked task waits, in words ("" when it is not blocked). */
export function blockReason(t: TaskView): string {
  return t.status === 'blocked' && t.reason ? REASON[t.reason] : '';
}

export function StatusBadge({
  label,
  Icon,
  tone,
  testId,
}: {
  label: string;
  Icon: LucideIcon;
  tone: Tone;
  testId?: string;
}) {
  return (
    <span className={`wf-status tone-${tone}`} data-testid={testId} data-status={label}>
      <Icon aria-hidden="true" size={14} className={tone === 'running' ? 'spin' : undefined} />
      {label}
    </span>
  );
}

/** "3/6 done", and what else is worth a glance (running, waiting, dead-lettered). */
export function countsText(c: {
  total: number;
  completed: number;
  running: number;
  blocked: number;
  failed: number;
  deadLettered: number;
}): string {
  const parts = [`${c.completed}/${c.total} done`];
  if (c.running) parts.push(`${c.running} running`);
  if (c.deadLettered) parts.push(`${c.deadLettered} dead-lettered`);
  else if (c.failed) parts.push(`${c.failed} failed`);
  return parts.join(' · ');
}

/** Tokens and cost, with the budget when there is one ("12,400 / 50,000 tokens · $0.0310"). */
export function usageText(
  usage: { tokens: number; costUsd: number },
  budget: { tokens?: number | undefined; costUsd?: number | undefined } | null | undefined,
): string {
  const tokens = `${usage.tokens.toLocaleString()}${budget?.tokens ? ` / ${budget.tokens.toLocaleString()}` : ''} tokens`;
  const cost = `$${usage.costUsd.toFixed(4)}${budget?.costUsd ? ` / $${budget.costUsd.toFixed(2)}` : ''}`;
  return `${tokens} · ${cost}`;
}
