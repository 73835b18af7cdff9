import * as z from 'zod/mini';
import { AuditEnvelope, AuditManifest } from '../audit.js';
import { PolicyDecision } from '../policy.js';
import { ApprovalDecision, ApprovalRequest } from '../session.js';
import { Empty, maxStr, type RpcMethod, str } from './common.js';

// ---- policy ---------------------------------------------------------------------------------------

/**
 * `policy.check`: the door's decision for a call, without making it. `action` is the operation
 * (`fs.read`, `exec`, `pty.spawn`, `net.fetch`, `mcp.call`, …); `args` are its arguments exactly as
 * the door takes them. The shorthands `path`, `argv`, `command`, `host`/`port`, `server`/`tool`
 * build `args` when it is absent.
 */
export const PolicyCheckParams = z.strictObject({
  action: str(1, 100),
  args: z.optional(z.unknown()),
  path: z.optional(maxStr(4096)),
  argv: z.optional(z.array(maxStr(65536)).check(z.maxLength(4096))),
  command: z.optional(maxStr(65536)),
  host: z.optional(maxStr(300)),
  port: z.optional(z.int().check(z.gte(0), z.lte(65535))),
  server: z.optional(maxStr(200)),
  tool: z.optional(maxStr(200)),
  cwd: z.optional(maxStr(4096)),
  /** Decide with this session's "approved for the session" rules, as the door would. */
  sessionId: z.optional(maxStr(200)),
});
export type PolicyCheckParams = z.infer<typeof PolicyCheckParams>;

export const PolicyGetResult = z.object({
  /** The policy file's text (YAML or JSON), or null when only the built-in rules apply. */
  text: z.nullable(z.string()),
  policyHash: z.string(),
  version: z.int(),
  ruleCount: z.int(),
});
export const PolicySetParams = z.strictObject({ text: str(1, 1024 * 1024) });
export const PolicyHashResult = z.object({ policyHash: z.string() });

// ---- grants ---------------------------------------------------------------------------------------

export const GrantInfo = z.object({ path: z.string(), mode: z.enum(['ro', 'rw']) });
/**
 * A grant as listed: `containsCoworkData` when Cowork's own data folder (token, secret store,
 * database, policy) lies inside it — it stays hidden from every operation there, and the UI says so.
 * `runId`: the grant is for this run only (`cowork run`'s "this run only"; "starting" for the
 * instant before the run has its id); it ends when the run ends and is never kept across a
 * restart. Without it the grant lasts until removed.
 */
export const GrantListEntry = z.extend(GrantInfo, {
  containsCoworkData: z.boolean(),
  runId: z.optional(z.string()),
});
export const GrantsListResult = z.object({ grants: z.array(GrantListEntry) });
export const GrantsAddParams = z.strictObject({ path: str(1, 4096), mode: z.enum(['ro', 'rw']) });
export const GrantsRemoveParams = z.strictObject({ path: str(1, 4096) });
export const GrantsRemoveResult = z.object({ removed: z.boolean() });
export const GrantsCompleteParams = z.strictObject({ prefix: str(1, 4096) });
/** Full paths of folders, each ending in `/`. */
export const GrantsCompleteResult = z.object({ folders: z.array(z.string()) });

// ---- audit ----------------------------------------------------------------------------------------

export const AuditReadParams = z.strictObject({
  after: z.int().check(z.nonnegative()),
  limit: z._default(z.int().check(z.positive(), z.lte(5000)), 1000),
});
export const AuditReadResult = z.object({ entries: z.array(AuditEnvelope) });
export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  count: z.number(),
  checkpoints: z.optional(z.number()),
  firstBad: z.optional(z.object({ line: z.number(), sequence: z.nullable(z.number()), problem: z.string() })),
  key: z.nullable(z.object({ keyId: z.string(), publicKey: z.string() })),
});
export const AuditManifestParams = z.strictObject({
  after: z.int().check(z.nonnegative()),
  through: z.int().check(z.nonnegative()),
});

// ---- approvals ------------------------------------------------------------------------------------

export const ApprovalsListResult = z.object({ approvals: z.array(ApprovalRequest) });
export const ApprovalsDecideParams = z.strictObject({
  id: str(1, 200),
  status: z.enum(['approved', 'rejected']),
  scope: z._default(z.enum(['once', 'session']), 'once'),
  reason: z.optional(maxStr(2000)),
  /**
   * The person's answer to a question an MCP server asked (elicitation), checked against the
   * question's fields: one that does not fit is refused (INVALID_ARGUMENTS, `details.fields`) and
   * the question stays open.
   */
  response: z.optional(z.record(z.string(), z.unknown())),
  /** With `rejected`: the person closed the question without choosing (the spec's `cancel`). */
  dismissed: z.optional(z.boolean()),
});

export const enclaveMethods = {
  'policy.check': { params: PolicyCheckParams, result: PolicyDecision },
  'policy.reload': { params: Empty, result: PolicyHashResult },
  'policy.get': { params: Empty, result: PolicyGetResult },
  'policy.set': { params: PolicySetParams, result: PolicyHashResult },
  'grants.list': { params: Empty, result: GrantsListResult },
  'grants.add': { params: GrantsAddParams, result: GrantInfo },
  'grants.remove': { params: GrantsRemoveParams, result: GrantsRemoveResult },
  /** Folders whose path starts with `prefix` (`~` allowed), for choosing one to grant. */
  'grants.complete': { params: GrantsCompleteParams, result: GrantsCompleteResult },
  'audit.read': { params: AuditReadParams, result: AuditReadResult },
  /**
   * Checks the whole hash chain in place, and every signed checkpoint against it; names the first
   * bad entry. Also says which key signs this daemon's audit log (what an export is checked with).
   */
  'audit.verify': { params: Empty, result: AuditVerifyResult },
  /**
   * The signed manifest of the entries after `after` up to `through`, computed from the daemon's
   * own chain (never from what the caller sends: the daemon signs only what it checked).
   */
  'audit.manifest': { params: AuditManifestParams, result: AuditManifest },
  'approvals.list': { params: Empty, result: ApprovalsListResult },
  'approvals.decide': { params: ApprovalsDecideParams, result: ApprovalDecision },
} as const satisfies Record<string, RpcMethod>;
