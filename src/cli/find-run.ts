import { CoworkError, type RunInfo } from '../contracts/index.js';
import type { RpcCall } from './rpc.js';

/** The run `typed` names: its id, or the start of exactly one run's id. */
export function findRun(call: RpcCall, typed: string): Promise<RunInfo> {
  return findByIdStart(typed, {
    noun: ['run', 'runs'],
    list: 'cowork runs list',
    get: (runId) => call('runs.get', { runId }),
    ids: async () => (await call('runs.list', {})).runs.map((r) => r.id),
  });
}

/**
 * What `typed` names: the thing with that id, or else the one whose id starts with it —
 * RESOURCE_NOT_FOUND for none, INVALID_ARGUMENTS when it starts several.
 */
export async function findByIdStart<T>(
  typed: string,
  how: {
    noun: [one: string, many: string];
    list: string;
    get: (id: string) => Promise<T>;
    ids: () => Promise<string[]>;
  },
): Promise<T> {
  try {
    return await how.get(typed);
  } catch (err) {
    if (!(err instanceof CoworkError) || err.code !== 'RESOURCE_NOT_FOUND') throw err;
  }
  const matches = (await how.ids()).filter((id) => id.startsWith(typed));
  if (matches.length === 1) return how.get(matches[0]!);
  const [one, many] = how.noun;
  throw new CoworkError(
    matches.length === 0 ? 'RESOURCE_NOT_FOUND' : 'INVALID_ARGUMENTS',
    matches.length === 0
      ? `No ${one} ${typed} (${how.list} shows them).`
      : `${typed} starts ${matches.length} ${many}' ids: type more of it.`,
  );
}
