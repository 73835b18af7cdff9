/**
 * Decisions the door makes itself (a refusal, an authority change, a structural judgement of a
 * command), and how several decisions on one call combine: the strictest wins.
 */
import type { Decision, PolicyDecision } from '../../contracts/index.js';

/** deny beats ask_user beats allow. */
const RANK: { readonly [D in Decision]: number } = { deny: 3, ask_user: 2, allow: 1 };

/** Positive when `a` is stricter than `b`, zero when they are the same decision. */
export function strictness(a: Decision, b: Decision): number {
  return RANK[a] - RANK[b];
}

/** The strictest of the decisions; among equally strict ones the riskiest (ties: the first). */
export function strictest(decisions: readonly PolicyDecision[]): PolicyDecision {
  return decisions.reduce((worst, d) => {
    const s = strictness(d.decision, worst.decision);
    return s > 0 || (s === 0 && d.riskScore > worst.riskScore) ? d : worst;
  });
}

/** A decision no rule made: no rule id, no risk unless given, under the policy in force. */
export function doorDecision(
  policyHash: string,
  d: Pick<PolicyDecision, 'decision' | 'reasonCode' | 'reason'> &
    Partial<Pick<PolicyDecision, 'ruleId' | 'riskTags' | 'riskScore'>>,
): PolicyDecision {
  return {
    decision: d.decision,
    reasonCode: d.reasonCode,
    ruleId: d.ruleId ?? null,
    reason: d.reason,
    riskTags: d.riskTags ?? [],
    riskScore: d.riskScore ?? 0,
    policyHash,
  };
}
