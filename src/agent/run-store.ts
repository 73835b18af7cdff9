import { randomUUID } from 'node:crypto';
import type { ModelMessage } from '../models/index.js';
import type { Database } from '../store/index.js';

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
export type ApprovalMode = 'ask' | 'auto-edit' | 'read-only';

/** What a run was started with beyond its model and mode: a resume keeps all of it. */
export interface RunOptions {
  maxTurns?: number;
  approvalTimeoutMs?: number;
  /** Which client started it (`cowork run`, the UI). */
  origin?: 'cli' | 'ui';
  /** A workforce worker's role: a routing match (`workerRole`) for its model. */
  workerRole?: string;
  /** The only tools it is offered (registry ids or the names the model sees); absent: all of them. */
  tools?: string[];
  /** The persona it was started with (its instructions are in the system prompt). */
  persona?: string;
}

export interface RunRecord {
  id: string;
  sessionId: string;
  status: RunStatus;
  prompt: string;
  model: string;
  mode: ApprovalMode;
  folder: string;
  options: RunOptions;
  turn: number;
  messages: ModelMessage[];
  summary: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  session_id: string;
  status: RunStatus;
  prompt: string;
  model: string;
  mode: ApprovalMode;
  folder: string;
  options: string;
  turn: number;
  messages: string;
  summary: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

const toRecord = (r: Row): RunRecord => ({
  id: r.id,
  sessionId: r.session_id,
  status: r.status,
  prompt: r.prompt,
  model: r.model,
  mode: r.mode,
  folder: r.folder,
  options: JSON.parse(r.options) as RunOptions,
  turn: r.turn,
  messages: JSON.parse(r.messages) as ModelMessage[],
  summary: r.summary,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Runs, with the conversation persisted after every turn: the checkpoint a resume starts from. */
export class RunStore {
  constructor(private readonly db: Database) {}

  create(
    input: Omit<
      RunRecord,
      'id' | 'status' | 'turn' | 'summary' | 'error' | 'createdAt' | 'updatedAt' | 'options'
    > & { options?: RunOptions; id?: string },
  ): RunRecord {
    const now = new Date().toISOString();
    const record: RunRecord = {
      ...input,
      options: input.options ?? {},
      id: input.id ?? randomUUID(),
      status: 'running',
      turn: 0,
      summary: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    this.db
      .prepare(
        'INSERT INTO runs (id, session_id, status, prompt, model, mode, folder, options, turn, messages, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.id,
        record.sessionId,
        record.status,
        record.prompt,
        record.model,
        record.mode,
        record.folder,
        JSON.stringify(record.options),
        0,
        JSON.stringify(record.messages),
        now,
        now,
      );
    return record;
  }

  get(id: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  list(limit = 50): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC LIMIT ?').all(limit) as Row[]).map(
      toRecord,
    );
  }

  saveTurn(id: string, turn: number, messages: ModelMessage[]): void {
    this.db
      .prepare('UPDATE runs SET turn = ?, messages = ?, updated_at = ? WHERE id = ?')
      .run(turn, JSON.stringify(messages), new Date().toISOString(), id);
  }

  /** Any change of status ends a pause: a run resumed, cancelled or forked is no longer the person's paused one. */
  finish(id: string, status: RunStatus, fields: { summary?: string; error?: string } = {}): void {
    this.db
      .prepare(
        'UPDATE runs SET status = ?, summary = ?, error = ?, paused_at = NULL, updated_at = ? WHERE id = ?',
      )
      .run(status, fields.summary ?? null, fields.error ?? null, new Date().toISOString(), id);
  }

  /** Interrupted by the person (`runs.pauseAll`), not by a crash: `runs.resumeAll` takes it up again. */
  pause(id: string): void {
    const now = new Date().toISOString();
    this.db
      .prepare("UPDATE runs SET status = 'interrupted', paused_at = ?, updated_at = ? WHERE id = ?")
      .run(now, now, id);
  }

  /** The runs the person paused that are still interrupted, oldest pause first. */
  paused(): string[] {
    return this.db
      .prepare(
        "SELECT id FROM runs WHERE status = 'interrupted' AND paused_at IS NOT NULL ORDER BY paused_at, id",
      )
      .pluck()
      .all() as string[];
  }

  isPaused(id: string): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM runs WHERE id = ? AND status = 'interrupted' AND paused_at IS NOT NULL")
        .get(id) !== undefined
    );
  }

  /** Runs still marked running when the daemon starts were cut off: mark them interrupted. */
  markInterrupted(): RunRecord[] {
    const cut = (this.db.prepare("SELECT * FROM runs WHERE status = 'running'").all() as Row[]).map(toRecord);
    this.db
      .prepare("UPDATE runs SET status = 'interrupted', updated_at = ? WHERE status = 'running'")
      .run(new Date().toISOString());
    return cut;
  }
}
