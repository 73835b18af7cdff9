import { CoworkError, type WorkforceView } from '../../contracts/index.js';
import { findByIdStart } from '../find-run.js';
import type { RpcCall } from '../rpc.js';

/** The workforce `typed` names — its id, or the start of exactly one workforce's id — as it is now. */
export function findWorkforce(call: RpcCall, typed: string): Promise<WorkforceView> {
  return findByIdStart(typed, {
    noun: ['workforce', 'workforces'],
    list: 'cowork workforce list',
    get: (id) => call('workforce.show', { id }),
    ids: async () => (await call('workforce.list', {})).workforces.map((w) => w.id),
  });
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
