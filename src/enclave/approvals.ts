import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import {
  type ApprovalDecision,
  type ApprovalRequest,
  CoworkError,
  type PolicyDecision,
  type PolicyRequest,
} from '../contracts/index.js';
import { redactText, redactValue } from './audit/redact.js';
import { checkedAnswer } from './question-answer.js';

export const DEFAULT_APPROVAL_TIMEOUT_MS = 10 * 60_000;

interface ApprovalRow {
  id: string;
  status: ApprovalRequest['status'];
  session_id: string | null;
  request: string;
  decision: string | null;
  created_at: string;
  expires_at: string | null;
  number: number;
}

interface StoredRequest {
  approval: ApprovalRequest;
  /** Hash of the exact call (operation, arguments, target): an approval is used only for what was asked. */
  callKey: string;
  /**
   * What was asked, as the policy saw it (for "approve for this session"), redacted. Absent when
   * redaction changed it: a session rule remembering that request would have to store the secret,
   * so such an approval is good for this one call only.
   */
  request?: PolicyRequest;
}

export type ApprovalListener = (event: {
  type: 'approval.requested' | 'approval.decided';
  approval: ApprovalRequest;
  decision?: ApprovalDecision;
  request?: PolicyRequest;
}) => void;

/**
 * Durable approval requests: persisted before anyone is asked, so they survive UI reloads and
 * daemon restarts; a person's answer wakes whoever waits; no answer in time expires it.
 */
export class ApprovalStore {
  readonly #insert: Statement<[string, number, string, string | null, string, string, string | null]>;
  readonly #nextNumber: Statement<[]>;
  readonly #get: Statement<[string]>;
  readonly #pending: Statement<[]>;
  readonly #decide: Statement<[string, string, string, string]>;
  readonly #consume: Statement<[string, string]>;
  readonly #waiters = new Map<string, ((d: ApprovalDecision) => void)[]>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #db: Database;

