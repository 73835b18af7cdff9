import * as z from 'zod/mini';

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
  /**
   * Reading what an MCP server offers besides tools: its resources, resource templates and prompts
   * (`mcp.tool` is the MCP method: `resources/read`, `prompts/get`, `resources/list`…).
   */
  'mcp.read',
  'browser.navigate',
  'browser.act',
  /** The agent records a lesson that will shape later tasks. */
  'memory.remember',
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
  'COWORK_DATA',
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
  'MEMORY_WRITE',
  'SESSION_RULE',
  'USER_RULE',
  'UNKNOWN_ACTION',
  'UNKNOWN_POLICY_VERSION',
  'NO_MATCHING_RULE',
  'INVALID_INPUT',
  'UNSANDBOXED_MODE',
  /** A run's call was cut off by a restart and may or may not have happened: the person decides. */
  'UNCERTAIN_AFTER_RESTART',
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

export const RiskTag = z.enum(['delete', 'overwrite', 'network', 'exec', 'batch', 'outside-grant', 'secret']);
export type RiskTag = z.infer<typeof RiskTag>;

export const RiskScore = z.int().check(z.gte(0), z.lte(100));

export const PolicyDecision = z.object({
  decision: Decision,
  reasonCode: ReasonCode,
  ruleId: z.nullable(z.string()),
  reason: z.string(),
  riskTags: z.array(RiskTag),
  riskScore: RiskScore,
  policyHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
export type PolicyDecision = z.infer<typeof PolicyDecision>;

/**
 * A side effect someone wants to perform, as the policy sees it. Paths are already resolved to
 * real absolute paths by the enclave; `argv` is one simple command (shell strings are split first).
 */
export const PolicyRequest = z.object({
  action: z.string().check(z.minLength(1), z.maxLength(100)),
  path: z.optional(z.string().check(z.maxLength(8192))),
  argv: z.optional(z.array(z.string().check(z.maxLength(65536))).check(z.maxLength(4096))),
  host: z.optional(z.string().check(z.maxLength(300))),
  port: z.optional(z.int().check(z.gte(0), z.lte(65535))),
  mcp: z.optional(
    z.object({ server: z.string().check(z.maxLength(200)), tool: z.string().check(z.maxLength(200)) }),
  ),
  /** How many items one operation touches (recursive delete, multi-file edit…). */
  count: z.optional(z.int().check(z.nonnegative())),
  /** Facts the broker established: the target exists, and whether the agent created it. */
  overwrite: z.optional(z.boolean()),
  agentCreated: z.optional(z.boolean()),
  sessionId: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
});
export type PolicyRequest = z.infer<typeof PolicyRequest>;
