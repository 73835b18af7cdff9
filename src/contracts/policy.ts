import { z } from 'zod';

/** Side-effect kinds the enclave decides on. Anything else is unknown and denied. */
export const PolicyAction = z.enum([
  'fs.read',
  'fs.list',
  'fs.stat',
  'fs.write',
  'fs.append',
  'fs.mkdir',
  'fs.move',
  'fs.delete',
  'exec',
  'pty.spawn',
  'net.fetch',
  'mcp.call',
  'browser.navigate',
  'browser.act',
]);
export type PolicyAction = z.infer<typeof PolicyAction>;

export const Decision = z.enum(['allow', 'deny', 'ask_user']);
export type Decision = z.infer<typeof Decision>;

/** Why a decision was made; stable so the UI and audit can group by it. */
export const ReasonCode = z.enum([
  'INSIDE_GRANT',
  'OUTSIDE_GRANT',
  'READ_ONLY_GRANT',
  'SECRET_PATH',
  'PROTECTED_PATH',
  'DESTRUCTIVE_OPERATION',
  'OVERWRITE_UNOWNED',
  'BATCH_OPERATION',
  'COMMAND_ALLOWED',
  'COMMAND_NOT_ALLOWED',
  'SHELL_CONSTRUCT',
  'HOST_ALLOWED',
  'HOST_NOT_ALLOWED',
  'MCP_TOOL_ALLOWED',
  'MCP_TOOL_NOT_ALLOWED',
  'SESSION_RULE',
  'USER_RULE',
  'UNKNOWN_ACTION',
  'UNKNOWN_POLICY_VERSION',
  'NO_MATCHING_RULE',
  'INVALID_INPUT',
  'UNSANDBOXED_MODE',
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

export const RiskTag = z.enum(['delete', 'overwrite', 'network', 'exec', 'batch', 'outside-grant', 'secret']);
export type RiskTag = z.infer<typeof RiskTag>;

export const RiskScore = z.number().int().min(0).max(100);

export const PolicyDecision = z.object({
  decision: Decision,
  reasonCode: ReasonCode,
  ruleId: z.string().nullable(),
  reason: z.string(),
  riskTags: z.array(RiskTag),
  riskScore: RiskScore,
  policyHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PolicyDecision = z.infer<typeof PolicyDecision>;

/**
 * A side effect someone wants to perform, as the policy sees it. Paths are already resolved to
 * real absolute paths by the enclave; `argv` is one simple command (shell strings are split first).
 */
export const PolicyRequest = z.object({
  action: z.string().min(1).max(100),
  path: z.string().max(8192).optional(),
  argv: z.array(z.string().max(65536)).max(4096).optional(),
  host: z.string().max(300).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  mcp: z.object({ server: z.string().max(200), tool: z.string().max(200) }).optional(),
  /** How many items one operation touches (recursive delete, multi-file edit…). */
  count: z.number().int().nonnegative().optional(),
  /** Facts the broker established: the target exists, and whether the agent created it. */
  overwrite: z.boolean().optional(),
  agentCreated: z.boolean().optional(),
  sessionId: z.string().max(200).nullable().optional(),
});
export type PolicyRequest = z.infer<typeof PolicyRequest>;