  constructor(
    db: Database,
    private readonly onChange: ApprovalListener = () => {},
  ) {
    this.#db = db;
    this.#insert = db.prepare(
      'INSERT INTO approvals (id, number, status, session_id, request, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#nextNumber = db.prepare('SELECT COALESCE(MAX(number), 0) + 1 FROM approvals').pluck();
    this.#get = db.prepare('SELECT * FROM approvals WHERE id = ?');
    this.#pending = db.prepare("SELECT * FROM approvals WHERE status = 'pending' ORDER BY created_at");
    this.#decide = db.prepare(
      "UPDATE approvals SET status = ?, decision = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
    );
    this.#consume = db.prepare(
      "UPDATE approvals SET consumed_at = ? WHERE id = ? AND status = 'approved' AND consumed_at IS NULL",
    );
    // Pending approvals from before a restart keep their deadline.
    for (const row of this.#pending.all() as ApprovalRow[]) this.#armTimer(row.id, row.expires_at);
  }

  create(input: {
    kind?: ApprovalRequest['kind'];
    request: PolicyRequest;
    callKey: string;
    decision: PolicyDecision;
    title: string;
    detail: string;
    runId?: string | null;
    timeoutMs?: number;
    /** A question to answer (elicitation): its answer is checked against it when decided. */
    question?: ApprovalRequest['question'];
    impact?: ApprovalRequest['impact'];
    /**
     * Records who waits on it (a run's journal step) in the same transaction as the approval: a
     * kill can never leave an approval that no run will pick up again. Called before anyone is told.
     */
    linkTo?: (approvalId: string) => void;
  }): ApprovalRequest {
    const now = Date.now();
    // One daemon writes this database, synchronously: the next number cannot be taken meanwhile.
    const approval: ApprovalRequest = {
      id: randomUUID(),
      number: this.#nextNumber.get() as number,
      kind: input.kind ?? 'tool',
      status: 'pending',
      sessionId: input.request.sessionId ?? null,
      runId: input.runId ?? null,
      // Stored, sent to every client and replayed: redacted here whatever the caller did.
      title: redactText(input.title),
      detail: redactText(input.detail),
      decision: redactValue(input.decision),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + (input.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS)).toISOString(),
      ...(input.question ? { question: redactValue(input.question) } : {}),
      ...(input.impact ? { impact: redactValue(input.impact) } : {}),
    };
    const request = redactValue(input.request);
    const carriesSecret = JSON.stringify(request) !== JSON.stringify(input.request);
    const stored: StoredRequest = { approval, callKey: input.callKey, ...(carriesSecret ? {} : { request }) };
    this.#db.transaction(() => {
      this.#insert.run(
        approval.id,
        approval.number!,
        'pending',
        approval.sessionId,
        JSON.stringify(stored),
        approval.createdAt,
        approval.expiresAt,
      );
      input.linkTo?.(approval.id);
    })();
    this.#armTimer(approval.id, approval.expiresAt);
    this.onChange({ type: 'approval.requested', approval });
    return approval;
  }

  get(id: string): (ApprovalRequest & { answer: ApprovalDecision | null }) | undefined {
    const row = this.#get.get(id) as ApprovalRow | undefined;
    if (!row) return undefined;
    const stored = JSON.parse(row.request) as StoredRequest;
    return {
      ...stored.approval,
      number: row.number,
      status: row.status,
      answer: row.decision ? (JSON.parse(row.decision) as ApprovalDecision) : null,
    };
  }

  listPending(): ApprovalRequest[] {
    return (this.#pending.all() as ApprovalRow[]).map((r) => ({
      ...(JSON.parse(r.request) as StoredRequest).approval,
      number: r.number,
    }));
  }

  /** Records the person's answer (or the timeout). Only a pending approval can be decided. */
  decide(
    id: string,
    answer: {
      status: ApprovalDecision['status'];
      scope?: ApprovalDecision['scope'];
      reason?: string;
      decidedBy?: ApprovalDecision['decidedBy'];
      response?: Record<string, unknown>;
      dismissed?: boolean;
    },
  ): ApprovalDecision {
    const response = this.#answerTo(id, answer.status, answer.response);
    const decision: ApprovalDecision = {
      approvalId: id,
      status: answer.status,
      scope: answer.scope ?? 'once',
      decidedBy: answer.decidedBy ?? 'user',
      decidedAt: new Date().toISOString(),
      ...(answer.reason === undefined ? {} : { reason: answer.reason }),
      ...(response === undefined ? {} : { response }),
      ...(answer.dismissed && answer.status === 'rejected' ? { dismissed: true } : {}),
    };
    const changed = this.#decide.run(answer.status, JSON.stringify(decision), decision.decidedAt, id).changes;
    if (changed === 0) {
      const existing = this.get(id);
      if (!existing) throw new CoworkError('RESOURCE_NOT_FOUND', `No approval ${id}.`);
      throw new CoworkError('CONFLICT', `Approval ${id} is already ${existing.status}.`);
    }
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    const approval = this.get(id)!;
    const row = this.#get.get(id) as ApprovalRow;
    const { request } = JSON.parse(row.request) as StoredRequest;
    this.onChange({ type: 'approval.decided', approval, decision, ...(request ? { request } : {}) });
    for (const wake of this.#waiters.get(id) ?? []) wake(decision);
    this.#waiters.delete(id);
    return decision;
  }

  /**
   * What is recorded as the person's answer: for a form question that is approved, the answer
   * checked against its fields (a wrong one throws before anything is decided, so it can be fixed);
   * a link question or a refusal carries none.
   */
  #answerTo(
    id: string,
    status: ApprovalDecision['status'],
    response: Record<string, unknown> | undefined,
  ): Record<string, unknown> | undefined {
    const question = this.get(id)?.question;
    if (!question) return response;
    if (question.mode !== 'form' || status !== 'approved') return undefined;
    return checkedAnswer(question.fields, response ?? {});
  }

  /** Resolves with the answer; pending approvals survive the waiter going away. */
  wait(id: string): Promise<ApprovalDecision> {
    const existing = this.get(id);
    if (!existing) return Promise.reject(new CoworkError('RESOURCE_NOT_FOUND', `No approval ${id}.`));
    if (existing.answer) return Promise.resolve(existing.answer);
    return new Promise((resolve) => this.#waiters.set(id, [...(this.#waiters.get(id) ?? []), resolve]));
  }

  /** True when `id` was approved for exactly this request and not used yet; it is then used up. */
  consumeFor(id: string, callKey: string): boolean {
    const row = this.#get.get(id) as ApprovalRow | undefined;
    if (row?.status !== 'approved') return false;
    const stored = JSON.parse(row.request) as StoredRequest;
    if (stored.callKey !== callKey) return false;
    return this.#consume.run(new Date().toISOString(), id).changes === 1;
  }

  /** The approval `id` when it is still pending and was asked for exactly this request. */
  pendingFor(id: string, callKey: string): ApprovalRequest | undefined {
    const row = this.#get.get(id) as ApprovalRow | undefined;
    if (row?.status !== 'pending') return undefined;
    const stored = JSON.parse(row.request) as StoredRequest;
    return stored.callKey === callKey ? { ...stored.approval, number: row.number } : undefined;
  }

  /**
   * Whether the call asking `id` cannot have acted yet: the approval is still pending, or approved
   * and not used (the door uses an approval up right before the effect).
   */
  unused(id: string): boolean {
    const row = this.#get.get(id) as (ApprovalRow & { consumed_at: string | null }) | undefined;
    return row?.status === 'pending' || (row?.status === 'approved' && row.consumed_at === null);
  }

  /** Withdraws every pending approval of a run (cancelled): each card goes away on every client. */
  withdrawRun(runId: string, reason: string): number {
    const mine = this.listPending().filter((a) => a.runId === runId);
    for (const a of mine) {
      try {
        this.decide(a.id, { status: 'rejected', reason, decidedBy: 'system' });
      } catch {
        // decided meanwhile
      }
    }
    return mine.length;
  }

  close(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  #armTimer(id: string, expiresAt: string | null): void {
    if (!expiresAt) return;
    const delay = Math.max(0, Date.parse(expiresAt) - Date.now());
    const timer = setTimeout(
      () => {
        try {
          this.decide(id, { status: 'expired', reason: 'timeout', decidedBy: 'timeout' });
        } catch {
          // already decided
        }
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    timer.unref();
    this.#timers.set(id, timer);
  }
}
