/**
 * A workforce, opened from the sidebar (its session is the one in the address): how it stands and
 * what it used, its controls, the approvals its workers wait on, the task graph (live: every answer
 * of `workforce.show` is drawn as it is), the task opened from a node, the dead letters, and the
 * messages to the coordinator.
 */
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { DeadLetterList } from '../components/dead-letter-list';
import { TaskGraph } from '../components/task-graph';
import { QueuedList } from '../components/workforce-actions';
import { WorkforceApprovals } from '../components/workforce-approvals';
import { CoordinatorMessage, takesRequests, WorkforceControls } from '../components/workforce-controls';
import { countsText, StatusBadge, usageText, WORKFORCE_STATUS } from '../components/workforce-status';
import { TaskDetail } from '../components/workforce-task-detail';
import { AddTaskForm } from '../components/workforce-task-form';
import { useWorkforceView, type WorkforceInfo, type WorkforceView } from '../state/workforce';
import './workforce.css';

function Summary({ w }: { w: WorkforceView['workforce'] }) {
  return (
    <header className="wf-head">
      <h2 className="wf-prompt" title={w.prompt}>
        {w.prompt}
      </h2>
      <div className="wf-summary">
        <StatusBadge {...WORKFORCE_STATUS[w.status]} testId="workforce-status" />
        <span data-testid="workforce-counts">{countsText({ ...w.tasks })}</span>
        <span className="muted">
          {w.workers} worker{w.workers === 1 ? '' : 's'}
        </span>
        <span className="muted" data-testid="workforce-usage">
          {usageText(w.usage, w.budget)}
        </span>
      </div>
      {w.error && (
        <p className="error" data-testid="workforce-error">
          {w.error}
        </p>
      )}
    </header>
  );
}

function Graph({ view }: { view: WorkforceView }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const open = takesRequests(view.workforce.status);
  const task = view.tasks.find((t) => t.spec.id === selected) ?? null;
  const show = (id: string) => {
    setSelected(id);
    // After the detail is drawn: its heading is where a keyboard user continues.
    setTimeout(() => document.getElementById('wf-task-title')?.scrollIntoView({ block: 'nearest' }));
  };
  return (
    <>
      {/* First: what the person must act on for the workforce to go on. */}
      <DeadLetterList view={view} open={open} onShow={show} />
      <section className="wf-graph" aria-labelledby="wf-graph-title">
        <div className="wf-section-head">
          <h3 id="wf-graph-title">Tasks</h3>
          {open && (
            <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
              <Plus aria-hidden="true" size={14} /> Add a task
            </button>
          )}
        </div>
        <QueuedList
          pending={view.pending.filter((p) => p.kind === 'addTask')}
          label="Tasks queued to be added"
        />
        {adding && (
          <AddTaskForm workforceId={view.workforce.id} tasks={view.tasks} onDone={() => setAdding(false)} />
        )}
        {view.tasks.length === 0 ? (
          <p className="muted">
            {view.workforce.status === 'planning'
              ? 'The planner is splitting the work into tasks…'
              : 'No tasks.'}
          </p>
        ) : (
          <TaskGraph tasks={view.tasks} pending={view.pending} selected={selected} onSelect={show} />
        )}
      </section>
      {task && (
        <TaskDetail
          key={task.spec.id}
          workforceId={view.workforce.id}
          task={task}
          view={view}
          open={open}
          onClose={() => setSelected(null)}
        />
      )}
    </>
  );
}

export function WorkforceScreen({ workforce }: { workforce: WorkforceInfo }) {
  const { view, error } = useWorkforceView(workforce.id);
  return (
    <main className="workforce" aria-label="Workforce" data-testid="workforce-view">
      {view ? (
        <>
          <Summary w={view.workforce} />
          <WorkforceControls view={view} />
          <WorkforceApprovals view={view} />
          <Graph view={view} />
          <CoordinatorMessage view={view} />
        </>
      ) : (
        <>
          <Summary w={workforce} />
          <p className={error ? 'error' : 'muted'}>{error ?? 'Loading the task graph…'}</p>
        </>
      )}
    </main>
  );
}
