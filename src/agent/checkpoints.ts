/**
 * Checkpoints: after every tool result that changed files, the before- and after-image of each
 * changed file (content in the blob store, in Cowork's data folder — never in the person's folder or
 * their .git). Undo puts one step back; revert puts a whole run back; redo puts an undone step's
 * change back again. Each refuses, with a diff, when a file was changed outside Cowork since, unless
 * forced. Each is safe to ask again after a kill midway: a file already where the step takes it
 * counts as done, so a retried undo or redo finishes the rest instead of refusing.
 */
import { createTwoFilesPatch, diffLines } from 'diff';
import { CoworkError } from '../contracts/index.js';
import type { CheckpointSink, Enclave, FileChange, FileImage } from '../enclave/index.js';
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
  /** `pending`: an intent's, the effect was about to run (see `reconcile`). */
  after: StoredImage | { kind: 'pending' };
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

/** What putting a file back would do to it: lines it gains and loses, and whether it appears or goes. */
export interface UndoChange {
  path: string;
  change: 'modify' | 'delete' | 'restore';
  added: number;
  removed: number;
}

export class CheckpointStore {
  constructor(
    private readonly db: Database,
    private readonly blobs: BlobStore,
    private readonly enclave: Enclave,
    private readonly capBytes = DEFAULT_CHECKPOINT_CAP_BYTES,
  ) {}

  /**
   * A sink for one run. The door hands it the before-images before the effect (`intent`: a row
   * whose after-images are still pending, so a kill right after the effect cannot lose the undo)
   * and the after-images once it is done (`record`). `onIntent` runs in the intent's transaction
   * (the run's journal points at the row).
   */
  sinkFor(
    runId: string,
    sessionId: string,
    messageCount: () => number,
    onCapReached: (message: string) => void,
    onIntent: (checkpointId: number) => void = () => {},
  ): CheckpointSink {
    const rows = new Map<string, number>();
    const fits = (bytes: number) => {
      const used = (
        this.db
          .prepare('SELECT COALESCE(SUM(bytes), 0) AS used FROM checkpoints WHERE session_id = ?')
          .get(sessionId) as { used: number }
      ).used;
      if (used + bytes <= this.capBytes) return true;
      onCapReached(
        `Checkpoint space for this session is full (${Math.round(this.capBytes / 1048576)} MB): this change cannot be undone.`,
      );
      return false;
    };
    const insert = (callId: string, action: string, stored: StoredChange[], bytes: number) =>
      Number(
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
          ).lastInsertRowid,
      );
    return {
      intent: ({ callId, action, before }) => {
        const bytes = before.reduce((n, c) => n + sizeOf(c.before), 0);
        if (!fits(bytes)) return;
        const stored: StoredChange[] = before.map((c) => ({
          path: c.path,
          before: this.#store(c.before),
          after: { kind: 'pending' as const },
        }));
        this.db.transaction(() => {
          const id = insert(callId, action, stored, bytes);
          rows.set(callId, id);
          onIntent(id);
        })();
      },
      record: ({ callId, action, changes, failed }) => {
        const row = rows.get(callId);
        rows.delete(callId);
        if (row !== undefined) return this.#settle(row, changes, failed === true);
        if (failed) return;
        const bytes = changes.reduce((n, c) => n + sizeOf(c.before) + sizeOf(c.after), 0);
        if (!fits(bytes)) return;
        insert(
          callId,
          action,
          changes.map((c) => this.#storeChange(c)),
          bytes,
        );
      },
    };
  }

