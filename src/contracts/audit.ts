import { z } from 'zod';
import { Decision, ReasonCode, RiskScore, RiskTag } from './policy.js';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * One entry of the hash-chained audit log:
 * `hash = SHA-256(prevHash ‖ canonicalJson(entry without hash))`. Values are redacted before hashing.
 */
export const AuditEnvelope = z.object({
  id: z.string(),
  sequence: z.number().int().positive(),
  timestamp: z.string().datetime(),
  actor: z.enum(['agent', 'user', 'system', 'mcp']),
  sessionId: z.string().nullable(),
  runId: z.string().nullable(),
  action: z.string(),
  target: z.string(),
  decision: Decision,
  ruleId: z.string().nullable(),
  reasonCode: ReasonCode,
  riskTags: z.array(RiskTag),
  riskScore: RiskScore,
  inputHash: Sha256Hex.nullable(),
  outputHash: Sha256Hex.nullable(),
  durationMs: z.number().nonnegative().nullable(),
  sandboxed: z.boolean(),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type AuditEnvelope = z.infer<typeof AuditEnvelope>;
