import { CoworkError, type WorkforceView } from '../../contracts/index.js';
import type { RpcCall } from '../rpc.js';

/** The workforce `typed` names — its id, or the start of exactly one workforce's id — as it is now. */
export async function findWorkforce(call: RpcCall, typed: string): Promise<WorkforceView> {
  try {
    return await call('workforce.show', { id: typed });
  } catch (err) {
    if (!(err instanceof CoworkError) || err.code !== 'RESOURCE_NOT_FOUND') throw err;
  }
  const matches = (await call('workforce.list', {})).workforces.filter((w) => w.id.startsWith(typed));
  if (matches.length === 1) return call('workforce.show', { id: matches[0]!.id });
  throw new CoworkError(
    matches.length === 0 ? 'RESOURCE_NOT_FOUND' : 'INVALID_ARGUMENTS',
    matches.length === 0
      ? `No workforce ${typed} (cowork workforce list shows them).`
      : `${typed} starts ${matches.length} workforces' ids: type more of it.`,
  );
}

/** The task `typed` names in the workforce, or INVALID_ARGUMENTS listing the ones it has. */
export function findTask(view: WorkforceView, typed: string): string {
  if (view.tasks.some((t) => t.spec.id === typed)) return typed;
  const ids = view.tasks.map((t) => t.spec.id);
  throw new CoworkError(
    'INVALID_ARGUMENTS',
    `No task ${typed} in workforce ${view.workforce.id}${ids.length ? ` (its tasks: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ', …' : ''})` : ''}.`,
  );
}
