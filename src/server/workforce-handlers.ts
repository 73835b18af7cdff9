import type { Enclave } from '../enclave/index.js';
import type { Workforces } from '../workforce/index.js';
import type { RpcHandlers } from './rpc-router.js';
import { requireGranted } from './run-grants.js';

type WorkforceMethods = Extract<keyof RpcHandlers, `workforce.${string}`>;

/** JSON-RPC methods for workforces: runs, views of them, and the person's requests (queued). */
export function workforceHandlers(
  workforces: Workforces,
  enclave: Enclave,
): Pick<RpcHandlers, WorkforceMethods> {
  return {
    'workforce.run': (params) => {
      // Its workers run in its folder: granted as for any run.
      requireGranted(enclave, params.folder);
      return workforces.run(params);
    },
    'workforce.list': () => ({ workforces: workforces.list() }),
    'workforce.show': ({ id }) => workforces.show(id),
    'workforce.log': ({ id, after }) => ({ entries: workforces.log(id, after) }),
    'workforce.replay': ({ id }) => workforces.replay(id),
    'workforce.pause': ({ id }) => workforces.request(id, 'pause', null),
    'workforce.resume': ({ id }) => workforces.request(id, 'resume', null),
    'workforce.stop': ({ id }) => workforces.request(id, 'stop', null),
    'workforce.setBudget': ({ id, budget }) => workforces.request(id, 'setBudget', null, { budget }),
    'workforce.message': ({ id, text }) => workforces.request(id, 'message', null, { text }),
    'workforce.cancelTask': ({ id, task }) => workforces.request(id, 'cancelTask', task),
    'workforce.retryTask': ({ id, task }) => workforces.request(id, 'retryTask', task),
    'workforce.skipTask': ({ id, task }) => workforces.request(id, 'skipTask', task),
    'workforce.editTask': ({ id, task, changes }) => workforces.request(id, 'editTask', task, { changes }),
    'workforce.addTask': ({ id, task }) => workforces.request(id, 'addTask', task.id, { task }),
  };
}
