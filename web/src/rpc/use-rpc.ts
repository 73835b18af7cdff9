/**
 * The one way a page waits for the daemon, and the one rule for showing what went wrong: a failure
 * is shown once, where the person is looking.
 * - A form (`useRpc('form')`): the failure of its last submission is shown under it (`<FormError>`),
 *   until it next succeeds. The person is looking at what they typed, and fixes it there.
 * - Anything else (`useRpc()`: a page loading, a button acting at once): an error toast.
 */
import { useCallback, useMemo, useState } from 'react';
import { toast } from '../state/cowork';

export interface Rpc {
  /**
   * Waits for `call` (calls of the typed client `rpc`), then hands its result to `done`; a failure
   * is shown by the rule above and passed to `failed`. Never rejects.
   */
  run<T>(call: Promise<T>, done?: (result: T) => unknown, failed?: (err: Error) => void): Promise<void>;
  /** A form's last failure, shown under it (always null for `useRpc()`: toasts show those). */
  error: Error | null;
  /** A call is under way. */
  busy: boolean;
  /** Forgets the failure shown (the form was cancelled). */
  clear(): void;
}

export function useRpc(shows: 'toast' | 'form' = 'toast'): Rpc {
  const [error, setError] = useState<Error | null>(null);
  const [running, setRunning] = useState(0);
  const clear = useCallback(() => setError(null), []);
  const run = useCallback(
    async <T>(call: Promise<T>, done?: (result: T) => unknown, failed?: (err: Error) => void) => {
      setRunning((n) => n + 1);
      try {
        const result = await call;
        if (shows === 'form') setError(null);
        await done?.(result);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        if (shows === 'form') setError(e);
        else toast(e.message, 'error');
        failed?.(e);
      } finally {
        setRunning((n) => n - 1);
      }
    },
    [shows],
  );
  return useMemo(() => ({ run, error, busy: running > 0, clear }), [run, error, running, clear]);
}
