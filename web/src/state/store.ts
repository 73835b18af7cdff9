import { useSyncExternalStore } from 'react';

/**
 * A tiny observable value: the UI's state lives in a few of these, read with `useStore`.
 * A store fed by a stream (`notify: 'frame'`) tells its readers at most once per frame: a burst of
 * events (a session's history on load) renders once, not once per event. Its value is always
 * current for `get()`. Stores behind form fields notify at once, so typing never lags its field.
 */
export class Store<T> {
  #value: T;
  readonly #listeners = new Set<() => void>();
  readonly #perFrame: boolean;
  #pending = false;

  constructor(initial: T, opts: { notify?: 'now' | 'frame' } = {}) {
    this.#value = initial;
    this.#perFrame = opts.notify === 'frame';
  }

  get(): T {
    return this.#value;
  }

  set(next: T | ((prev: T) => T)): void {
    this.#value = typeof next === 'function' ? (next as (p: T) => T)(this.#value) : next;
    if (!this.#perFrame) {
      this.#notify();
      return;
    }
    if (this.#pending) return;
    this.#pending = true;
    // The frame, or a short timer where frames do not come (a hidden tab): whichever is first.
    const flush = () => {
      if (!this.#pending) return;
      this.#pending = false;
      this.#notify();
    };
    requestAnimationFrame(flush);
    setTimeout(flush, 50);
  }

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  };

  #notify(): void {
    for (const l of this.#listeners) l();
  }
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, () => store.get());
}
