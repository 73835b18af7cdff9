/**
 * Per-path write leases. The door holds one for every real path an effect may change, from just
 * before the broker reads the file to after its atomic write and the checkpoint's after-image —
 * never across an approval — so two writers of one file (two workers of a workforce) take turns in
 * the order they reached the effect, and neither's change is lost, nor recorded against the wrong
 * before-image. Readers never take one. In-process only: one daemon owns a data folder.
 */
import { CoworkError } from '../contracts/index.js';

export class PathLeases {
  /** Per path, the promise the next comer waits on: settled when the newest holder lets go. */
  readonly #tails = new Map<string, Promise<void>>();

  /**
   * Runs `fn` holding the lease of every path, taken in sorted order so two moves over the same
   * pair cannot deadlock; released however `fn` ends. `waitedMs` is how long others held them
   * (0 when nobody did). Aborted while waiting: CANCELLED, and the queue moves on without it.
   */
  async hold<T>(
    paths: readonly string[],
    fn: (waitedMs: number) => T | Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const started = performance.now();
    const releases: (() => void)[] = [];
    let contended = false;
    try {
      for (const path of [...new Set(paths)].sort()) {
        const lease = this.#take(path);
        releases.push(lease.release);
        if (lease.turn) {
          contended = true;
          await untilTurn(lease.turn, signal);
        }
      }
      return await fn(contended ? performance.now() - started : 0);
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  /** Paths someone holds or waits for (for tests and diagnostics). */
  get held(): number {
    return this.#tails.size;
  }

  /** Joins the path's queue: `turn` settles when the one before lets go (none: the path is free). */
  #take(path: string): { turn: Promise<void> | undefined; release: () => void } {
    const turn = this.#tails.get(path);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Whoever comes next waits for this holder and, through it, for everyone before it.
    const done = turn ? turn.then(() => mine) : mine;
    this.#tails.set(path, done);
    return {
      turn,
      release: () => {
        release();
        if (this.#tails.get(path) === done) this.#tails.delete(path);
      },
    };
  }
}

function untilTurn(turn: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return turn;
  return new Promise((resolve, reject) => {
    const onAbort = () =>
      reject(new CoworkError('CANCELLED', 'Cancelled while waiting for another write of the same file.'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void turn.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
