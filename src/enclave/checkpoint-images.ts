/**
 * Checkpoint images: a file's state before and after a change, and putting a path back into a
 * recorded state (undo, revert). Every touch of the person's files goes through the fs broker.
 */
import { existsSync, lstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { CoworkError } from '../contracts/index.js';
import * as fsBroker from './brokers/fs.js';
import { resolveSafePath } from './paths/resolve.js';
import type { FileImage } from './plan.js';
import { type Grant, grantFor } from './policy/evaluate.js';

/** Files larger than this are recorded by their size only, and cannot be put back. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export class CheckpointImages {
  constructor(
    private readonly grants: () => readonly Grant[],
    /** Cowork's trash (inside its data folder), where deleted folders wait to be put back. */
    private readonly trashDir: string,
    /** Called after every restore, for the audit. */
    private readonly onRestored: (path: string) => void,
  ) {}

  /** A file's current state (for checkpoints); files over 20 MB are recorded by size only. */
  current(path: string): FileImage {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      return { kind: 'absent' };
    }
    if (stat.isDirectory()) return { kind: 'dir' };
    if (!stat.isFile()) return { kind: 'absent' };
    if (stat.size > MAX_IMAGE_BYTES) return { kind: 'too-large', size: stat.size };
    const { data } = fsBroker.readFile(this.#resolve(path), { maxBytes: MAX_IMAGE_BYTES });
    return { kind: 'file', data, mode: stat.mode & 0o7777 };
  }

  /**
   * Puts a path back into a recorded state. The person asked for it, so it is not put to policy
   * again, but it must still lie inside a read-write grant, and it is audited. What it moved to
   * Cowork's trash (a folder put back to absent) is said, so it can be put back in turn.
   */
  restore(path: string, image: FileImage, trashPath?: string): { trashPath?: string } {
    if (grantFor(path, this.grants())?.mode !== 'rw')
      throw new CoworkError(
        'PERMISSION_DENIED',
        // A run's grant for that run only ended with it: say what to do, not only what is wrong.
        `${path} is not inside a read-write grant (now): grant its folder read-write to put it back.`,
      );
    const target = this.#resolve(path);
    const now = this.current(path);
    if (image.kind === 'too-large')
      throw new CoworkError('CONFLICT', `${path} was too large to checkpoint; it cannot be restored.`);
    let moved: { trashPath?: string } = {};
    if (image.kind === 'absent') {
      if (now.kind !== 'absent') moved = fsBroker.moveToTrash(target, this.trashDir);
    } else if (image.kind === 'file') {
      if (now.kind === 'dir') throw new CoworkError('CONFLICT', `${path} is now a folder.`);
      fsBroker.makeDirectory(this.#resolve(dirname(target.real)), existingAncestor(target.real));
      fsBroker.writeFile(this.#resolve(path), image.data, image.mode);
    } else if (now.kind === 'absent') {
      if (trashPath && existsSync(trashPath) && trashPath.startsWith(this.trashDir)) {
        fsBroker.restoreFromTrash(trashPath, target);
      } else {
        fsBroker.makeDirectory(target, existingAncestor(target.real));
      }
    }
    this.onRestored(path);
    return moved;
  }

  #resolve(path: string) {
    return resolveSafePath(path, '/', this.grants());
  }
}

/** The nearest folder above `path` that exists (where creating the missing ones starts). */
function existingAncestor(path: string): string {
  let ancestor = dirname(path);
  while (!existsSync(ancestor)) ancestor = dirname(ancestor);
  return ancestor;
}
