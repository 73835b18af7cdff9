/**
 * Every worker's approvals in one place: the pending approvals of the workforce's runs (the
 * planner's and each task's attempts), each labelled with the task it belongs to, answered with the
 * same card as in a chat.
 */
import { Hand } from 'lucide-react';
import { useEffect } from 'react';
import { revealApproval } from '../state/approval-place';
import { approvals } from '../state/cowork';
import { useStore } from '../state/store';
import type { ApprovalRequest } from '../state/types';
import type { WorkforceView } from '../state/workforce';
import { ApprovalCard } from './approval-card';

/** Which task (or the planner) each of the workforce's runs is for. */
function runOwners(view: WorkforceView): Map<string, string> {
  const owners = new Map<string, string>();
  if (view.plannerRunId) owners.set(view.plannerRunId, 'The planner');
  for (const t of view.tasks) for (const r of t.runIds) owners.set(r, `Task: ${t.spec.title}`);
  return owners;
}

/** Who asks: the task whose run it is, else the coordinator (an escalation) or a run just started. */
function ownerOf(a: ApprovalRequest, owners: Map<string, string>): string {
  const byRun = a.runId ? owners.get(a.runId) : undefined;
  if (byRun) return byRun;
  return a.kind === 'escalation' ? 'The coordinator: a task failed past its policy' : 'A worker just started';
}

/** The workforce's approvals: its runs', and any other asked in its session (an escalation). */
export function workforceApprovals(
  view: WorkforceView,
  pending: ApprovalRequest[],
): { approval: ApprovalRequest; owner: string }[] {
  const owners = runOwners(view);
  return pending
    .filter((a) => (a.runId !== null && owners.has(a.runId)) || a.sessionId === view.workforce.sessionId)
    .map((a) => ({ approval: a, owner: ownerOf(a, owners) }));
}

export function WorkforceApprovals({ view }: { view: WorkforceView }) {
  const list = workforceApprovals(view, useStore(approvals));
  const reveal = useStore(revealApproval);
  const here = reveal !== null && list.some((x) => x.approval.id === reveal);
  // The Approvals panel's "Show": this is where the card is.
  useEffect(() => {
    if (!reveal || !here) return;
    const t = setTimeout(() => {
      const card = document.querySelector<HTMLElement>(`[data-approval-id="${CSS.escape(reveal)}"]`);
      card?.scrollIntoView({ block: 'center' });
      card?.focus();
      revealApproval.set(null);
    }, 50);
    return () => clearTimeout(t);
  }, [reveal, here]);
  if (list.length === 0) return null;
  return (
    <section className="wf-approvals" aria-labelledby="wf-approvals-title" data-testid="workforce-approvals">
      <h3 id="wf-approvals-title">
        <Hand aria-hidden="true" size={16} /> Waiting for you ({list.length})
      </h3>
      <ul>
        {list.map(({ approval, owner }, i) => (
          <li key={approval.id} data-testid="workforce-approval">
            <p className="wf-approval-owner">{owner}</p>
            <ApprovalCard approval={approval} autoFocus={i === 0} />
          </li>
        ))}
      </ul>
    </section>
  );
}
