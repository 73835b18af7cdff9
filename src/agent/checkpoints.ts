/**
 * Checkpoints: after every tool result that changed files, the before- and after-image of each
 * changed file (content in the blob store, in Cowork's data folder — never in the person's folder or
 * their .git). Undo puts one step back; revert puts a whole run back; both refuse, with a diff, when
 * a file was changed outside Cowork since, unless forced.
 */
import { createTwoFilesPatch } from 'diff';
import { CoworkError } from '../contracts/index.js';
import type { CheckpointSink, Enclave, FileImage } from '../enclave/index.js';
import { type BlobStore, type Database, sha256 } from '../store/index.js';

/** Per session; past it, changes are still made but no longer checkpointed, and the person is told. */
export const DEFAULT_CHECKPOINT_CAP_BYTES = 500 * 1024 * 1024;

type StoredImage =
  | { kind: 'absent' }
  | { kind: 'file'; blob: string; mode: number; size: number }
  | { kind: 'dir' }
  | { kind: 'too-large'; size: number };

interface StoredChange {
  path: string;
  before: StoredImage;
  after: StoredImage;
  trashPath?: string;
}

export interface CheckpointInfo {
  id: number;
  runId: string;
  callId: string;
  action: string;
  messageCount: number;
  paths: string[];
  undone: boolean;
  createdAt: string;
}

export class CheckpointStore {
  constructor(
    private readonly db: Database,
    private readonly blobs: BlobStore,
    private readonly enclave: Enclave,
    private readonly capBytes = DEFAULT_CHECKPOINT_CAP_BYTES,
  ) {}

  /** A sink for one run: the door calls it after each successful change. */
  sinkFor(
    runId: string,
    sessionId: string,
    messageCount: () => number,
    onCapReached: (message: string) => void,
  ): CheckpointSink {
    return {
      record: ({ callId, action, changes }) => {
        const bytes = changes.reduce((n, c) => n + sizeOf(c.before) + sizeOf(c.after), 0);
        const used = (
          this.db
            .prepare('SELECT COALESCE(SUM(bytes), 0) AS used FROM checkpoints WHERE session_id = ?')
            .get(sessionId) as { used: number }
        ).used;
        if (used + bytes > this.capBytes) {
          onCapReached(
            `Checkpoint space for this session is full (${Math.round(this.capBytes / 1048576)} MB): this change cannot be undone.`,
          );
          return;
        }
        const stored: StoredChange[] = changes.map((c) => ({
          path: c.path,
          before: this.#store(c.before),
          after: this.#store(c.after),
          ...(c.trashPath ? { trashPath: c.trashPath } : {}),
        }));
        this.db
          .prepare(
            'INSERT INTO checkpoints (run_id, session_id, call_id, action, message_count, changes, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            runId,
            sessionId,
            callId,
            action,
            messageCount(),
            JSON.stringify(stored),
            bytes,
            new Date().toISOString(),
          );
      },
    };
  }

  list(runId: string): CheckpointInfo[] {
    const rows = this.db
      .prepare('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY id')
      .all(runId) as Row[];
    return rows.map(toInfo);
  }

  get(id: number): (CheckpointInfo & { changes: StoredChange[] }) | undefined {
    const row = this.db.prepare('SELECT * FROM checkpoints WHERE id = ?').get(id) as Row | undefined;
    return row ? { ...toInfo(row), changes: JSON.parse(row.changes) as StoredChange[] } : undefined;
  }

  /** Undoes one step: every file it changed goes back to its before-image. */
  undo(id: number, force = false): CheckpointInfo {
    const cp = this.get(id);
    if (!cp) throw new CoworkError('RESOURCE_NOT_FOUND', `No checkpoint ${id}.`);
    if (cp.undone) throw new CoworkError('CONFLICT', `Checkpoint ${id} was already undone.`);
    if (!force) this.#refuseIfChangedOutside(cp.changes);
    for (const change of [...cp.changes].reverse()) {
      this.enclave.restoreImage(change.path, this.#load(change.before), change.trashPath);
    }
    this.db.prepare('UPDATE checkpoints SET undone = 1 WHERE id = ?').run(id);
    return { ...toInfo({ ...(this.db.prepare('SELECT * FROM checkpoints WHERE id = ?').get(id) as Row) }) };
  }

  /** Reverts a whole run: its steps are undone newest first. All are checked before any is undone. */
  revertRun(runId: string, force = false): CheckpointInfo[] {
    const steps = this.list(runId)
      .filter((c) => !c.undone)
      .reverse();
    if (!force) {
      // Later steps' after-images are what the files must look like now; compare only the newest change per path.
      const newest = new Map<string, StoredChange>();
      for (const step of steps)
        for (const change of this.get(step.id)!.changes)
          if (!newest.has(change.path)) newest.set(change.path, change);
      this.#refuseIfChangedOutside([...newest.values()]);
    }
    return steps.map((s) => this.undo(s.id, true));
  }

  #refuseIfChangedOutside(changes: StoredChange[]): void {
    for (const change of changes) {
      const now = this.enclave.currentImage(change.path);
      if (sameImage(change.after, now)) continue;
      const expected = change.after.kind === 'file' ? this.blobs.get(change.after.blob).toString('utf8') : '';
      const actual = now.kind === 'file' ? now.data.toString('utf8') : '';
      const diff = createTwoFilesPatch(
        `${change.path} (as Cowork left it)`,
        `${change.path} (now)`,
        expected,
        actual,
      );
      throw new CoworkError(
        'CONFLICT',
        `${change.path} was changed outside Cowork since; undo with force to overwrite.`,
        { path: change.path, diff },
      );
    }
  }

  #store(image: FileImage): StoredImage {
    if (image.kind === 'file')
      return { kind: 'file', blob: this.blobs.put(image.data), mode: image.mode, size: image.data.length };
    return image;
  }

  #load(image: StoredImage): FileImage {
    if (image.kind === 'file') return { kind: 'file', data: this.blobs.get(image.blob), mode: image.mode };
    return image;
  }
}

interface Row {
  id: number;
  run_id: string;
  call_id: string;
  action: string;
  message_count: number;
  changes: string;
  undone: number;
  created_at: string;
}

function toInfo(r: Row): CheckpointInfo {
  return {
    id: r.id,
    runId: r.run_id,
    callId: r.call_id,
    action: r.action,
    messageCount: r.message_count,
    paths: (JSON.parse(r.changes) as StoredChange[]).map((c) => c.path),
    undone: r.undone === 1,
    createdAt: r.created_at,
  };
}

function sizeOf(image: FileImage): number {
  return image.kind === 'file' ? image.data.length : 0;
}

function sameImage(stored: StoredImage, now: FileImage): boolean {
  if (stored.kind !== now.kind) return false;
  if (stored.kind === 'file' && now.kind === 'file') {
    return stored.size === now.data.length && stored.blob === hashOf(now.data);
  }
  return true;
}

function hashOf(data: Buffer): string {
  return sha256(data);
}
