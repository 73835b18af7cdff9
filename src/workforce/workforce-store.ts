/**
 * What a workforce keeps besides its log (the log is its `workforce.entry` events): the row it was
 * started with and its status for lists, the person's requests until a tick applies them, and the
 * escalation approvals that belong to its tasks.
 */
import type {
  RpcParams,
  TaskId,
  WorkforceDecision,
  WorkforcePlan,
  WorkforceStatus,
} from '../contracts/index.js';
import type { Database } from '../store/index.js';

/** What a workforce was started with, besides its prompt, folder and plan. */
export type WorkforceOptions = Omit<RpcParams<'workforce.run'>, 'prompt' | 'folder' | 'plan'>;

export interface WorkforceRow {
  id: string;
  sessionId: string;
  prompt: string;
  folder: string;
  /** Null while the planner makes it. */
  plan: WorkforcePlan | null;
  options: WorkforceOptions;
  status: WorkforceStatus;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  /** Wall-clock ms the logical clock counts from. */
  startedAt: number;
}

/** A request of the person's, durable from the moment the RPC answers. */
export interface Command {
  id: number;
  kind: CommandKind;
  task: TaskId | null;
  args: Record<string, unknown>;
}
export type CommandKind =
  | 'pause'
  | 'resume'
  | 'stop'
  | 'setBudget'
  | 'message'
  | 'cancelTask'
  | 'retryTask'
  | 'skipTask'
  | 'editTask'
  | 'addTask';

interface Row {
  id: string;
  session_id: string;
  prompt: string;
  folder: string;
  plan: string | null;
  options: string;
  status: WorkforceStatus;
  error: string | null;
  created_at: string;
  updated_at: string;
  started_at: number;
}

/** A workforce in one of these is over: no daemon start picks it up, no request applies. */
export const FINISHED: readonly WorkforceStatus[] = ['completed', 'stopped', 'failed'];

export class WorkforceStore {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  /** Runs `fn` in one transaction (nested calls join it). */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  create(row: WorkforceRow): void {
    this.#db
      .prepare(
        `INSERT INTO workforces (id, session_id, prompt, folder, plan, options, status, error, created_at, updated_at, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.id,
        row.sessionId,
        row.prompt,
        row.folder,
        row.plan ? JSON.stringify(row.plan) : null,
        JSON.stringify(row.options),
        row.status,
        row.error,
        row.createdAt,
        row.updatedAt,
        row.startedAt,
      );
  }

  get(id: string): WorkforceRow | undefined {
    const row = this.#db.prepare('SELECT * FROM workforces WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /** Newest first. */
  list(): WorkforceRow[] {
    return (
      this.#db.prepare('SELECT * FROM workforces ORDER BY created_at DESC, id DESC').all() as Row[]
    ).map(fromRow);
  }

  /** The workforces a daemon start picks up again. */
  unfinished(): WorkforceRow[] {
    return this.list()
      .filter((w) => !FINISHED.includes(w.status))
      .reverse();
  }

  setPlan(id: string, plan: WorkforcePlan): void {
    this.#db
      .prepare('UPDATE workforces SET plan = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(plan), new Date().toISOString(), id);
  }

  setStatus(id: string, status: WorkforceStatus, error: string | null): string {
    const now = new Date().toISOString();
    this.#db
      .prepare('UPDATE workforces SET status = ?, error = ?, updated_at = ? WHERE id = ?')
      .run(status, error, now, id);
    return now;
  }

  /** Paused by `runs.pauseAll` (null: not, or the mark was taken back), for `runs.resumeAll`. */
  markPaused(id: string, paused: boolean): void {
    this.#db
      .prepare('UPDATE workforces SET paused_at = ? WHERE id = ?')
      .run(paused ? new Date().toISOString() : null, id);
  }

  /** The workforces `runs.pauseAll` paused, oldest pause first. */
  pausedByAll(): string[] {
    return this.#db
      .prepare('SELECT id FROM workforces WHERE paused_at IS NOT NULL ORDER BY paused_at, id')
      .pluck()
      .all() as string[];
  }

  /** The log, oldest first (its events are all in the workforce's session). */
  entries(w: Pick<WorkforceRow, 'id' | 'sessionId'>, after = 0): { seq: number; entry: WorkforceDecision }[] {
    const rows = this.#db
      .prepare(
        `SELECT payload FROM events WHERE session_id = ? AND type = 'workforce.entry'
           AND json_extract(payload, '$.workforceId') = ? AND json_extract(payload, '$.seq') > ?
         ORDER BY sequence`,
      )
      .pluck()
      .all(w.sessionId, w.id, after) as string[];
    return rows.map((p) => {
      const { seq, entry } = JSON.parse(p) as { seq: number; entry: WorkforceDecision };
      return { seq, entry };
    });
  }

  queue(workforceId: string, kind: CommandKind, task: TaskId | null, args: Record<string, unknown>): number {
    const { lastInsertRowid } = this.#db
      .prepare(
        'INSERT INTO workforce_commands (workforce_id, kind, task, args, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(workforceId, kind, task, JSON.stringify(args), new Date().toISOString());
    return Number(lastInsertRowid);
  }

  /** Requests not applied yet, in the order they were made. */
  pending(workforceId: string): Command[] {
    const rows = this.#db
      .prepare(
        'SELECT id, kind, task, args FROM workforce_commands WHERE workforce_id = ? AND applied_at IS NULL ORDER BY id',
      )
      .all(workforceId) as { id: number; kind: CommandKind; task: string | null; args: string }[];
    return rows.map((r) => ({ ...r, args: JSON.parse(r.args) as Record<string, unknown> }));
  }

  markApplied(ids: readonly number[]): void {
    const stmt = this.#db.prepare('UPDATE workforce_commands SET applied_at = ? WHERE id = ?');
    const now = new Date().toISOString();
    for (const id of ids) stmt.run(now, id);
  }

  /** An escalation's approval, keyed by the attempt after which the task was escalated. */
  linkApproval(approvalId: string, workforceId: string, task: TaskId, attempt: number): void {
    this.#db
      .prepare(
        'INSERT INTO workforce_approvals (approval_id, workforce_id, task, attempt, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(approvalId, workforceId, task, attempt, new Date().toISOString());
  }

  approvalOwner(approvalId: string): Escalation | undefined {
    return this.#db
      .prepare(
        'SELECT approval_id AS approvalId, workforce_id AS workforceId, task, attempt FROM workforce_approvals WHERE approval_id = ?',
      )
      .get(approvalId) as Escalation | undefined;
  }

  /** The approval asked for a task's escalation after `attempt`, if one was. */
  escalation(workforceId: string, task: TaskId, attempt: number): Escalation | undefined {
    return this.#db
      .prepare(
        'SELECT approval_id AS approvalId, workforce_id AS workforceId, task, attempt FROM workforce_approvals WHERE workforce_id = ? AND task = ? AND attempt = ?',
      )
      .get(workforceId, task, attempt) as Escalation | undefined;
  }
}

export interface Escalation {
  approvalId: string;
  workforceId: string;
  task: TaskId;
  attempt: number;
}

function fromRow(r: Row): WorkforceRow {
  return {
    id: r.id,
    sessionId: r.session_id,
    prompt: r.prompt,
    folder: r.folder,
    plan: r.plan ? (JSON.parse(r.plan) as WorkforcePlan) : null,
    options: JSON.parse(r.options) as WorkforceOptions,
    status: r.status,
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
  };
}
