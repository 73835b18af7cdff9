/**
 * The single door's pipeline. Every side effect is planned (paths resolved, facts gathered),
 * decided (policy), recorded (audit, before anything happens), possibly put to the person
 * (approval), re-checked against the live grants, performed by a broker, and recorded again with
 * its outcome. `dryRun` is the same first half with nothing recorded, asked or done.
 */
import {
  type ErrorInfo,
  issueList,
  type PolicyDecision,
  type ToolResult,
  toErrorInfo,
} from '../contracts/index.js';
import { sha256 } from '../store/index.js';
import type { ApprovalStore } from './approvals.js';
import type { AuditLog } from './audit/audit-log.js';
import type { AgentFiles } from './authority/agent-files.js';
import type { Authority } from './authority/authority.js';
import { CallRecord, recordBeside } from './call-record.js';
import type { CheckpointImages } from './checkpoint-images.js';
import { askForCall } from './door-approval.js';
import { operationRow, readsOnly } from './operations/table.js';
import { PathLeases } from './path-leases.js';
import type { CallContext, FileChange, Plan, PlanContext } from './plan.js';
import { planOperation } from './planners/plan-operation.js';
import { canonicalJson } from './policy/canonical-json.js';
import { doorDecision, strictest } from './policy/decisions.js';
import { grantFor } from './policy/evaluate.js';
import { plannedElsewhere } from './policy-check.js';

export interface DoorParts {
  authority: Authority;
  audit: AuditLog;
  approvals: ApprovalStore;
  agentFiles: AgentFiles;
  images: CheckpointImages;
  planContext(): PlanContext;
}

/** A plan made outside the door's planners, or made lazily (see `perform`). */
export type ExternalPlan = Plan | (() => Plan);

/** The deciding rule recorded when a call's `ask` was the person's own command (CallContext.origin). */
export const PERSON_CONSENT = 'person:own-command';

type Planned =
  | { kind: 'refused'; decision: PolicyDecision; error: ErrorInfo }
  | { kind: 'planned'; plan: Plan; decision: PolicyDecision };

export class Door {
  /** Writers of one file take turns (see path-leases.ts); held for the effect only, never the approval. */
  readonly #leases = new PathLeases();

  constructor(private readonly parts: DoorParts) {}

