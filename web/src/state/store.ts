import { useSyncExternalStore } from 'react';

/** A tiny observable value: the UI's state lives in a few of these, read with `useStore`. */
export class Store<T> {
  #value: T;
  readonly #listeners = new Set<() => void>();

  constructor(initial: T) {
    this.#value = initial;
  }

  get(): T {
    return this.#value;
  }

  set(next: T | ((prev: T) => T)): void {
    this.#value = typeof next === 'function' ? (next as (p: T) => T)(this.#value) : next;
    for (const l of this.#listeners) l();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  };
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, () => store.get());
}
