import { join } from 'node:path';
import type { RpcCall } from '../../src/contracts/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

/** The repository's scenarios. */
export const SCENARIOS = join(import.meta.dirname, '..', '..', 'gym', 'scenarios');

/** The test client as the gym's RPC call (results checked against their contracts). */
export const callOf =
  (c: RpcClient): RpcCall =>
  (method, ...params) =>
    c.result(method, ...params);
