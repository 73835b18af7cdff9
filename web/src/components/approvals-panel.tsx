import { ArrowUpRight, ShieldAlert, ShieldCheck } from 'lucide-react';
import { approvalPlace, revealApproval } from '../state/approval-place';
import { approvals, current, panel, runs } from '../state/cowork';
import { useStore } from '../state/store';
import type { ApprovalRequest } from '../state/types';
import { workforces } from '../state/workforce';
import { ApprovalCard } from './approval-card';
import './panel-empty.css';

/** A card shown elsewhere: one line saying where, and a button that goes there. */
function Pointer({ approval, where, go }: { approval: ApprovalRequest; where: string; go: () => void }) {
  return (
    <div className="approval-pointer" data-testid="approval-pointer">
      <ShieldAlert aria-hidden="true" size={16} />
      <span>
        <strong>{approval.title}</strong> <span className="muted">is waiting for you {where}.</span>
      </span>
      <button type="button" onClick={go}>
        Show <ArrowUpRight aria-hidden="true" size={14} />
      </button>
    </div>
  );
}

/**
 * Everything waiting for the person. A run's approval is answered in its conversation, where it
 * has its context; this panel points there, and holds the cards that belong to no conversation.
 */
export function ApprovalsPanel() {
  const pending = useStore(approvals);
  const all = useStore(runs);
  const { sessionId } = useStore(current);
  const teams = useStore(workforces);
  if (pending.length === 0)
    return (
      <div className="panel-empty">
        <ShieldCheck aria-hidden="true" size={28} />
        <p>Nothing waiting for you.</p>
        <p className="muted">When an action needs your approval, it is asked here or in the conversation.</p>
      </div>
    );
  return (
    <>
      {pending.map((a) => {
        const place = approvalPlace(a, sessionId, all, teams);
        switch (place.where) {
          case 'workforce':
            return (
              <Pointer
                key={a.id}
                approval={a}
                where={
                  place.shown
                    ? 'in the workforce view'
                    : `in the workforce “${place.title.length > 60 ? `${place.title.slice(0, 60)}…` : place.title}”`
                }
                go={() => {
                  current.set({ sessionId: place.sessionId, folder: place.folder });
                  revealApproval.set(a.id);
                }}
              />
            );
          case 'transcript':
            return (
              <Pointer
                key={a.id}
                approval={a}
                where="in the conversation"
                go={() => revealApproval.set(a.id)}
              />
            );
          case 'session':
            return (
              <Pointer
                key={a.id}
                approval={a}
                where={`in the session “${place.title.length > 60 ? `${place.title.slice(0, 60)}…` : place.title}”`}
                go={() => {
                  current.set({ sessionId: place.sessionId, folder: place.folder });
                  revealApproval.set(a.id);
                }}
              />
            );
          case 'terminal':
            return (
              <Pointer
                key={a.id}
                approval={a}
                where="in the Terminal panel"
                go={() => panel.set('terminal')}
              />
            );
          default:
            return <ApprovalCard key={a.id} approval={a} />;
        }
      })}
    </>
  );
}
