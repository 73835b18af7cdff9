/**
 * Helpers for tools other modules provide in-process (memory search, terminals): their
 * description for models, and the tool results they answer with. The calls themselves still go
 * through `Enclave.perform` with a plan of their own.
 */
import * as z from 'zod/mini';
import {
  type ErrorInfo,
  issuesText,
  type PolicyAction,
  type RegisteredTool,
  type ToolResult,
} from '../contracts/index.js';

export function localToolSpec(input: {
  name: string;
  description: string;
  args: z.ZodMiniType;
  readOnly: boolean;
  policyAction: PolicyAction;
  scope: string;
}): RegisteredTool {
  // Computed when a model first needs it, not at daemon start (it is on the cold-start path).
  let inputSchema: Record<string, unknown> | undefined;
  return {
    id: `builtin:${input.name}`,
    source: 'builtin',
    spec: {
      name: input.name,
      description: input.description,
      get inputSchema() {
        if (!inputSchema) {
          const { $schema: _drop, ...schema } = z.toJSONSchema(input.args, { io: 'input' }) as Record<
            string,
            unknown
          >;
          inputSchema = schema;
        }
        return inputSchema;
      },
      annotations: {
        readOnly: input.readOnly,
        requiresConfirmation: !input.readOnly,
        policyAction: input.policyAction,
        requiredScopes: [input.scope],
        concurrency: input.readOnly ? 'parallel' : 'exclusive',
      },
    },
  };
}

/** Parses a local tool's arguments; a failure is the tool result the model reads. */
export function parseToolArgs<T>(
  callId: string,
  schema: z.ZodMiniType<T>,
  raw: unknown,
): { ok: true; args: T } | { ok: false; result: ToolResult } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, args: parsed.data };
  const message = issuesText(parsed.error, 'input');
  return { ok: false, result: toolFailure(callId, 'INVALID_ARGUMENTS', `Invalid arguments: ${message}`) };
}

export function toolText(callId: string, text: string): ToolResult {
  return {
    callId,
    success: true,
    content: [{ type: 'text', text }],
    error: null,
    meta: { durationMs: 0, sandboxed: false, outputSpoolRef: null },
  };
}

export function toolFailure(
  callId: string,
  code: 'INVALID_ARGUMENTS' | 'CONFLICT' | 'RESOURCE_NOT_FOUND',
  message: string,
): ToolResult {
  return failedResult(callId, { code, message });
}

/** A call that failed before (or without) its effect: no content, nothing sandboxed. */
export function failedResult(callId: string, error: ErrorInfo, durationMs = 0): ToolResult {
  return {
    callId,
    success: false,
    content: [],
    error,
    meta: { durationMs, sandboxed: false, outputSpoolRef: null },
  };
}

/** The text parts of a tool result, joined. */
export function toolResultText(result: ToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}
