import type { DataControl } from './data-control.js';
import type { RpcHandlers } from './rpc-router.js';

/** JSON-RPC methods for the data folder as a whole. `connection` is the asking client's socket. */
export function dataHandlers(
  data: DataControl,
  connection: unknown,
  requestStop: () => void,
): Pick<RpcHandlers, 'data.info' | 'data.deleteAll' | 'data.backups' | 'data.backup'> {
  return {
    'data.info': () => data.info(),
    'data.backups': () => data.backups(),
    'data.backup': () => data.backUpNow(),
    'data.deleteAll': async (_params, scope) => {
      try {
        return await data.deleteAll(connection);
      } finally {
        // Once deletion began the daemon stops, also when a step failed: its stores may be closed.
        if (data.stopping) scope.afterSent(requestStop);
      }
    },
  };
}
