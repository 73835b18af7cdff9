import type { ApprovalRequest, CoworkEvent } from '../contracts/index.js';

/**
 * The lines a waiting CLI call prints on stderr the moment its approval is asked: what waits, and
 * how to answer, so nobody stares at a silent terminal until the approval expires.
 */
export function approvalNotice(a: ApprovalRequest): string {
  const expires = a.expiresAt ? ` It expires at ${new Date(a.expiresAt).toLocaleTimeString()}.` : '';
  const ref = approvalRef(a);
  const how = a.question
    ? `answer: cowork approvals answer ${ref}`
    : `approve: cowork approvals approve ${ref}   deny: cowork approvals deny ${ref} [--reason R]`;
  return `cowork: waiting for your approval: ${a.title}\n  ${a.decision.reason}${expires}\n  ${how}\n  (or answer it in the UI: cowork open)\n`;
}

/** The event type a waiting call subscribes to for announceOwnApproval. */
export const APPROVAL_EVENTS = 'approval.requested';

/** A person's own call has no run, so an approval asked without a run while it waits is its own. */
export function announceOwnApproval(e: CoworkEvent): void {
  if (e.type === 'approval.requested' && e.payload.approval.runId === null)
    process.stderr.write(approvalNotice(e.payload.approval));
}

/** What a person types for the approval: its short number, or its id when it has none. */
export function approvalRef(a: Pick<ApprovalRequest, 'id' | 'number'>): string {
  return a.number === undefined ? a.id : String(a.number);
}

/** Finds the approval a person typed: its number (`3` or `#3`), or its full id. */
export function findApproval<T extends Pick<ApprovalRequest, 'id' | 'number'>>(
  approvals: readonly T[],
  typed: string,
): T | undefined {
  const n = /^#?(\d+)$/.exec(typed.trim());
  return n ? approvals.find((a) => a.number === Number(n[1])) : approvals.find((a) => a.id === typed);
}
