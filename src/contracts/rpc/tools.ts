import * as z from 'zod/mini';
import { ErrorCode } from '../errors.js';
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
  /** The caller's name for this call: its progress events carry it, and `tools.cancel` takes it. */
  callId: z.optional(str(1, 200)),
});
/** The person's own save of a text file from the UI's editor (see `files.save`). */
export const FilesSaveParams = z.strictObject({ path: str(1, 4096), content: maxStr(10_000_000) });
/** Stops a `tools.call` still running (an MCP server is told with notifications/cancelled). */
export const ToolsCancelParams = z.strictObject({ callId: str(1, 200) });
export const ToolsCancelResult = z.object({ cancelled: z.boolean() });
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
/** The MCP configuration files Cowork can import, named for the client that writes them. */
export const McpConfigFormat = z.enum(['claude-desktop', 'claude-code', 'vscode', 'cursor', 'goose']);
export type McpConfigFormat = z.infer<typeof McpConfigFormat>;
/** Config files are a few KB; this bound keeps a hostile one well under the frame limit. */
export const MAX_MCP_CONFIG_CHARS = 512 * 1024;
const value = maxStr(65_536);
export const McpImportParams = z.strictObject({
  /** The file's text: JSON, JSON with comments (VS Code) or YAML (goose). */
  text: maxStr(MAX_MCP_CONFIG_CHARS),
  /** The file's path: its name picks the format when `format` is not given. */
  file: z.optional(maxStr(4096)),
  format: z.optional(McpConfigFormat),
  /** `${workspaceFolder}`: the project folder the file belongs to. */
  workspaceFolder: z.optional(maxStr(4096)),
  /** `${userHome}`: the importing person's home (default: the daemon's user's). */
  userHome: z.optional(maxStr(4096)),
  /**
   * The environment variables the file refers to, from the importer's environment, and only
   * those the daemon asked for (INPUT_REQUIRED): null = not set there.
   */
  env: z._default(z.record(maxStr(256), z.nullable(value)), {}),
  /** Answers to the file's `inputs` (VS Code), by input id. */
  inputs: z._default(z.record(maxStr(256), value), {}),
  /** A new name for an entry whose own name does not fit the rule (name in the file → new name). */
  rename: z._default(z.record(maxStr(256), maxStr(64)), {}),
});
/** `details` of INPUT_REQUIRED: what the import needs before anything is stored. */
export type McpImportParams = z.infer<typeof McpImportParams>;
export const McpImportNeeds = z.object({
  /** Input ids to answer (VS Code `inputs`); `password` ones are secrets, asked without echo. */
  inputs: z.array(
    z.object({
      id: z.string(),
      description: z.string(),
      password: z.boolean(),
      default: z.optional(z.string()),
      options: z.optional(z.array(z.string())),
    }),
  ),
  /** Environment variables to send in `env` (value, or null when not set). */
  env: z.array(z.string()),
});
export type McpImportNeeds = z.infer<typeof McpImportNeeds>;
/** One entry of the file: imported (off until reviewed) or skipped, and why. */
export const McpImportEntry = z.object({
  /** Its name in the file. */
  source: z.string(),
  status: z.enum(['imported', 'skipped']),
  /** imported: the server as stored. */
  server: z.optional(McpServerConfig),
  /** skipped: why, as a stable code and a sentence. */
  code: z.optional(ErrorCode),
  reason: z.optional(z.string()),
  /** Whether the file had it on (`disabled`, `enabled: false`); every import stays off until reviewed. */
  enabledInSource: z.boolean(),
  /** What the file said that Cowork did not carry over. */
  notes: z.array(z.string()),
});
export type McpImportEntry = z.infer<typeof McpImportEntry>;
export const McpImportResult = z.object({ format: McpConfigFormat, entries: z.array(McpImportEntry) });
export type McpImportResult = z.infer<typeof McpImportResult>;
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
  /**
   * fs.write as the person's own edit in the UI's editor: their click on Save is their consent, so
   * a policy ask does not ask them again; grants, deny rules and the audit apply as to any write.
   */
  'files.save': { params: FilesSaveParams, result: ToolResult },
  'tools.cancel': { params: ToolsCancelParams, result: ToolsCancelResult },
  'tools.list': { params: ToolsListParams, result: ToolsListResult },
  'tools.select': { params: ToolsSelectParams, result: ToolsSelectResult },
  'mcp.enable': { params: McpEnableParams, result: McpServerEntry },
  'mcp.list': { params: Empty, result: McpListResult },
  'mcp.add': { params: McpServerConfig, result: McpServerEntry },
  'mcp.remove': { params: McpNameParams, result: McpRemoveResult },
  'mcp.test': { params: McpNameParams, result: McpDescribeResult },
  /** Imports another client's MCP config; INPUT_REQUIRED (McpImportNeeds) until its variables are answered. */
  'mcp.import': { params: McpImportParams, result: McpImportResult },
  /** A server's resource, as the server sent it (checked against the MCP shape; extra fields dropped). */
  'mcp.readResource': { params: McpResourceParams, result: McpReadResourceResult },
  'mcp.subscribeResource': { params: McpResourceParams, result: McpSubscribeResult },
  /** A server's prompt, filled in with `arguments` (checked like `mcp.readResource`). */
  'mcp.getPrompt': { params: McpPromptParams, result: McpGetPromptResult },
} as const satisfies Record<string, RpcMethod>;
