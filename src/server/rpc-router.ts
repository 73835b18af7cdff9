import {
  type ErrorCode,
  type ErrorInfo,
  issueList,
  issuesText,
  JsonRpcErrorCode,
  type JsonRpcId,
  JsonRpcRequest,
  type JsonRpcResponse,
  MAX_NESTING,
  nestedDeeperThan,
  type RpcMethodName,
  type RpcParams,
  type RpcResult,
  rpcMethods,
  toErrorInfo,
  tooDeepMessage,
} from '../contracts/index.js';

/** Per-frame scope: work to run once the frame's reply was queued (e.g. start a subscription's stream). */
export interface FrameScope {
  afterReply(fn: () => void): void;
  /** Work to run once the reply left for the client (e.g. stop the daemon after its last answer). */
  afterSent(fn: () => void): void;
}

/** Per-connection handlers; each gets validated params and returns a result matching the contract. */
export type RpcHandlers = {
  [M in RpcMethodName]: (params: RpcParams<M>, scope: FrameScope) => RpcResult<M> | Promise<RpcResult<M>>;
};

export const MAX_BATCH = 100;

const rpcCodeFor: Partial<Record<ErrorCode, number>> = {
  PARSE_ERROR: JsonRpcErrorCode.parseError,
  INVALID_REQUEST: JsonRpcErrorCode.invalidRequest,
  FRAME_TOO_LARGE: JsonRpcErrorCode.invalidRequest,
  METHOD_NOT_FOUND: JsonRpcErrorCode.methodNotFound,
  INVALID_ARGUMENTS: JsonRpcErrorCode.invalidParams,
  INTERNAL: JsonRpcErrorCode.internalError,
};

export function errorResponse(
  id: JsonRpcId,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): JsonRpcResponse {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: rpcCodeFor[code] ?? JsonRpcErrorCode.applicationError,
      message,
      data: details === undefined ? { code } : { code, details },
    },
  };
}

/**
 * Turns one text frame into zero or more responses. Never throws: every failure becomes a
 * JSON-RPC error with a stable Cowork code in `error.data.code` (`unexpected` names the code of a
 * thrown value that carries none).
 */
export async function handleFrame(
  text: string,
  handlers: RpcHandlers,
  scope: FrameScope,
  unexpected: (err: unknown) => ErrorInfo,
): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return errorResponse(null, 'PARSE_ERROR', 'Frame is not valid JSON.');
  }
  // Before anything walks it: every recursive walk past here would overflow on hostile depth.
  if (nestedDeeperThan(parsed, MAX_NESTING)) {
    return errorResponse(recoverId(parsed), 'INVALID_ARGUMENTS', tooDeepMessage('The frame'));
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return errorResponse(null, 'INVALID_REQUEST', 'Empty batch.');
    if (parsed.length > MAX_BATCH) {
      return errorResponse(null, 'INVALID_REQUEST', `Batch larger than ${MAX_BATCH} requests.`);
    }
    const replies = await Promise.all(parsed.map((item) => handleRequest(item, handlers, scope, unexpected)));
    const present = replies.filter((r): r is JsonRpcResponse => r !== undefined);
    return present.length > 0 ? present : undefined;
  }
  return handleRequest(parsed, handlers, scope, unexpected);
}

async function handleRequest(
  raw: unknown,
  handlers: RpcHandlers,
  scope: FrameScope,
  unexpected: (err: unknown) => ErrorInfo,
): Promise<JsonRpcResponse | undefined> {
  const request = JsonRpcRequest.safeParse(raw);
  if (!request.success) {
    return errorResponse(recoverId(raw), 'INVALID_REQUEST', 'Not a JSON-RPC 2.0 request.', {
      issues: issueList(request.error, 10),
    });
  }
  const { id, method, params } = request.data;
  // A request without an id is a notification: the spec says it gets no reply, not even an error.
  const reply = (response: JsonRpcResponse) => (id === undefined ? undefined : response);

  if (!Object.hasOwn(rpcMethods, method)) {
    return reply(errorResponse(id ?? null, 'METHOD_NOT_FOUND', `Unknown method "${method}".`));
  }
  const name = method as RpcMethodName;
  const parsedParams = rpcMethods[name].params.safeParse(params ?? {});
  if (!parsedParams.success) {
    return reply(
      errorResponse(
        id ?? null,
        'INVALID_ARGUMENTS',
        // The field and what is wrong with it, for a person reading one line (the CLI prints it).
        `Invalid params for "${method}": ${issuesText(parsedParams.error, 'params', 3)}.`,
        {
          issues: issueList(parsedParams.error, 10),
        },
      ),
    );
  }
  try {
    const handler = handlers[name] as (p: unknown, s: FrameScope) => unknown;
    const result = await handler(parsedParams.data, scope);
    return reply({ jsonrpc: '2.0', id: id ?? null, result });
  } catch (err) {
    // An error without a stable code is the connection's to name (a full disk) or a bug (INTERNAL).
    const { code, message, details } = toErrorInfo(err, unexpected);
    return reply(errorResponse(id ?? null, code, message, details));
  }
}

function recoverId(raw: unknown): JsonRpcId {
  if (raw && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'string' && id.length <= 200) return id;
    if (typeof id === 'number' && Number.isInteger(id)) return id;
  }
  return null;
}
