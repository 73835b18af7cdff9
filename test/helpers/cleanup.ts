/**
 * Cleanups of what tests and benchmarks make (temp folders, daemons, servers), registered where
 * they are made and run when their scope ends. No vitest here: the bench imports this too. Under
 * vitest, `vitest-cleanup.ts` (a setup file) makes the scope the running test, else the test file;
 * elsewhere the scope is everything since the last `runCleanups()` (the bench calls it after each
 * suite). Whatever owns a daemon or an enclave can also end it early with its own `cleanup()`.
 */
export type Cleanup = () => void | Promise<void>;

/** Cleanups run last-registered first (what was made last may depend on what came before). */
export class CleanupStack {
  #cleanups: Cleanup[] = [];

  readonly add = (cleanup: Cleanup): void => {
    this.#cleanups.push(cleanup);
  };

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

const pending = new CleanupStack();
let register: (cleanup: Cleanup) => void = pending.add;

/** Registers `cleanup` with the current scope. */
export function onCleanup(cleanup: Cleanup): void {
  register(cleanup);
}

/** Decides where `onCleanup` puts cleanups from now on (the vitest setup file calls this). */
export function setCleanupScope(scope: (cleanup: Cleanup) => void): void {
  register = scope;
}

/** Outside vitest: ends the scope, running what was registered since the last call. */
export function runCleanups(): Promise<void> {
  return pending.run();
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
