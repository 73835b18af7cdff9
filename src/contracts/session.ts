import * as z from 'zod/mini';
import { PolicyDecision } from './policy.js';
import { Question } from './question.js';

export const WorkspaceSession = z.object({
  id: z.string(),
  kind: z.enum(['terminal', 'browser', 'file']),
  status: z.enum(['created', 'active', 'paused', 'closed']),
  controller: z.enum(['agent', 'user']),
  title: z.optional(z.string()),
  createdAt: z.iso.datetime(),
});
export type WorkspaceSession = z.infer<typeof WorkspaceSession>;

export const SessionEvent = z.object({
  sequence: z.int().check(z.positive()),
  sessionId: z.string(),
  type: z.string(),
  timestamp: z.iso.datetime(),
  payload: z.unknown(),
});
export type SessionEvent = z.infer<typeof SessionEvent>;

export const ApprovalKind = z.enum(['tool', 'plan', 'escalation']);
export const ApprovalStatus = z.enum(['pending', 'approved', 'rejected', 'expired']);

/**
 * What an edit does to the rest of the code (from the folder's code index): the exported symbols
 * whose signature it changes or removes, and the files using them — the edit card's "Affects N files".
 */
export const EditImpact = z.object({
  changed: z.array(z.string()),
  /** The files using them, nearest first; at most EDIT_IMPACT_FILES (shared-values.ts) listed. */
  files: z.array(z.string()),
  /** How many files use them in all. */
  count: z.int().check(z.positive()),
});
export type EditImpact = z.infer<typeof EditImpact>;
export const ApprovalRequest = z.object({
  id: z.string(),
  /**
   * The approval's short number, given by the daemon when it is asked (1, 2, 3… never reused), so
   * `cowork approvals approve 3` means the same approval in every terminal and after a restart.
   * Absent only in `approval.requested` events recorded before approvals had numbers.
   */
  number: z.optional(z.int().check(z.positive())),
  kind: ApprovalKind,
  status: ApprovalStatus,
  sessionId: z.nullable(z.string()),
  runId: z.nullable(z.string()),
  title: z.string(),
  /** What the person needs to judge: the full command and folder, or a diff. */
  detail: z.string(),
  decision: PolicyDecision,
  createdAt: z.iso.datetime(),
  expiresAt: z.nullable(z.iso.datetime()),
  /** A question to answer rather than an action to allow (an MCP server's elicitation). */
  question: z.optional(Question),
  /** An edit that changes exported signatures other files use (the detail says it in words too). */
  impact: z.optional(EditImpact),
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

export const ApprovalDecision = z.object({
  approvalId: z.string(),
  status: z.enum(['approved', 'rejected', 'expired']),
  scope: z.enum(['once', 'session']),
  reason: z.optional(z.string().check(z.maxLength(2000))),
  decidedBy: z.enum(['user', 'timeout', 'system']),
  decidedAt: z.iso.datetime(),
  /** What the person answered to a question (an MCP server's elicitation), when there was one. */
  response: z.optional(z.record(z.string(), z.unknown())),
  /** Rejected without choosing (closed, Ctrl+C): for a question, the spec's `cancel`, not `decline`. */
  dismissed: z.optional(z.boolean()),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;
