/**
 * What the person can ask of a task (cancel, retry, skip, edit), and the requests still queued:
 * a request shows as "queued" for as long as the daemon's view lists it as pending, which is until
 * the scheduler's next tick applies it.
 */
import { Ban, Pencil, RotateCcw, SkipForward } from 'lucide-react';
import { useState } from 'react';
import { toast } from '../state/cowork';
import { request, type TaskView, type WorkforceRequest, type WorkforceView } from '../state/workforce';

type Pending = WorkforceView['pending'][number];

/** The daemon's names for the requests (the RPC method's last part) in words. */
const PENDING_WORDS: Record<string, string> = {
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  setBudget: 'Budget change',
  message: 'Message',
  cancelTask: 'Cancel',
  retryTask: 'Retry',
  skipTask: 'Skip',
  editTask: 'Edit',
  addTask: 'New task',
};

/** "Retry queued" (a request this UI does not know is said by its name). */
export function pendingText(p: Pending): string {
  const word = PENDING_WORDS[p.kind] ?? p.kind;
  return `${word}${p.kind === 'addTask' && p.task ? ` “${p.task}”` : ''} queued`;
}

export function QueuedList({ pending, label }: { pending: Pending[]; label: string }) {
  if (pending.length === 0) return null;
  return (
    <ul className="wf-queued" aria-label={label} data-testid="queued">
      {pending.map((p) => (
        <li key={p.id}>{pendingText(p)} · applied at the next step</li>
      ))}
    </ul>
  );
}

/**
 * What a task takes, as the scheduler does: a retry when it failed, was canceled, or waits on the
 * person (escalated, over budget); the rest only while it has not ended.
 */
export function taskCan(t: TaskView) {
  const ended = t.status === 'completed' || t.status === 'canceled';
  const waitsOnPerson = t.status === 'blocked' && (t.reason === 'escalated' || t.reason === 'budget');
  return {
    cancel: !ended && !t.deadLettered,
    retry: t.status === 'failed' || t.status === 'canceled' || waitsOnPerson,
    skip: !ended,
    edit: !ended,
  };
}

type TaskMethod = Extract<
  WorkforceRequest,
  'workforce.cancelTask' | 'workforce.retryTask' | 'workforce.skipTask'
>;

export function TaskActions({
  workforceId,
  task,
  open,
  onEdit,
}: {
  workforceId: string;
  task: TaskView;
  /** The workforce still takes requests (it has not finished or stopped). */
  open: boolean;
  onEdit: () => void;
}) {
  const [busy, setBusy] = useState<TaskMethod | null>(null);
  const can = taskCan(task);
  const send = async (method: TaskMethod) => {
    setBusy(method);
    try {
      await request(method, { id: workforceId, task: task.spec.id });
    } catch (err) {
      toast((err as Error).message, 'error');
    } finally {
      setBusy(null);
    }
  };
  // Only what applies now is offered: a finished workforce, or a completed task, takes nothing.
  if (!open || !Object.values(can).some(Boolean)) return null;
  const name = task.spec.title;
  const button = (method: TaskMethod, label: string, Icon: typeof Ban) => (
    <button
      type="button"
      disabled={busy !== null}
      aria-label={`${label} ${name}`}
      onClick={() => void send(method)}
    >
      <Icon aria-hidden="true" size={14} /> {busy === method ? 'Sending…' : label}
    </button>
  );
  return (
    <fieldset className="wf-actions" aria-label={`Change ${name}`}>
      {can.retry && button('workforce.retryTask', 'Retry', RotateCcw)}
      {can.edit && (
        <button type="button" disabled={busy !== null} aria-label={`Edit ${name}`} onClick={onEdit}>
          <Pencil aria-hidden="true" size={14} /> Edit
        </button>
      )}
      {can.skip && button('workforce.skipTask', 'Skip', SkipForward)}
      {can.cancel && button('workforce.cancelTask', 'Cancel', Ban)}
    </fieldset>
  );
}
