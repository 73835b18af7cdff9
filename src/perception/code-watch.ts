/**
 * Keeps open code indexes fresh: each indexed folder is watched through the enclave (as the system
 * actor, so only changes to files the policy lets Cowork read are reported, `.gitignore` honoured,
 * and the watch ends when the folder's grant goes), and the changed paths are handed on to be
 * re-indexed — one folder's changes one batch after another, a failure reported, never thrown.
 */
import { resolve } from 'node:path';
import {
  type CallContext,
  type Enclave,
  type FolderChange,
  type FolderWatch,
  isWithin,
} from '../enclave/index.js';

const SYSTEM: CallContext = { actor: 'system', sessionId: null, runId: null, wait: false };

/** Brings a folder's index up to date with these changed paths (resolves once queryable). */
export type ApplyChanges = (paths: string[]) => Promise<void>;

export interface FolderWatching {
  /** Starts watching `folder` (once; again after a watch that failed or ended); resolves once it watches. */
  watch(folder: string, apply: ApplyChanges): Promise<void>;
  close(): Promise<void>;
}

/** The paths a batch of changes touches: both ends of a rename, a folder as itself (its files follow). */
export function changedPaths(changes: FolderChange[]): string[] {
  const paths = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'rename') paths.add(c.from);
    paths.add(c.path);
  }
  return [...paths];
}

export class CodeWatch implements FolderWatching {
  readonly #watches = new Map<string, Promise<FolderWatch | undefined>>();
  readonly #applying = new Map<string, Promise<void>>();
  #closed = false;

  constructor(
    private readonly enclave: Enclave,
    /** A watch that could not start, or a batch of changes that could not be applied. */
    private readonly onError: (folder: string, err: Error) => void = () => {},
  ) {}

  async watch(folder: string, apply: ApplyChanges): Promise<void> {
    const key = resolve(folder);
    // A watch ends itself when its grant goes; forgotten here, so a grant given again watches anew.
    if (!this.enclave.grants.list().some((g) => isWithin(key, g.path))) await this.#forget(key);
    let watch = this.#watches.get(key);
    if (!watch && !this.#closed) {
      watch = this.enclave
        .watch(
          key,
          SYSTEM,
          (changes) => this.#changed(key, changedPaths(changes), apply),
          (err) => this.onError(key, err),
        )
        .catch((err: Error) => {
          // Not granted (any more), or gone: nothing is watched; the next open tries again.
          this.#watches.delete(key);
          this.onError(key, err);
          return undefined;
        });
      this.#watches.set(key, watch);
    }
    await watch;
  }

  /** Resolves when the changes reported so far are in the index. */
  async settled(): Promise<void> {
    await Promise.all(this.#applying.values());
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#watches.values()].map(async (w) => (await w)?.stop()));
    this.#watches.clear();
    await this.settled();
  }

  async #forget(folder: string): Promise<void> {
    const watch = this.#watches.get(folder);
    this.#watches.delete(folder);
    await (await watch)?.stop();
  }

  #changed(folder: string, paths: string[], apply: ApplyChanges): void {
    if (this.#closed || paths.length === 0) return;
    const next = (this.#applying.get(folder) ?? Promise.resolve())
      .then(() => apply(paths))
      .catch((err: Error) => this.onError(folder, err));
    this.#applying.set(folder, next);
  }
}
