/**
 * The daemon's JSON-RPC API: one file per domain, each exporting its method map (method name →
 * params and result schemas, every one a named export). This index merges them; the router, the
 * typed clients and the generated JSON Schema all read `rpcMethods`.
 */
import type * as z from 'zod/mini';
import { dataMethods } from './data.js';
import { documentsMethods } from './documents.js';
import { enclaveMethods } from './enclave.js';
import { eventsMethods, eventsNotifications } from './events.js';
import { logsMethods, logsNotifications } from './logs.js';
import { mcpOfferMethods } from './mcp-offers.js';
import { memoryMethods } from './memory.js';
import { perceptionMethods } from './perception.js';
import { providersMethods } from './providers.js';
import { runsMethods } from './runs.js';
import { sessionsMethods } from './sessions.js';
import { systemMethods } from './system.js';
import { toolsMethods } from './tools.js';
import { workforceMethods } from './workforce.js';

export { Empty, type RpcMethod } from './common.js';
export * from './data.js';
export * from './documents.js';
export * from './enclave.js';
export * from './events.js';
export * from './jsonrpc.js';
export * from './logs.js';
export * from './mcp-offers.js';
export * from './memory.js';
export * from './perception.js';
export * from './providers.js';
export * from './runs.js';
export * from './sessions.js';
export * from './system.js';
export * from './tools.js';
export * from './workforce.js';

export const rpcMethods = {
  ...systemMethods,
  ...workforceMethods,
  ...perceptionMethods,
  ...eventsMethods,
  ...enclaveMethods,
  ...toolsMethods,
  ...mcpOfferMethods,
  ...memoryMethods,
  ...sessionsMethods,
  ...runsMethods,
  ...providersMethods,
  ...logsMethods,
  ...dataMethods,
  ...documentsMethods,
} as const;
export type RpcMethodName = keyof typeof rpcMethods;
/** What a client sends (defaults may be omitted). */
export type RpcParamsInput<M extends RpcMethodName> = z.input<(typeof rpcMethods)[M]['params']>;
/** What a handler receives (defaults applied). */
export type RpcParams<M extends RpcMethodName> = z.infer<(typeof rpcMethods)[M]['params']>;
export type RpcResult<M extends RpcMethodName> = z.infer<(typeof rpcMethods)[M]['result']>;

export const rpcNotifications = { ...eventsNotifications, ...logsNotifications } as const;
export type RpcNotificationName = keyof typeof rpcNotifications;
export type RpcNotification<N extends RpcNotificationName> = z.infer<(typeof rpcNotifications)[N]>;
