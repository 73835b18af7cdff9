import * as z from 'zod/mini';
import { Decision, ReasonCode, RiskScore, RiskTag } from './policy.js';

const Sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/));

/**
 * One entry of the hash-chained audit log:
 * `hash = SHA-256(prevHash ‖ canonicalJson(entry without hash))`. Values are redacted before hashing.
 */
export const AuditEnvelope = z.strictObject({
  id: z.string(),
  sequence: z.int().check(z.positive()),
  /** `decision` is written before any side effect; `result` after it, with output hash and duration. */
  phase: z.enum(['decision', 'result']),
  timestamp: z.iso.datetime(),
  actor: z.enum(['agent', 'user', 'system', 'mcp']),
  /**
   * `person`: the call is the person's own click or command in their own client (the UI's "New
   * terminal", `cowork terminal exec`), which is their consent: a policy `ask` was not put back to
   * them (a `deny` still denies). Set by the daemon for those requests only, never by anything a
   * request or a tool's arguments carry. Absent for every other call.
   */
  origin: z.optional(z.literal('person')),
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
  /**
   * On a result: how long the effect waited for another write of the same file to finish (the
   * per-path lease); absent when it did not wait.
   */
  leaseWaitMs: z.optional(z.number().check(z.nonnegative())),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type AuditEnvelope = z.infer<typeof AuditEnvelope>;

/**
 * A signed statement "entry `sequence` of this chain has hash `hash`", recorded every few hundred
 * entries, shortly after each burst of appends, at export and at shutdown. Whoever rewrites the
 * chain afterwards (even recomputing every hash) cannot make the checkpoints agree without the key.
 * Signature: Ed25519 over `"cowork-audit-checkpoint/1\n" ‖ canonicalJson(checkpoint without signature)`.
 */
export const AuditCheckpoint = z.strictObject({
  sequence: z.int().check(z.positive()),
  hash: Sha256Hex,
  signedAt: z.iso.datetime(),
  /** First 16 hex digits of SHA-256 of the raw public key. */
  keyId: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  /** Base64. */
  signature: z.string().check(z.regex(/^[A-Za-z0-9+/]{86}==$/)),
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

export const AuditSignature = z.strictObject({
  algorithm: z.literal('ed25519'),
  keyId: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  /** The raw 32-byte Ed25519 public key, base64url (a JWK's `x`). */
  publicKey: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)),
  /** Base64 signature over `"cowork-audit-manifest/2\n" ‖ canonicalJson(manifest without signature)`. */
  value: z.string().check(z.regex(/^[A-Za-z0-9+/]{86}==$/)),
});
export type AuditSignature = z.infer<typeof AuditSignature>;

const manifestFields = {
  format: z.literal('cowork-audit/2'),
  count: z.int().check(z.nonnegative()),
  firstSequence: z.nullable(z.int()),
  lastSequence: z.nullable(z.int()),
  firstPrevHash: z.nullable(Sha256Hex),
  lastHash: z.nullable(Sha256Hex),
  policyHashes: z.array(Sha256Hex),
  fileSha256: Sha256Hex,
  exportedAt: z.iso.datetime(),
  /** The signed checkpoints inside the exported range, oldest first (the last one is the export's head). */
  checkpoints: z.array(AuditCheckpoint),
};

/** What the exporter computes from the file it wrote; the daemon signs its own computation of it. */
export const AuditManifestBody = z.strictObject(manifestFields);
export type AuditManifestBody = z.infer<typeof AuditManifestBody>;

/** What `cowork audit export` writes next to the JSONL file: the body, signed by the daemon's audit key. */
export const AuditManifest = z.strictObject({ ...manifestFields, signature: AuditSignature });
export type AuditManifest = z.infer<typeof AuditManifest>;
