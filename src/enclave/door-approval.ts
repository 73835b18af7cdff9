/**
 * The door's approval step: an ask_user decision answered by the call's approval mode, by an
 * approval the person already gave for exactly this call, or put to them as a durable approval.
 */
import { type EditImpact, editImpactLine, type PolicyDecision } from '../contracts/index.js';
import type { ApprovalStore } from './approvals.js';
import { clip, redactText } from './audit/redact.js';
import type { CallContext, Plan } from './plan.js';

export type CallAnswer =
  | { kind: 'approved' | 'escalate'; approvalId: string }
  | { kind: 'refused'; approvalId: string; reason: string };

export async function askForCall(
  approvals: ApprovalStore,
  plan: Plan,
  decision: PolicyDecision,
  ctx: CallContext,
  callKey: string,
): Promise<CallAnswer> {
  const primary = plan.requests[0]!;
  const mode = ctx.autoApprove?.(decision, primary.action);
  if (mode) return { kind: 'approved', approvalId: mode };
  if (ctx.approvalId && approvals.consumeFor(ctx.approvalId, callKey)) {
    return { kind: 'approved', approvalId: ctx.approvalId };
  }
  // The same call asked before a restart: it waits on that approval (one card, one answer).
  const asked = ctx.approvalId ? approvals.pendingFor(ctx.approvalId, callKey) : undefined;
  if (asked) ctx.onApproval?.(asked.id);
  const impact = asked ? undefined : safeImpact(plan);
  const approval =
    asked ||
    approvals.create({
      request: primary,
      callKey,
      decision,
      title: plan.title,
      detail: [
        plan.title,
        `Rule: ${decision.ruleId ?? '(none)'} — ${decision.reason}`,
        `Risk: ${decision.riskScore}/100 ${decision.riskTags.join(', ')}`,
        impact && editImpactLine(impact),
        safeDetail(plan),
      ]
        .filter(Boolean)
        .join('\n'),
      runId: ctx.runId,
      ...(impact ? { impact } : {}),
      ...(ctx.approvalTimeoutMs === undefined ? {} : { timeoutMs: ctx.approvalTimeoutMs }),
      ...(ctx.onApproval ? { linkTo: ctx.onApproval } : {}),
    });
  if (ctx.wait === false) return { kind: 'escalate', approvalId: approval.id };
  const answer = await approvals.wait(approval.id);
  if (answer.status === 'approved') {
    approvals.consumeFor(approval.id, callKey);
    return { kind: 'approved', approvalId: approval.id };
  }
  return { kind: 'refused', approvalId: approval.id, reason: answer.reason ?? answer.status };
}

/** What an edit does elsewhere, when the index knows now; a failure leaves it out (the diff still says it all). */
function safeImpact(plan: Plan): EditImpact | undefined {
  try {
    const impact = plan.impact?.();
    return impact && impact.count > 0 ? impact : undefined;
  } catch {
    return undefined;
  }
}

/** The plan's detail (a diff…), capped; a failure to build it never blocks the approval itself. */
function safeDetail(plan: Plan): string {
  try {
    const text = plan.detail?.() ?? '';
    return text.length > 20_000 ? `${clip(text, 20_000)}\n[diff truncated]` : redactText(text);
  } catch {
    return '';
  }
}