  /**
   * A step whose after-images never came (the daemon was killed around the effect): the files
   * tell whether it happened. Every touched file still as it was before → it did not (the row goes,
   * the call may run); otherwise it did (the files as they are now become the after-images).
   * Writes are atomic (temp file + rename) and appends one write, so a file is either wholly before
   * or wholly after the effect; a change made outside Cowork meanwhile would count as "happened".
   */
  reconcile(id: number): 'applied' | 'not-applied' | 'settled' {
    const cp = this.get(id);
    if (!cp) return 'not-applied';
    if (cp.changes.every((c) => c.after.kind !== 'pending')) return 'settled';
    const changes = cp.changes.map((c) => ({
      path: c.path,
      before: this.#load(c.before),
      after: this.enclave.currentImage(c.path),
    }));
    const applied = changes.some((c) => !sameImage(this.#store(c.before), c.after));
    this.#settle(id, changes, !applied);
    return applied ? 'applied' : 'not-applied';
  }

  /** Fills in an intent row's after-images; a failed effect that changed nothing leaves nothing to undo. */
  #settle(id: number, changes: FileChange[], failed: boolean): void {
    const stored = changes.map((c) => this.#storeChange(c));
    if (failed && stored.every((c) => sameStored(c.before, c.after))) {
      this.db.prepare('DELETE FROM checkpoints WHERE id = ?').run(id);
      return;
    }
    const bytes = changes.reduce((n, c) => n + sizeOf(c.before) + sizeOf(c.after), 0);
    this.db
      .prepare('UPDATE checkpoints SET changes = ?, bytes = ? WHERE id = ?')
      .run(JSON.stringify(stored), bytes, id);
  }

  #storeChange(c: FileChange): StoredChange {
    return {
      path: c.path,
      before: this.#store(c.before),
      after: this.#store(c.after),
      ...(c.trashPath ? { trashPath: c.trashPath } : {}),
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
    const cp = this.#mustGet(id);
    if (cp.undone) throw new CoworkError('CONFLICT', `Checkpoint ${id} was already undone.`);
    if (!force) this.#refuseIfChangedOutside(cp.changes, 'after', 'before');
    for (const change of [...cp.changes].reverse()) {
      this.enclave.restoreImage(change.path, this.#load(change.before), change.trashPath);
    }
    return this.#markUndone(id, true);
  }

  /**
   * Redoes an undone step: every file it changed goes back to its after-image (in the order the
   * step made them). A folder the step deleted goes to the trash again, and the new place in the
   * trash is what a later undo restores from.
   */
  redo(id: number, force = false): CheckpointInfo {
    const cp = this.#mustGet(id);
    if (!cp.undone) throw new CoworkError('CONFLICT', `Checkpoint ${id} is not undone: nothing to redo.`);
    const unknown = cp.changes.find((c) => c.after.kind === 'pending' || c.after.kind === 'too-large');
    if (unknown)
      throw new CoworkError(
        'CONFLICT',
        `${unknown.path}: what the step left was not recorded; it cannot be redone.`,
      );
    if (!force) this.#refuseIfChangedOutside(cp.changes, 'before', 'after');
    const changes = cp.changes.map((change) => {
      const { trashPath } = this.enclave.restoreImage(change.path, this.#load(change.after as StoredImage));
      return trashPath ? { ...change, trashPath } : change;
    });
    return this.db.transaction(() => {
      this.db.prepare('UPDATE checkpoints SET changes = ? WHERE id = ?').run(JSON.stringify(changes), id);
      return this.#markUndone(id, false);
    })();
  }

  #mustGet(id: number): CheckpointInfo & { changes: StoredChange[] } {
    const cp = this.get(id);
    if (!cp) throw new CoworkError('RESOURCE_NOT_FOUND', `No checkpoint ${id}.`);
    return cp;
  }

  #markUndone(id: number, undone: boolean): CheckpointInfo {
    this.db.prepare('UPDATE checkpoints SET undone = ? WHERE id = ?').run(undone ? 1 : 0, id);
    return toInfo(this.db.prepare('SELECT * FROM checkpoints WHERE id = ?').get(id) as Row);
  }

  /** The steps a revert of the run undoes, newest first. */
  #revertSteps(runId: string): CheckpointInfo[] {
    return this.list(runId)
      .filter((c) => !c.undone)
      .reverse();
  }

  /**
   * What undoing these steps (newest first) would change in the files as they are now, asked before
   * the person confirms: each file goes back to its before-image in the oldest of the steps. With
   * `toward: 'after'` (a redo), each goes to the image the step left.
   */
  preview(steps: { id: number }[], toward: 'before' | 'after' = 'before'): UndoChange[] {
    const target = new Map<string, StoredImage>();
    for (const step of steps)
      for (const c of this.get(step.id)?.changes ?? []) {
        const image = c[toward];
        if (image.kind !== 'pending') target.set(c.path, image);
      }
    return [...target].map(([path, image]) =>
      undoChange(path, this.#load(image), this.enclave.currentImage(path)),
    );
  }

  /** What `redo(id)` would change. */
  previewRedo(id: number): UndoChange[] {
    const cp = this.#mustGet(id);
    return cp.undone ? this.preview([cp], 'after') : [];
  }

  /** What `undo(id)` would change. */
  previewUndo(id: number): UndoChange[] {
    const cp = this.#mustGet(id);
    return cp.undone ? [] : this.preview([cp]);
  }

  /** What `revertRun(runId)` would change. */
  previewRevert(runId: string): UndoChange[] {
    return this.preview(this.#revertSteps(runId));
  }

  /** Reverts a whole run: its steps are undone newest first. All are checked before any is undone. */
  revertRun(runId: string, force = false): CheckpointInfo[] {
    const steps = this.#revertSteps(runId);
    if (!force) {
      // Later steps' after-images are what the files must look like now; compare only the newest change per path.
      const newest = new Map<string, StoredChange>();
      for (const step of steps)
        for (const change of this.get(step.id)!.changes)
          if (!newest.has(change.path)) newest.set(change.path, change);
      this.#refuseIfChangedOutside([...newest.values()], 'after', 'before');
    }
    return steps.map((s) => this.undo(s.id, true));
  }

  /**
   * Refuses (with a diff) when a file is neither as the step's `expected` image says nor already at
   * the `target` one (a kill midway through an earlier try of the same undo or redo).
   */
  #refuseIfChangedOutside(
    changes: StoredChange[],
    expected: 'before' | 'after',
    target: 'before' | 'after',
  ): void {
    for (const change of changes) {
      const want = change[expected];
      // Cut off before its after-image was known: whatever is there is what the step left.
      if (want.kind === 'pending') continue;
      const now = this.enclave.currentImage(change.path);
      const goal = change[target];
      if (sameImage(want, now) || (goal.kind !== 'pending' && sameImage(goal, now))) continue;
      const diff = createTwoFilesPatch(
        `${change.path} (as Cowork left it)`,
        `${change.path} (now)`,
        textOf(this.#load(want)),
        textOf(now),
      );
      throw new CoworkError(
        'CONFLICT',
        `${change.path} was changed outside Cowork since; ${target === 'before' ? 'undo' : 'redo'} with force to overwrite.`,
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

function textOf(image: FileImage): string {
  return image.kind === 'file' ? image.data.toString('utf8') : '';
}

/** From `now` back to `before`: the lines the file gains and loses. */
function undoChange(path: string, before: FileImage, now: FileImage): UndoChange {
  const change = before.kind === 'absent' ? 'delete' : now.kind === 'absent' ? 'restore' : 'modify';
  let added = 0;
  let removed = 0;
  for (const part of diffLines(textOf(now), textOf(before))) {
    if (part.added) added += part.count ?? 0;
    else if (part.removed) removed += part.count ?? 0;
  }
  return { path, change, added, removed };
}

function sizeOf(image: FileImage): number {
  return image.kind === 'file' ? image.data.length : 0;
}

function sameStored(a: StoredImage, b: StoredChange['after']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
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
