/**
 * Questions from outside the door put to the person: an MCP server asking to use the model
 * (sampling) or asking them for input (elicitation). Each is a durable approval like any other,
 * its outcome audited.
 */
import type { ApprovalDecision, PolicyDecision, PolicyRequest, Question } from '../contracts/index.js';
import { sha256 } from '../store/index.js';
import type { ApprovalStore } from './approvals.js';
import type { Door } from './door.js';
import { doorDecision } from './policy/decisions.js';

export interface McpQuestion {
  server: string;
  what: 'sampling' | 'elicitation';
  title: string;
  detail: string;
  /** For elicitation: what the person fills in or opens. */
  question?: Question;
  timeoutMs?: number;
}

export async function askAboutMcp(
  approvals: ApprovalStore,
  policyHash: string,
  record: Door['record'],
  input: McpQuestion,
): Promise<ApprovalDecision> {
  const sampling = input.what === 'sampling';
  const decision = doorDecision(policyHash, {
    decision: 'ask_user',
    reasonCode: 'MCP_TOOL_NOT_ALLOWED',
    ruleId: `mcp.${input.what}`,
    reason: sampling ? `${input.server} asks to use your model` : `${input.server} asks you a question`,
    riskTags: sampling ? ['network'] : [],
    riskScore: sampling ? 40 : 10,
  });
  const request: PolicyRequest = { action: 'mcp.call', mcp: { server: input.server, tool: input.what } };
  const approval = approvals.create({
    kind: 'escalation',
    request,
    callKey: sha256(`${input.server}:${input.what}:${Date.now()}:${Math.random()}`),
    decision,
    title: input.title,
    detail: input.detail,
    ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
    ...(input.question ? { question: input.question } : {}),
  });
  const answer = await approvals.wait(approval.id);
  const outcome: PolicyDecision = {
    ...decision,
    decision: answer.status === 'approved' ? 'allow' : 'deny',
    ruleId: `approval:${approval.id}`,
  };
  record(`mcp.${input.what}`, input.server, outcome, 'mcp', { phase: 'decision', sandboxed: false });
  return answer;
}
