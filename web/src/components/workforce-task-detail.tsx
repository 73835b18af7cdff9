/**
 * One task, opened from its node: what it was asked, how it stands, its result or last error, what
 * the person can change, and the transcript of its worker's run — any attempt, the latest first.
 */
import { useEffect, useState } from 'react';
import { runs } from '../state/cowork';
import { useStore } from '../state/store';
import type { TaskView, WorkforceView } from '../state/workforce';
import { Transcript } from './transcript';
import { QueuedList, TaskActions } from './workforce-actions';
import { blockReason, StatusBadge, taskStatus, usageText } from './workforce-status';
import { TaskEditForm } from './workforce-task-form';

function AttemptTranscript({ runIds }: { runIds: string[] }) {
  const [attempt, setAttempt] = useState(runIds.length - 1);
  // A new attempt started: show it (the person picks an older one again if they want it).
  useEffect(() => setAttempt(runIds.length - 1), [runIds.length]);
  const all = useStore(runs);
  const runId = runIds[attempt];
  const run = runId ? all.get(runId) : undefined;
  if (runIds.length === 0) return <p className="muted">No worker has started it yet.</p>;
  return (
    <section className="wf-transcript" aria-label="Worker transcript">
      {runIds.length > 1 && (
        <fieldset className="wf-attempts" aria-label="Attempts">
          {runIds.map((id, i) => (
            <button
              key={id}
              type="button"
              aria-pressed={i === attempt}
              className={i === attempt ? 'active' : ''}
              onClick={() => setAttempt(i)}
            >
              Attempt {i + 1}
            </button>
          ))}
        </fieldset>
      )}
      {run ? (
        // Approvals are answered in the workforce's "Waiting for you" list, not again here.
        <Transcript runs={[run]} pending={[]} sessionKey={run.info.id} />
      ) : (
        <p className="muted">Loading the transcript…</p>
      )}
    </section>
  );
}

export function TaskDetail({
  workforceId,
  task,
  view,
  open,
  onClose,
}: {
  workforceId: string;
  task: TaskView;
  view: WorkforceView;
  open: boolean;
  onClose: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const { spec } = task;
  const titles = new Map(view.tasks.map((t) => [t.spec.id, t.spec.title]));
  const reason = blockReason(task);
  return (
    <section
      className="wf-task"
      aria-labelledby="wf-task-title"
      data-testid="task-detail"
      data-task={spec.id}
    >
      <header className="wf-task-head">
        <h3 id="wf-task-title">{spec.title}</h3>
        <StatusBadge {...taskStatus(task)} testId="task-detail-status" />
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </header>
      <dl className="wf-facts">
        <dt>Role</dt>
        <dd>{spec.role ?? 'any'}</dd>
        <dt>Depends on</dt>
        <dd>
          {spec.dependsOn.length ? spec.dependsOn.map((d) => titles.get(d) ?? d).join(', ') : 'nothing'}
        </dd>
        <dt>Attempts</dt>
        <dd>
          {task.attempts}
          {task.failures > 0 && ` (${task.failures} failed)`}
          {task.escalated && ' · escalated'}
        </dd>
        {reason && (
          <>
            <dt>Blocked</dt>
            <dd>{reason}</dd>
          </>
        )}
        <dt>Priority</dt>
        <dd>{spec.priority}</dd>
        {task.worker && (
          <>
            <dt>Worker</dt>
            <dd>{task.worker}</dd>
          </>
        )}
        <dt>Usage</dt>
        <dd data-testid="task-usage">{usageText(task.usage, spec.budget)}</dd>
      </dl>
      <details>
        <summary>Instructions</summary>
        <p className="wf-pre">{spec.instructions}</p>
      </details>
      {task.result && (
        <div className="wf-result" data-testid="task-result">
          <strong>{task.result.skipped ? 'Skipped' : 'Result'}</strong>
          {task.result.score !== undefined && (
            <span className="muted"> · review score {task.result.score}/10</span>
          )}
          <p className="wf-pre">{task.result.summary}</p>
          {task.result.artifacts.length > 0 && (
            <p className="muted">Files: {task.result.artifacts.join(', ')}</p>
          )}
        </div>
      )}
      {task.lastError && (
        <div className="wf-error" data-testid="task-error">
          <strong>Last error</strong>
          <p className="wf-pre">{task.lastError}</p>
        </div>
      )}
      <QueuedList
        pending={view.pending.filter((p) => p.task === spec.id)}
        label={`Queued for ${spec.title}`}
      />
      {editing ? (
        <TaskEditForm workforceId={workforceId} task={task} onDone={() => setEditing(false)} />
      ) : (
        <TaskActions workforceId={workforceId} task={task} open={open} onEdit={() => setEditing(true)} />
      )}
      <AttemptTranscript runIds={task.runIds} />
    </section>
  );
}
