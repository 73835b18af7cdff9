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
  /** `decision` is written before any side effect; `result` after it, with output hash and duration. */
  phase: z.enum(['decision', 'result']),
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
  policyHash: Sha256Hex,
  inputHash: Sha256Hex.nullable(),
  outputHash: Sha256Hex.nullable(),
  durationMs: z.number().nonnegative().nullable(),
  sandboxed: z.boolean(),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type AuditEnvelope = z.infer<typeof AuditEnvelope>;

/** What `cowork audit export` writes next to the JSONL file. */
export const AuditManifest = z.object({
  format: z.literal('cowork-audit/1'),
  count: z.number().int().nonnegative(),
  firstSequence: z.number().int().nullable(),
  lastSequence: z.number().int().nullable(),
  firstPrevHash: Sha256Hex.nullable(),
  lastHash: Sha256Hex.nullable(),
  policyHashes: z.array(Sha256Hex),
  fileSha256: Sha256Hex,
  exportedAt: z.string().datetime(),
});
export type AuditManifest = z.infer<typeof AuditManifest>;
