/**
 * The run's step journal: every tool call is written as an intent before its effect and marked
 * done with its result after. A resume replays what is done (the model gets the recorded result,
 * the effect is not repeated) and treats an intent without an outcome as uncertain (runner.ts
 * decides what to do with it; checkpoints.ts has the call's before-images).
 */
import { canonicalJson } from '../enclave/index.js';
import type { ToolCallRequest, ToolMedia } from '../models/index.js';
import { type Database, sha256 } from '../store/index.js';

/** What the model got back for a call (the `tool` message's entry). */
export interface StepResult {
  id: string;
  name: string;
  text: string;
  isError?: boolean;
  /** Images and sounds the model may get as themselves (tool-media.ts). */
  media?: ToolMedia[];
}

/** One call of one turn: the model's call ids are unique within a turn only. */
export interface StepKey {
  runId: string;
  turn: number;
  callId: string;
}

export type Step =
  | { status: 'intent'; checkpointId: number | null; approvalId: string | null; argsHash: string }
  | { status: 'done'; result: StepResult };

interface Row {
  status: 'intent' | 'done';
  args_hash: string;
  result: string | null;
  checkpoint_id: number | null;
  approval_id: string | null;
}

export class StepJournal {
  constructor(private readonly db: Database) {}

  get(key: StepKey): Step | undefined {
    const row = this.db
      .prepare(
        'SELECT status, args_hash, result, checkpoint_id, approval_id FROM run_steps WHERE run_id = ? AND turn = ? AND call_id = ?',
      )
      .get(key.runId, key.turn, key.callId) as Row | undefined;
    if (!row) return undefined;
    if (row.status === 'done') return { status: 'done', result: JSON.parse(row.result!) as StepResult };
    return {
      status: 'intent',
      checkpointId: row.checkpoint_id,
      approvalId: row.approval_id,
      argsHash: row.args_hash,
    };
  }

  /** Written (and committed) before the call does anything; a second intent for the same call is a no-op. */
  intent(key: StepKey, call: ToolCallRequest, tool: string): void {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO run_steps (run_id, turn, call_id, tool, args_hash, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        key.runId,
        key.turn,
        key.callId,
        tool,
        sha256(canonicalJson(call.arguments)),
        'intent',
        new Date().toISOString(),
      );
  }

  done(key: StepKey, result: StepResult): void {
    this.db
      .prepare(
        "UPDATE run_steps SET status = 'done', result = ?, done_at = ? WHERE run_id = ? AND turn = ? AND call_id = ?",
      )
      .run(JSON.stringify(result), new Date().toISOString(), key.runId, key.turn, key.callId);
  }

  /** The checkpoint holding the call's before-images (written by the door before the effect). */
  attachCheckpoint(key: StepKey, checkpointId: number): void {
    this.#set(key, 'checkpoint_id', checkpointId);
  }

  /** The approval the call waits on: a retry after a restart waits on that one, not a new one. */
  attachApproval(key: StepKey, approvalId: string): void {
    this.#set(key, 'approval_id', approvalId);
  }

  /** The run waiting on this approval, with the step, if any (a decision after a restart resumes it). */
  stepOfApproval(approvalId: string): StepKey | undefined {
    const row = this.db
      .prepare("SELECT run_id, turn, call_id FROM run_steps WHERE approval_id = ? AND status = 'intent'")
      .get(approvalId) as { run_id: string; turn: number; call_id: string } | undefined;
    return row ? { runId: row.run_id, turn: row.turn, callId: row.call_id } : undefined;
  }

  #set(key: StepKey, column: 'checkpoint_id' | 'approval_id', value: number | string): void {
    this.db
      .prepare(`UPDATE run_steps SET ${column} = ? WHERE run_id = ? AND turn = ? AND call_id = ?`)
      .run(value, key.runId, key.turn, key.callId);
  }
}
