/**
 * The workforce's task graph: tasks in columns by dependency depth and rows by plan order, edges
 * as SVG lines, each node a button (its status in colour, icon and word). Nodes are in the page in
 * reading order (column by column, top to bottom), so Tab walks the graph as it is drawn.
 */
import { useMemo } from 'react';
import type { TaskView, WorkforceView } from '../state/workforce';
import { layeredLayout, NODE } from '../state/workforce-layout';
import { blockReason, StatusBadge, taskStatus } from './workforce-status';
import './task-graph.css';

type Pending = WorkforceView['pending'];

function attemptsText(t: TaskView): string {
  if (t.attempts === 0) return 'not started';
  return `attempt ${t.attempts}${t.failures > 0 ? `, ${t.failures} failed` : ''}`;
}

function TaskNode({
  task: t,
  selected,
  queued,
  onSelect,
}: {
  task: TaskView;
  selected: boolean;
  queued: number;
  onSelect: () => void;
}) {
  const status = taskStatus(t);
  const reason = blockReason(t);
  return (
    <button
      type="button"
      className={`task-node tone-${status.tone} ${selected ? 'selected' : ''}`}
      aria-pressed={selected}
      data-testid="task-node"
      data-task={t.spec.id}
      data-status={t.status}
      onClick={onSelect}
    >
      <span className="task-node-title" title={t.spec.title}>
        {t.spec.title}
      </span>
      <span className="task-node-meta">
        {t.spec.role ?? 'any role'} · {attemptsText(t)}
      </span>
      <StatusBadge {...status} />
      {reason && <span className="task-node-reason">{reason}</span>}
      {queued > 0 && <span className="task-node-queued">{queued} request queued</span>}
    </button>
  );
}

export function TaskGraph({
  tasks,
  pending,
  selected,
  onSelect,
}: {
  tasks: TaskView[];
  pending: Pending;
  selected: string | null;
  onSelect: (taskId: string) => void;
}) {
  const layout = useMemo(
    () => layeredLayout(tasks, (t) => ({ id: t.spec.id, dependsOn: t.spec.dependsOn })),
    [tasks],
  );
  const ordered = [...layout.nodes].sort((a, b) => a.depth - b.depth || a.row - b.row);
  const done = new Set(tasks.filter((t) => t.status === 'completed').map((t) => t.spec.id));
  return (
    <div className="task-graph" data-testid="task-graph">
      <div className="task-graph-canvas" style={{ width: layout.width, height: layout.height }}>
        <svg className="task-graph-edges" width={layout.width} height={layout.height} aria-hidden="true">
          <defs>
            <marker
              id="task-arrow"
              viewBox="0 0 8 8"
              refX="7"
              refY="4"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M0,0 L8,4 L0,8 z" />
            </marker>
          </defs>
          {layout.edges.map((e) => (
            <line
              key={`${e.from}>${e.to}`}
              className={done.has(e.from) ? 'edge done' : 'edge'}
              data-edge={`${e.from}>${e.to}`}
              x1={e.x1}
              y1={e.y1}
              x2={e.x2}
              y2={e.y2}
              markerEnd="url(#task-arrow)"
            />
          ))}
        </svg>
        <ul className="task-graph-nodes" aria-label="Tasks, by dependency depth">
          {ordered.map((n) => (
            <li
              key={n.task.spec.id}
              style={{ left: n.x, top: n.y, width: NODE.width, height: NODE.height }}
              data-depth={n.depth}
              data-row={n.row}
            >
              <TaskNode
                task={n.task}
                selected={n.task.spec.id === selected}
                queued={pending.filter((p) => p.task === n.task.spec.id).length}
                onSelect={() => onSelect(n.task.spec.id)}
              />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
