import * as z from 'zod/mini';
import { McpServerConfig, McpServerReview, RegisteredTool, ToolResult } from '../tool.js';
import { Empty, maxStr, type RpcMethod, str } from './common.js';

// ---- tools ----------------------------------------------------------------------------------------

export const ToolsCallParams = z.strictObject({
  name: str(1, 200),
  arguments: z.record(z.string(), z.unknown()),
  cwd: z.optional(maxStr(4096)),
  sessionId: z.optional(z.nullable(maxStr(200))),
  /** false: return PERMISSION_ESCALATION_REQUIRED instead of waiting for an approval. */
  wait: z._default(z.boolean(), true),
  approvalId: z.optional(maxStr(200)),
});
export const ToolsListParams = z.strictObject({ sessionId: z.optional(maxStr(200)) });
export const ToolsListResult = z.object({
  tools: z.array(RegisteredTool),
  /** Servers that could not be reached, and why — never a silent failure. */
  errors: z.array(z.object({ server: z.string(), message: z.string() })),
  warnings: z.array(z.string()),
});
/** Per-session tool selection: ids or prefixes ending in `*`; an empty list clears it. */
export const ToolsSelectParams = z.strictObject({
  sessionId: str(1, 200),
  patterns: z.array(str(1, 400)).check(z.maxLength(500)),
});
export const ToolsSelectResult = z.object({ patterns: z.array(z.string()) });

// ---- MCP servers ----------------------------------------------------------------------------------

export const McpEnableParams = z.strictObject({
  name: str(1, 64),
  enabled: z.boolean(),
  /** Take the grants the server's review offers (paths on its command line), read-only. */
  grantOffered: z.optional(z.boolean()),
});
export const McpNameParams = z.strictObject({ name: str(1, 64) });
/** A configured server with, for stdio servers, what enabling it consents to. */
export const McpServerEntry = z.extend(McpServerConfig, { review: z.optional(McpServerReview) });
export type McpServerEntry = z.infer<typeof McpServerEntry>;
export const McpListResult = z.object({ servers: z.array(McpServerEntry) });
export const McpRemoveResult = z.object({ removed: z.boolean() });
/** What a server says it is (its `initialize` answer). */
export const McpServerVersion = z.object({
  name: z.string(),
  version: z.string(),
  title: z.optional(z.string()),
});
export const McpDescribeResult = z.object({
  server: z.nullable(McpServerVersion),
  tools: z.array(z.object({ name: z.string(), description: z.string() })),
  resources: z.array(z.object({ uri: z.string(), name: z.string() })),
  prompts: z.array(z.object({ name: z.string(), description: z.string() })),
  review: z.optional(McpServerReview),
});
export const McpImportParams = z.strictObject({ json: z.unknown() });
export const McpResourceParams = z.strictObject({ name: str(1, 64), uri: str(1, 4096) });
export const McpSubscribeResult = z.object({ subscribed: z.boolean() });
export const McpPromptParams = z.strictObject({
  name: str(1, 64),
  prompt: str(1, 200),
  arguments: z._default(z.record(z.string(), z.string()), {}),
});

/** One piece of a resource: text, or base64 bytes. Only these fields reach the client. */
export const McpResourceContents = z.union([
  z.object({ uri: z.string(), mimeType: z.optional(z.string()), text: z.string() }),
  z.object({ uri: z.string(), mimeType: z.optional(z.string()), blob: z.string() }),
]);
export const McpReadResourceResult = z.object({ contents: z.array(McpResourceContents) });

/** What a prompt message holds (MCP content blocks). */
export const McpPromptContent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), data: z.string(), mimeType: z.string() }),
  z.object({ type: z.literal('audio'), data: z.string(), mimeType: z.string() }),
  z.object({
    type: z.literal('resource_link'),
    uri: z.string(),
    name: z.string(),
    description: z.optional(z.string()),
    mimeType: z.optional(z.string()),
  }),
  z.object({ type: z.literal('resource'), resource: McpResourceContents }),
]);
export const McpGetPromptResult = z.object({
  description: z.optional(z.string()),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: McpPromptContent })),
});

export const toolsMethods = {
  'tools.call': { params: ToolsCallParams, result: ToolResult },
  'tools.list': { params: ToolsListParams, result: ToolsListResult },
  'tools.select': { params: ToolsSelectParams, result: ToolsSelectResult },
  'mcp.enable': { params: McpEnableParams, result: McpServerEntry },
  'mcp.list': { params: Empty, result: McpListResult },
  'mcp.add': { params: McpServerConfig, result: McpServerEntry },
  'mcp.remove': { params: McpNameParams, result: McpRemoveResult },
  'mcp.test': { params: McpNameParams, result: McpDescribeResult },
  'mcp.import': { params: McpImportParams, result: McpListResult },
  /** A server's resource, as the server sent it (checked against the MCP shape; extra fields dropped). */
  'mcp.readResource': { params: McpResourceParams, result: McpReadResourceResult },
  'mcp.subscribeResource': { params: McpResourceParams, result: McpSubscribeResult },
  /** A server's prompt, filled in with `arguments` (checked like `mcp.readResource`). */
  'mcp.getPrompt': { params: McpPromptParams, result: McpGetPromptResult },
} as const satisfies Record<string, RpcMethod>;
