import * as z from 'zod/mini';
import { Decision, ReasonCode, RiskScore, RiskTag } from './policy.js';

const Sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/));

/**
 * One entry of the hash-chained audit log:
 * `hash = SHA-256(prevHash ‖ canonicalJson(entry without hash))`. Values are redacted before hashing.
 */
export const AuditEnvelope = z.object({
  id: z.string(),
  sequence: z.int().check(z.positive()),
  /** `decision` is written before any side effect; `result` after it, with output hash and duration. */
  phase: z.enum(['decision', 'result']),
  timestamp: z.iso.datetime(),
  actor: z.enum(['agent', 'user', 'system', 'mcp']),
  sessionId: z.nullable(z.string()),
  runId: z.nullable(z.string()),
  action: z.string(),
  target: z.string(),
  decision: Decision,
  ruleId: z.nullable(z.string()),
  reasonCode: ReasonCode,
  riskTags: z.array(RiskTag),
  riskScore: RiskScore,
  policyHash: Sha256Hex,
  inputHash: z.nullable(Sha256Hex),
  outputHash: z.nullable(Sha256Hex),
  durationMs: z.nullable(z.number().check(z.nonnegative())),
  sandboxed: z.boolean(),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type AuditEnvelope = z.infer<typeof AuditEnvelope>;

/** What `cowork audit export` writes next to the JSONL file. */
export const AuditManifest = z.object({
  format: z.literal('cowork-audit/1'),
  count: z.int().check(z.nonnegative()),
  firstSequence: z.nullable(z.int()),
  lastSequence: z.nullable(z.int()),
  firstPrevHash: z.nullable(Sha256Hex),
  lastHash: z.nullable(Sha256Hex),
  policyHashes: z.array(Sha256Hex),
  fileSha256: Sha256Hex,
  exportedAt: z.iso.datetime(),
});
export type AuditManifest = z.infer<typeof AuditManifest>;
