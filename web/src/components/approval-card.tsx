import { useEffect, useRef, useState } from 'react';
import { rpc, toast } from '../state/cowork';
import type { ApprovalRequest } from '../state/types';
import { DiffText } from './diff';
import { QuestionForm, QuestionLink } from './question-form';

function riskText(score: number): { label: string; tone: string } {
  if (score >= 60) return { label: 'high risk', tone: 'risk-high' };
  if (score >= 30) return { label: 'medium risk', tone: 'risk-medium' };
  return { label: 'low risk', tone: 'risk-low' };
}

function useCountdown(expiresAt: string | null): string | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!expiresAt) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [expiresAt]);
  if (!expiresAt) return null;
  const left = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
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
  const countdown = useCountdown(approval.expiresAt);
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
      onKeyDown={(e) => {
        if (denying || busy || approval.question || e.target !== e.currentTarget) return;
        if (e.key === 'a') void decide('approved');
        else if (e.key === 's') void decide('approved', 'session');
        else if (e.key === 'd') setDenying(true);
      }}
    >
      <header>
        <strong>{approval.title}</strong>
        <span className={`risk ${risk.tone}`}>{risk.label}</span>
        {countdown && (
          <span className="countdown" title="Time left to answer">
            {countdown}
          </span>
        )}
      </header>
      <p className="reason">
        {approval.decision.reason}{' '}
        <span className="rule">({approval.decision.ruleId ?? approval.decision.reasonCode})</span>
      </p>
      {approval.question?.mode === 'form' ? (
        <QuestionForm approvalId={approval.id} question={approval.question} />
      ) : approval.question?.mode === 'url' ? (
        <QuestionLink approvalId={approval.id} question={approval.question} />
      ) : (
        <>
          {approval.detail && <DiffText text={approval.detail} />}
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
            </div>
          )}
        </>
      )}
    </section>
  );
}
