import { Clock, ShieldAlert } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { editImpactLine } from '../../../src/contracts/shared-values';
import { rpc, toast } from '../state/cowork';
import type { ApprovalRequest } from '../state/types';
import { DiffText } from './diff';
import { EditImpact } from './edit-impact';
import { QuestionForm, QuestionLink } from './question-form';
import './approval-card.css';

function riskText(score: number): { label: string; tone: string } {
  if (score >= 60) return { label: 'High risk', tone: 'risk-high' };
  if (score >= 30) return { label: 'Medium risk', tone: 'risk-medium' };
  return { label: 'Low risk', tone: 'risk-low' };
}

/** Seconds left to answer (0 once past), ticking; null when the approval never expires. */
function useSecondsLeft(expiresAt: string | null): number | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!expiresAt) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [expiresAt]);
  if (!expiresAt) return null;
  return Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
}

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The part of the detail the card does not already say: the enclave's detail starts with the title,
 * the rule and risk lines and an edit's impact in words (for the CLI, which prints only the
 * detail); the card shows those once, above it.
 */
export function whatItDoes(a: Pick<ApprovalRequest, 'title' | 'detail' | 'impact'>): string {
  const lines = a.detail.split('\n');
  const impact = a.impact && editImpactLine(a.impact);
  let i = 0;
  while (
    i < lines.length &&
    (lines[i] === a.title || lines[i] === impact || /^(Rule|Risk): /.test(lines[i]!))
  )
    i++;
  return lines.slice(i).join('\n');
}

/** Approvals that took focus once: a card scrolled out of the transcript and back must not take it again. */
const focusedOnce = new Set<string>();

/**
 * One decision for the person: the full command or diff, the folder, the rule and reason, the risk
 * in words and colour. Keys when focused: A approve once, S approve for the session, D deny.
 */
export function ApprovalCard({
  approval,
  autoFocus = false,
}: {
  approval: ApprovalRequest;
  autoFocus?: boolean;
}) {
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const risk = riskText(approval.decision.riskScore);
  const left = useSecondsLeft(approval.expiresAt);
  const detail = whatItDoes(approval);
  useEffect(() => {
    if (!autoFocus || focusedOnce.has(approval.id)) return;
    focusedOnce.add(approval.id);
    ref.current?.focus();
  }, [autoFocus, approval.id]);
  useEffect(() => {
    if (denying) reasonRef.current?.focus(); // the person just chose Deny: the reason is next
  }, [denying]);

  const decide = async (status: 'approved' | 'rejected', scope: 'once' | 'session' = 'once') => {
    setBusy(true);
    try {
      await rpc.call('approvals.decide', {
        id: approval.id,
        status,
        scope,
        ...(status === 'rejected' && reason ? { reason } : {}),
      });
    } catch (err) {
      toast((err as Error).message, 'error');
      setBusy(false);
    }
  };

  return (
    <section
      ref={ref}
      className={`approval ${risk.tone}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the card takes focus so A / S / D answer it from the keyboard
      tabIndex={0}
      aria-label={`Approval needed: ${approval.title}`}
      data-testid="approval-card"
      data-approval-id={approval.id}
      onKeyDown={(e) => {
        if (denying || busy || approval.question || e.target !== e.currentTarget) return;
        if (e.key === 'a') void decide('approved');
        else if (e.key === 's') void decide('approved', 'session');
        else if (e.key === 'd') setDenying(true);
      }}
    >
      <header className="approval-head">
        <ShieldAlert className="approval-icon" aria-hidden="true" size={18} />
        <strong className="approval-title">{approval.title}</strong>
      </header>
      <p className="approval-why" data-testid="approval-why">
        <span className={`risk ${risk.tone}`} title={`Risk ${approval.decision.riskScore}/100`}>
          {risk.label}
        </span>
        <span>{approval.decision.reason}</span>
        <span className="rule">rule {approval.decision.ruleId ?? approval.decision.reasonCode}</span>
      </p>
      {approval.question?.mode === 'form' ? (
        <QuestionForm approvalId={approval.id} question={approval.question} />
      ) : approval.question?.mode === 'url' ? (
        <QuestionLink approvalId={approval.id} question={approval.question} />
      ) : (
        <>
          {approval.impact && <EditImpact impact={approval.impact} />}
          {detail.trim() && <DiffText text={detail} />}
          {denying ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void decide('rejected');
              }}
            >
              <input
                ref={reasonRef}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="Why not? (the agent reads this)"
                aria-label="Reason for denying"
              />
              <button type="submit" className="danger" disabled={busy}>
                Deny
              </button>
              <button type="button" onClick={() => setDenying(false)}>
                Back
              </button>
            </form>
          ) : (
            <div className="actions">
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void decide('approved')}
              >
                Approve once <kbd>A</kbd>
              </button>
              <button type="button" disabled={busy} onClick={() => void decide('approved', 'session')}>
                Approve for session <kbd>S</kbd>
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => setDenying(true)}>
                Deny… <kbd>D</kbd>
              </button>
              {left !== null && <Countdown left={left} />}
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** "expires in 9:59": after that the action is not done and the agent is told (the transcript says so). */
function Countdown({ left }: { left: number }) {
  return (
    <span
      className={`countdown ${left <= 60 ? 'soon' : ''}`}
      data-testid="approval-countdown"
      title="Unanswered by then, the action is not done and the agent is told."
    >
      <Clock aria-hidden="true" size={14} />
      {left > 0 ? `expires in ${clock(left)}` : 'expired: not done'}
    </span>
  );
}
