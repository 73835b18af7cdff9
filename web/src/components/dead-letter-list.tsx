/**
 * Tasks the coordinator gave up on (past their retries and escalation): each with its attempts and
 * last error, and what the person can do — retry with a fresh round of attempts, edit, or skip.
 * Nothing is stuck silently: while one is here the workforce says it needs you.
 */
import { ArchiveX } from 'lucide-react';
import { useState } from 'react';
import type { WorkforceView } from '../state/workforce';
import { QueuedList, TaskActions } from './workforce-actions';
import { TaskEditForm } from './workforce-task-form';

export function DeadLetterList({
  view,
  open,
  onShow,
}: {
  view: WorkforceView;
  open: boolean;
  onShow: (taskId: string) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const dead = view.tasks.filter((t) => t.deadLettered);
  if (dead.length === 0) return null;
  const id = view.workforce.id;
  return (
    <section className="wf-dead" aria-labelledby="wf-dead-title" data-testid="dead-letters">
      <h3 id="wf-dead-title">
        <ArchiveX aria-hidden="true" size={16} /> Dead letters ({dead.length})
      </h3>
      <p className="muted">These tasks failed past their retries. Retry, edit or skip each one to go on.</p>
      <ul>
        {dead.map((t) => (
          <li key={t.spec.id} data-testid="dead-letter" data-task={t.spec.id}>
            <div className="wf-dead-head">
              <button type="button" className="link" onClick={() => onShow(t.spec.id)}>
                {t.spec.title}
              </button>
              <span className="muted">
                {t.attempts} attempt{t.attempts === 1 ? '' : 's'}
              </span>
            </div>
            {t.lastError && <p className="wf-pre error">{t.lastError}</p>}
            <QueuedList
              pending={view.pending.filter((p) => p.task === t.spec.id)}
              label={`Queued for ${t.spec.title}`}
            />
            {editing === t.spec.id ? (
              <TaskEditForm workforceId={id} task={t} onDone={() => setEditing(null)} />
            ) : (
              <TaskActions workforceId={id} task={t} open={open} onEdit={() => setEditing(t.spec.id)} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
