/**
 * An escalated task with no stronger route goes to the person: an approval of kind `escalation`,
 * in the one queue every approval is in. It does not wait: the approval is linked to its task in
 * the same transaction that creates it (so a restart still knows whose it is), and its decision
 * arrives later as an `approval.decided` event.
 */

import type { Enclave } from '../enclave/index.js';
import { sha256 } from '../store/index.js';

/** Long enough for a person to come back to it; a workforce stalled on it says so meanwhile. */
const ESCALATION_TIMEOUT_MS = 7 * 24 * 3_600_000;

export function askToEscalate(
  enclave: Enclave,
  input: { sessionId: string; title: string; detail: string; link: (approvalId: string) => void },
): string {
  const approval = enclave.approvals.create({
    kind: 'escalation',
    request: { action: 'workforce.escalate', sessionId: input.sessionId },
    callKey: sha256(`workforce.escalate:${input.title}:${Date.now()}:${Math.random()}`),
    decision: {
      decision: 'ask_user',
      reasonCode: 'NO_MATCHING_RULE',
      ruleId: 'workforce.escalation',
      reason: 'A task failed more often than its failure policy allows',
      riskTags: [],
      riskScore: 10,
      policyHash: enclave.policy.hash,
    },
    title: input.title,
    detail: input.detail,
    timeoutMs: ESCALATION_TIMEOUT_MS,
    linkTo: input.link,
  });
  return approval.id;
}
