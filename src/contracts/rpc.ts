import { z } from 'zod';
import { AuditEnvelope } from './audit.js';
import { ErrorCode } from './errors.js';
import { EventType, LogEvent } from './events.js';
import { PolicyDecision } from './policy.js';
import { ApprovalDecision, ApprovalRequest } from './session.js';
import { ToolResult } from './tool.js';

/** JSON-RPC 2.0 over the `/api/ws` WebSocket. */
export const JsonRpcId = z.union([z.string().max(200), z.number().int(), z.null()]);
export type JsonRpcId = z.infer<typeof JsonRpcId>;

export const JsonRpcRequest = z.object({
  jsonrpc: z.literal('2.0'),
  id: JsonRpcId.optional(),
  method: z.string().min(1).max(200),
  params: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
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
  code: z.number().int(),
  message: z.string(),
  data: z.object({ code: ErrorCode, details: z.record(z.string(), z.unknown()).optional() }),
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

// ---- methods -------------------------------------------------------------------------------

const Empty = z.object({}).strict();

export const SystemPingParams = Empty;
export const SystemPingResult = z.object({ pong: z.literal(true) });

export const SystemInfoParams = Empty;
export const SystemInfoResult = z.object({
  version: z.string(),
  pid: z.number().int(),
  uptimeMs: z.number(),
  headSequence: z.number().int().nonnegative(),
});

export const EventsSubscribeParams = z
  .object({
    /** Deliver every event with a sequence greater than this (0 = from the beginning). */
    after: z.number().int().nonnegative(),
    /** Optional filter: only event types starting with one of these prefixes. */
    types: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .strict();
export const EventsSubscribeResult = z.object({
  subscriptionId: z.string(),
  /** Head of the log when the subscription started; everything up to it is replayed first. */
  head: z.number().int().nonnegative(),
});

export const EventsUnsubscribeParams = z.object({ subscriptionId: z.string() }).strict();
export const EventsUnsubscribeResult = z.object({ unsubscribed: z.boolean() });

/** Clients may publish only `client.*` events: server-owned event types cannot be forged. */
export const EventsPublishParams = z
  .object({
    type: EventType.refine((t) => t.startsWith('client.'), 'clients may only publish "client.*" events'),
    sessionId: z.string().max(200).nullable().optional(),
    payload: z.unknown(),
  })
  .strict();
export const EventsPublishResult = z.object({ sequence: z.number().int().positive() });

/** Server → client notification carrying one event of a subscription. */
export const EventsEventNotification = z.object({ subscriptionId: z.string(), event: LogEvent });

// ---- enclave ------------------------------------------------------------------------------------

export const PolicyCheckParams = z
  .object({
    action: z.string().min(1).max(100),
    path: z.string().max(4096).optional(),
    argv: z.array(z.string().max(65536)).max(4096).optional(),
    host: z.string().max(300).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    cwd: z.string().max(4096).optional(),
  })
  .strict();

export const PolicyGetResult = z.object({
  /** The policy file's text (YAML or JSON), or null when only the built-in rules apply. */
  text: z.string().nullable(),
  policyHash: z.string(),
  version: z.number().int(),
  ruleCount: z.number().int(),
});
export const PolicySetParams = z
  .object({
    text: z
      .string()
      .min(1)
      .max(1024 * 1024),
  })
  .strict();

export const GrantInfo = z.object({ path: z.string(), mode: z.enum(['ro', 'rw']) });
export const GrantsListResult = z.object({ grants: z.array(GrantInfo) });
export const GrantsAddParams = z
  .object({ path: z.string().min(1).max(4096), mode: z.enum(['ro', 'rw']) })
  .strict();
export const GrantsRemoveParams = z.object({ path: z.string().min(1).max(4096) }).strict();
export const GrantsRemoveResult = z.object({ removed: z.boolean() });

export const AuditReadParams = z
  .object({
    after: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(5000).default(1000),
  })
  .strict();
export const AuditReadResult = z.object({ entries: z.array(AuditEnvelope) });

export const ToolsCallParams = z
  .object({
    name: z.string().min(1).max(200),
    arguments: z.record(z.string(), z.unknown()),
    cwd: z.string().max(4096).optional(),
    sessionId: z.string().max(200).nullable().optional(),
    /** false: return PERMISSION_ESCALATION_REQUIRED instead of waiting for an approval. */
    wait: z.boolean().default(true),
    approvalId: z.string().max(200).optional(),
  })
  .strict();

export const ApprovalsListResult = z.object({ approvals: z.array(ApprovalRequest) });
export const ApprovalsDecideParams = z
  .object({
    id: z.string().min(1).max(200),
    status: z.enum(['approved', 'rejected']),
    scope: z.enum(['once', 'session']).default('once'),
    reason: z.string().max(2000).optional(),
  })
  .strict();

export const rpcMethods = {
  'system.ping': { params: SystemPingParams, result: SystemPingResult },
  'system.info': { params: SystemInfoParams, result: SystemInfoResult },
  'events.subscribe': { params: EventsSubscribeParams, result: EventsSubscribeResult },
  'events.unsubscribe': { params: EventsUnsubscribeParams, result: EventsUnsubscribeResult },
  'events.publish': { params: EventsPublishParams, result: EventsPublishResult },
  'policy.check': { params: PolicyCheckParams, result: PolicyDecision },
  'policy.reload': { params: Empty, result: z.object({ policyHash: z.string() }) },
  'policy.get': { params: Empty, result: PolicyGetResult },
  'policy.set': { params: PolicySetParams, result: z.object({ policyHash: z.string() }) },
  'grants.list': { params: Empty, result: GrantsListResult },
  'grants.add': { params: GrantsAddParams, result: GrantInfo },
  'grants.remove': { params: GrantsRemoveParams, result: GrantsRemoveResult },
  'audit.read': { params: AuditReadParams, result: AuditReadResult },
  'tools.call': { params: ToolsCallParams, result: ToolResult },
  'approvals.list': { params: Empty, result: ApprovalsListResult },
  'approvals.decide': { params: ApprovalsDecideParams, result: ApprovalDecision },
} as const;
export type RpcMethodName = keyof typeof rpcMethods;
export type RpcParams<M extends RpcMethodName> = z.infer<(typeof rpcMethods)[M]['params']>;
export type RpcResult<M extends RpcMethodName> = z.infer<(typeof rpcMethods)[M]['result']>;

export const rpcNotifications = {
  'events.event': EventsEventNotification,
} as const;
