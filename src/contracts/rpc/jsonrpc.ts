import * as z from 'zod/mini';
import { ErrorCode } from '../errors.js';
import { maxStr, str } from './common.js';

/** JSON-RPC 2.0 over the `/api/ws` WebSocket: the envelope every method travels in. */
export const JsonRpcId = z.union([maxStr(200), z.int(), z.null()]);
export type JsonRpcId = z.infer<typeof JsonRpcId>;

export const JsonRpcRequest = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.optional(JsonRpcId),
  method: str(1, 200),
  params: z.optional(z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())])),
});
export type JsonRpcRequest = z.infer<typeof JsonRpcRequest>;

/** Standard JSON-RPC codes; `data.code` carries Cowork's stable ErrorCode. */
export const JsonRpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** Application errors (permission, conflict, …): see `data.code`. */
  applicationError: -32000,
} as const;

export const JsonRpcErrorObject = z.object({
  code: z.int(),
  message: z.string(),
  data: z.object({ code: ErrorCode, details: z.optional(z.record(z.string(), z.unknown())) }),
});

export const JsonRpcSuccess = z.object({ jsonrpc: z.literal('2.0'), id: JsonRpcId, result: z.unknown() });
export const JsonRpcFailure = z.object({
  jsonrpc: z.literal('2.0'),
  id: JsonRpcId,
  error: JsonRpcErrorObject,
});
export const JsonRpcResponse = z.union([JsonRpcSuccess, JsonRpcFailure]);
export type JsonRpcResponse = z.infer<typeof JsonRpcResponse>;

export const JsonRpcNotification = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: z.record(z.string(), z.unknown()),
});
