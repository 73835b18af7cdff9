import { CoworkError, type RunInfo } from '../contracts/index.js';
import type { RpcCall } from './rpc.js';

/** The run `typed` names: its id, or the start of exactly one run's id. */
export async function findRun(call: RpcCall, typed: string): Promise<RunInfo> {
  try {
    return await call('runs.get', { runId: typed });
  } catch (err) {
    if (!(err instanceof CoworkError) || err.code !== 'RESOURCE_NOT_FOUND') throw err;
  }
  const matches = (await call('runs.list', {})).runs.filter((r) => r.id.startsWith(typed));
  if (matches.length === 1) return call('runs.get', { runId: matches[0]!.id });
  throw new CoworkError(
    matches.length === 0 ? 'RESOURCE_NOT_FOUND' : 'INVALID_ARGUMENTS',
    matches.length === 0
      ? `No run ${typed} (cowork runs list shows them).`
      : `${typed} starts ${matches.length} runs' ids: type more of it.`,
  );
}
