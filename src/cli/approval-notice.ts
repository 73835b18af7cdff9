import type { ApprovalRequest, CoworkEvent } from '../contracts/index.js';

/**
 * The lines a waiting CLI call prints on stderr the moment its approval is asked: what waits, and
 * how to answer, so nobody stares at a silent terminal until the approval expires.
 */
export function approvalNotice(a: ApprovalRequest): string {
  const expires = a.expiresAt ? ` It expires at ${new Date(a.expiresAt).toLocaleTimeString()}.` : '';
  const how = a.question
    ? `answer: cowork approvals answer ${a.id}`
    : `approve: cowork approvals approve ${a.id}   deny: cowork approvals deny ${a.id} [--reason R]`;
  return `cowork: waiting for your approval: ${a.title}\n  ${a.decision.reason}${expires}\n  ${how}\n  (or answer it in the UI: cowork open)\n`;
}

/** The event type a waiting call subscribes to for announceOwnApproval. */
export const APPROVAL_EVENTS = 'approval.requested';

/** A person's own call has no run, so an approval asked without a run while it waits is its own. */
export function announceOwnApproval(e: CoworkEvent): void {
  if (e.type === 'approval.requested' && e.payload.approval.runId === null)
    process.stderr.write(approvalNotice(e.payload.approval));
}
