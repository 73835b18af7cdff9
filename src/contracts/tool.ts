import { z } from 'zod';
import { ErrorInfo } from './errors.js';
import { PolicyAction } from './policy.js';

/** Tool ids are global: `builtin:file.read`, `mcp:<server>:<tool>`. */
export const ToolId = z.string().regex(/^(builtin|mcp):[A-Za-z0-9_.:-]{1,200}$/);

export const ToolAnnotations = z.object({
  readOnly: z.boolean(),
  requiresConfirmation: z.boolean(),
  policyAction: PolicyAction,
  requiredScopes: z.array(z.string()),
  /** `parallel` tools may run side by side (read-only ones); `exclusive` run one at a time. */
  concurrency: z.enum(['parallel', 'exclusive']),
});
export type ToolAnnotations = z.infer<typeof ToolAnnotations>;

export const ToolSpec = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(8192),
  /** JSON Schema (draft 2020-12) of the arguments object. */
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: ToolAnnotations,
});
export type ToolSpec = z.infer<typeof ToolSpec>;

export const ToolCall = z.object({
  id: z.string().min(1).max(200),
  tool: z.string().min(1).max(400),
  arguments: z.record(z.string(), z.unknown()),
  sessionId: z.string().nullable(),
  runId: z.string().nullable(),
});
export type ToolCall = z.infer<typeof ToolCall>;

export const ContentPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), mimeType: z.string(), data: z.string().describe('base64') }),
  z.object({
    type: z.literal('resource'),
    uri: z.string(),
    mimeType: z.string().optional(),
    text: z.string().optional(),
  }),
]);
export type ContentPart = z.infer<typeof ContentPart>;

export const ToolResultMeta = z.object({
  durationMs: z.number().nonnegative(),
  sandboxed: z.boolean(),
  /** Blob reference of output that exceeded the cap and was spooled for paging. */
  outputSpoolRef: z.string().nullable(),
});

export const ToolResult = z.object({
  callId: z.string(),
  success: z.boolean(),
  content: z.array(ContentPart),
  error: ErrorInfo.nullable(),
  meta: ToolResultMeta,
});
export type ToolResult = z.infer<typeof ToolResult>;