  /**
   * Runs one operation through the door and returns the tool result; never throws for bad input.
   * `external` is a plan made outside the normal planners — for a side effect the enclave cannot
   * perform itself (an MCP tool call), or made lazily (an upload) — and its arguments are not
   * checked against the operation's schema; it still goes through decision, audit, approval and
   * the result record here.
   */
  async perform(
    name: string,
    rawArgs: unknown,
    ctx: CallContext,
    external?: ExternalPlan,
  ): Promise<ToolResult> {
    const call = new CallRecord(this.parts.audit, name, rawArgs, ctx);
    const planned = await this.#planAndDecide(name, rawArgs, ctx, external);
    if (planned.kind === 'refused') {
      call.record('decision', planned.decision, name);
      return call.failure(planned.error);
    }
    const { plan, decision } = planned;
    call.record('decision', decision, plan.target);
    const refused = (await this.#approve(call, plan, decision, rawArgs, ctx)) ?? this.#recheck(call, plan);
    if (refused) return call.failure(refused);
    return this.#act(call, plan, decision, ctx);
  }

  /**
   * The decision the door would make for this call, reached the same way `perform` reaches it (the
   * same planner: paths resolved, the command parsed, hard links and facts checked), but nothing is
   * recorded, asked or done. Operations that other modules plan are planned here as they plan them.
   */
  async dryRun(name: string, rawArgs: unknown, ctx: CallContext): Promise<PolicyDecision> {
    let external: Plan | undefined;
    try {
      external = await plannedElsewhere(this.parts.planContext(), name, rawArgs, ctx);
    } catch (err) {
      if (name !== 'pty.spawn') throw err; // a request-only action's missing fields are the caller's mistake
      return this.#planRefusal(toErrorInfo(err));
    }
    return (await this.#planAndDecide(name, rawArgs, ctx, external)).decision;
  }

  /** A plan's decision: its requests under the policy (with session rules) and its own decisions. */
  decide(plan: Plan): PolicyDecision {
    const { authority } = this.parts;
    return strictest([...plan.requests.map((r) => authority.evaluate(r)), ...(plan.extraDecisions ?? [])]);
  }

  /** Records a decision made beside a call (a proxy's connection, an MCP server's start). */
  record(
    action: string,
    target: string,
    d: PolicyDecision,
    actor: CallContext['actor'],
    how?: { phase: 'decision' | 'result'; sandboxed: boolean },
  ): void {
    recordBeside(this.parts.audit, action, target, d, actor, how);
  }

  /**
   * The door's first half, shared by `perform` and `dryRun`: the arguments checked against the
   * operation's schema, the plan made, and the decision combined from the plan's requests (policy,
   * with the session's rules) and the plan's own structural decisions. Nothing is recorded here.
   */
  async #planAndDecide(
    name: string,
    rawArgs: unknown,
    ctx: CallContext,
    external: ExternalPlan | undefined,
  ): Promise<Planned> {
    const row = operationRow(name);
    if (!row && !external) {
      return {
        kind: 'refused',
        decision: { ...this.#refusal('INVALID_INPUT', 'unknown operation'), reasonCode: 'UNKNOWN_ACTION' },
        error: { code: 'INVALID_ARGUMENTS', message: `Unknown operation "${name}".` },
      };
    }
    const parsed = external ? { success: true as const, data: rawArgs } : row!.args.safeParse(rawArgs);
    if (!parsed.success) {
      return {
        kind: 'refused',
        decision: this.#refusal('INVALID_INPUT', 'invalid arguments'),
        error: {
          code: 'INVALID_ARGUMENTS',
          message: `Invalid arguments for ${name}.`,
          details: { issues: issueList(parsed.error, 10) },
        },
      };
    }
    let plan: Plan;
    try {
      plan =
        external === undefined
          ? await planOperation(this.parts.planContext(), name, parsed.data, ctx)
          : typeof external === 'function'
            ? external()
            : external;
    } catch (err) {
      const error = toErrorInfo(err);
      return { kind: 'refused', decision: this.#planRefusal(error), error };
    }
    return { kind: 'planned', plan, decision: this.decide(plan) };
  }

  /** Denied, or asked and not approved: the failure; allowed (or approved): undefined. */
  async #approve(
    call: CallRecord,
    plan: Plan,
    decision: PolicyDecision,
    rawArgs: unknown,
    ctx: CallContext,
  ): Promise<ErrorInfo | undefined> {
    if (decision.decision === 'deny') {
      return { code: 'PERMISSION_DENIED', message: decision.reason, details: { decision } };
    }
    if (decision.decision !== 'ask_user') return undefined;
    if (ctx.origin === 'person') {
      // The person's own command is the answer the approval would ask them for.
      call.record('decision', { ...decision, decision: 'allow', ruleId: PERSON_CONSENT }, plan.target);
      return undefined;
    }
    const callKey = sha256(canonicalJson({ name: call.name, args: rawArgs, target: plan.target }));
    const asked = performance.now();
    const answer = await askForCall(this.parts.approvals, plan, decision, ctx, callKey);
    call.waited(performance.now() - asked);
    if (answer.kind === 'escalate') {
      return {
        code: 'PERMISSION_ESCALATION_REQUIRED',
        message: `Needs your approval: ${decision.reason}`,
        details: { approvalId: answer.approvalId, decision },
      };
    }
    const ruleId = `approval:${answer.approvalId}`;
    if (answer.kind === 'refused') {
      call.record('decision', { ...decision, decision: 'deny', ruleId, reason: answer.reason }, plan.target);
      return {
        code: 'PERMISSION_DENIED',
        message: `Not approved: ${answer.reason}`,
        details: { approvalId: answer.approvalId },
      };
    }
    call.record('decision', { ...decision, decision: 'allow', ruleId }, plan.target);
    return undefined;
  }

  /** Grants may have changed while the call waited: they are checked again right before acting. */
  #recheck(call: CallRecord, plan: Plan): ErrorInfo | undefined {
    const grants = this.parts.authority.grants.list();
    const writes = plan.writes ?? !readsOnly(call.name);
    for (const r of plan.recheck) {
      const grant = grantFor(r.real, grants);
      if (!grant || (writes && grant.mode === 'ro')) {
        const d = this.#refusal('OUTSIDE_GRANT', `${r.real} is no longer inside a grant that allows this.`);
        call.record('decision', d, plan.target);
        return { code: 'PERMISSION_DENIED', message: d.reason };
      }
    }
    return undefined;
  }

  /**
   * The effect itself, its checkpoint images, and the result record, holding the write lease of
   * every path the effect may change: the before-image, the broker's read and its atomic write
   * all see no other writer of those files.
   */
  #act(call: CallRecord, plan: Plan, decision: PolicyDecision, ctx: CallContext): Promise<ToolResult> {
    return this.#leases
      .hold(
        plan.touches ?? [],
        (waitedMs) => {
          call.leaseWaited(waitedMs);
          return this.#effect(call, plan, decision, ctx);
        },
        ctx.signal,
      )
      .catch((err: unknown) => this.#failed(call, plan, decision, err)); // cancelled while waiting
  }

  async #effect(
    call: CallRecord,
    plan: Plan,
    decision: PolicyDecision,
    ctx: CallContext,
  ): Promise<ToolResult> {
    const { images, agentFiles } = this.parts;
    const allowed: PolicyDecision = { ...decision, decision: 'allow' };
    const before =
      ctx.checkpoint && plan.touches?.length ? plan.touches.map((p) => images.current(p)) : undefined;
    if (before)
      ctx.checkpoint?.intent?.({
        callId: call.id,
        action: call.name,
        before: plan.touches!.map((path, i) => ({ path, before: before[i]! })),
      });
    // A failed effect may still have changed something: its images settle the intent either way.
    const settle = (failed: boolean, trashPath?: string) => {
      if (!before || !ctx.checkpoint) return;
      const changes: FileChange[] = plan.touches!.map((path, i) => ({
        path,
        before: before[i]!,
        after: images.current(path),
        ...(trashPath && before[i]!.kind === 'dir' ? { trashPath } : {}),
      }));
      ctx.checkpoint.record({ callId: call.id, action: call.name, changes, ...(failed ? { failed } : {}) });
    };
    try {
      const {
        content,
        created,
        sandboxed = false,
        outputSpoolRef = null,
        error = null,
      } = await plan.effect();
      for (const p of created ?? []) if (ctx.actor === 'agent') agentFiles.add(p, ctx.sessionId);
      settle(error !== null, call.name === 'fs.delete' ? trashPathOf(content) : undefined);
      const durationMs = call.elapsed();
      const outputHash = sha256(canonicalJson(content));
      call.record('result', allowed, plan.target, { outputHash, durationMs, sandboxed });
      const meta = { durationMs, sandboxed, outputSpoolRef };
      return { callId: call.id, success: error === null, content, error, meta };
    } catch (err) {
      settle(true);
      return this.#failed(call, plan, decision, err);
    }
  }

