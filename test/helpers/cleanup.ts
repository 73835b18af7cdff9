/**
 * Cleanups of what tests and benchmarks make (temp folders, daemons, servers), registered where
 * they are made and run when their scope ends. No vitest here: the bench imports this too. Under
 * vitest, `vitest-cleanup.ts` (a setup file) makes the scope the running test, else the test file;
 * elsewhere (the bench) cleanups wait for `runLeftoverCleanups()`, and each owner also offers its
 * own explicit cleanup.
 */
export type Cleanup = () => void | Promise<void>;

/** Cleanups run last-registered first (what was made last may depend on what came before). */
export class CleanupStack {
  #cleanups: Cleanup[] = [];

  add(cleanup: Cleanup): void {
    this.#cleanups.push(cleanup);
  }

  /** Runs every cleanup even when some fail; then throws the first failure. */
  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (let cleanup = this.#cleanups.pop(); cleanup; cleanup = this.#cleanups.pop()) {
      try {
        await cleanup();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'cleanups failed');
  }
}

const leftovers = new CleanupStack();
let register: (cleanup: Cleanup) => void = (cleanup) => leftovers.add(cleanup);

/** Registers `cleanup` with the current scope. */
export function onCleanup(cleanup: Cleanup): void {
  register(cleanup);
}

/** Decides where `onCleanup` puts cleanups from now on (the vitest setup file calls this). */
export function setCleanupScope(scope: (cleanup: Cleanup) => void): void {
  register = scope;
}

/** Outside vitest: runs whatever was registered and not cleaned up yet (the bench, at its end). */
export function runLeftoverCleanups(): Promise<void> {
  return leftovers.run();
}

/** Wraps `fn` so that it runs once however often it is called (explicitly, and by its scope). */
export function once<T>(fn: () => T): () => T {
  let ran = false;
  let result: T;
  return () => {
    if (!ran) {
      ran = true;
      result = fn();
    }
    return result;
  };
}
