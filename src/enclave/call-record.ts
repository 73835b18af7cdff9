/**
 * What the audit log records of the door's work: a call's decision and result entries (with the
 * hash of its redacted input and of its output), and decisions made beside a call.
 */
import type { ErrorInfo, PolicyDecision, ToolResult } from '../contracts/index.js';
import { sha256 } from '../store/index.js';
import type { AuditLog } from './audit/audit-log.js';
import { redactValue } from './audit/redact.js';
import { failedResult } from './local-tools.js';
import type { CallContext } from './plan.js';
import { canonicalJson } from './policy/canonical-json.js';

/** One call's audit records (decision, result) and its failure results. */
export class CallRecord {
  readonly id: string;
  readonly #started = performance.now();
  /** Time spent waiting for the person's answer: not the call's own duration. */
  #waited = 0;
  /** Time spent waiting for another writer of the same file (path-leases.ts), recorded with the result. */
  #leaseWaited = 0;
  readonly #inputHash: string;

  constructor(
    private readonly audit: AuditLog,
    readonly name: string,
    rawArgs: unknown,
    private readonly ctx: CallContext,
  ) {
    this.id = `${name}:${Date.now().toString(36)}`;
    this.#inputHash = sha256(canonicalJson(redactValue(rawArgs ?? null)));
  }

  /** How long the call itself took, without the time it waited for the person's answer. */
  elapsed(): number {
    return performance.now() - this.#started - this.#waited;
  }

  waited(ms: number): void {
    this.#waited += ms;
  }

  leaseWaited(ms: number): void {
    this.#leaseWaited = ms;
    this.waited(ms);
  }

  record(
    phase: 'decision' | 'result',
    d: PolicyDecision,
    target: string,
    extra: Partial<{ outputHash: string; durationMs: number; sandboxed: boolean }> = {},
  ): void {
    this.audit.append({
      phase,
      actor: this.ctx.actor,
      ...(this.ctx.origin === 'person' ? { origin: 'person' as const } : {}),
      sessionId: this.ctx.sessionId,
      runId: this.ctx.runId,
      action: this.name,
      target,
      ...decisionFields(d),
      inputHash: this.#inputHash,
      outputHash: extra.outputHash ?? null,
      durationMs: extra.durationMs ?? (phase === 'result' ? this.elapsed() : null),
      sandboxed: extra.sandboxed ?? false,
      ...(phase === 'result' && this.#leaseWaited > 0 ? { leaseWaitMs: this.#leaseWaited } : {}),
    });
  }

  failure(error: ErrorInfo): ToolResult {
    return failedResult(this.id, error, this.elapsed());
  }
}

/** A decision made beside a call (a proxy's connection, an MCP server's start): no input, no output. */
export function recordBeside(
  audit: AuditLog,
  action: string,
  target: string,
  d: PolicyDecision,
  actor: CallContext['actor'],
  how: { phase: 'decision' | 'result'; sandboxed: boolean } = { phase: 'decision', sandboxed: true },
): void {
  audit.append({
    ...how,
    actor,
    sessionId: null,
    runId: null,
    action,
    target,
    ...decisionFields(d),
    inputHash: null,
    outputHash: null,
    durationMs: null,
  });
}

/** The part of an audit envelope that is the decision itself. */
function decisionFields(d: PolicyDecision) {
  const { decision, ruleId, reasonCode, riskTags, riskScore, policyHash } = d;
  return { decision, ruleId, reasonCode, riskTags, riskScore, policyHash };
}