  #failed(call: CallRecord, plan: Plan, decision: PolicyDecision, err: unknown): ToolResult {
    const info = toErrorInfo(err);
    const allowed: PolicyDecision = { ...decision, decision: 'allow' };
    call.record('result', allowed, plan.target, { outputHash: sha256(canonicalJson(info)) });
    return call.failure(info);
  }

  /** A planner's refusal: outside every grant, or input the planner could not make sense of. */
  #planRefusal(error: ErrorInfo): PolicyDecision {
    return this.#refusal(
      error.code === 'PERMISSION_DENIED' ? 'OUTSIDE_GRANT' : 'INVALID_INPUT',
      error.message,
    );
  }

  #refusal(code: 'INVALID_INPUT' | 'OUTSIDE_GRANT', reason: string): PolicyDecision {
    const outside = code === 'OUTSIDE_GRANT';
    return doorDecision(this.parts.authority.policy.hash, {
      decision: 'deny',
      reasonCode: code,
      reason,
      riskTags: outside ? ['outside-grant'] : [],
      riskScore: outside ? 50 : 0,
    });
  }
}

function trashPathOf(content: ToolResult['content']): string | undefined {
  const first = content[0];
  if (first?.type !== 'text') return undefined;
  try {
    return (JSON.parse(first.text) as { trashPath?: string }).trashPath;
  } catch {
    return undefined;
  }
}
