import * as z from 'zod/mini';
import { ErrorInfo } from './errors.js';
import { PolicyAction } from './policy.js';

const str = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** Tool ids are global: `builtin:file.read`, `mcp:<server>:<tool>`. */
export const ToolId = z.string().check(z.regex(/^(builtin|mcp):[A-Za-z0-9_.:-]{1,200}$/));

export const ToolAnnotations = z.object({
  readOnly: z.boolean(),
  requiresConfirmation: z.boolean(),
  policyAction: PolicyAction,
  requiredScopes: z.array(z.string()),
  /** `parallel` tools may run side by side (read-only ones); `exclusive` run one at a time. */
  concurrency: z.enum(['parallel', 'exclusive']),
});
export type ToolAnnotations = z.infer<typeof ToolAnnotations>;

/** What an MCP server says of its tool (hints, untrusted: policy never relies on them). */
export const McpToolHints = z.object({
  title: z.optional(z.string()),
  readOnlyHint: z.optional(z.boolean()),
  destructiveHint: z.optional(z.boolean()),
  idempotentHint: z.optional(z.boolean()),
  openWorldHint: z.optional(z.boolean()),
});

export const ToolSpec = z.object({
  name: str(1, 200),
  /** A name for people (an MCP tool's `title`). */
  title: z.optional(z.string().check(z.maxLength(200))),
  description: z.string().check(z.maxLength(8192)),
  /** JSON Schema (draft 2020-12) of the arguments object. */
  inputSchema: z.record(z.string(), z.unknown()),
  /** JSON Schema of the structured result, when the tool declares one (MCP `outputSchema`). */
  outputSchema: z.optional(z.record(z.string(), z.unknown())),
  annotations: ToolAnnotations,
  /** An MCP tool's annotations as its server sent them. */
  mcpHints: z.optional(McpToolHints),
});
export type ToolSpec = z.infer<typeof ToolSpec>;

export const ToolCall = z.object({
  id: str(1, 200),
  tool: str(1, 400),
  arguments: z.record(z.string(), z.unknown()),
  sessionId: z.nullable(z.string()),
  runId: z.nullable(z.string()),
});
export type ToolCall = z.infer<typeof ToolCall>;

/** Who a part is for and how much it matters (MCP content annotations), as the tool said. */
export const ContentAnnotations = z.object({
  audience: z.optional(z.array(z.enum(['user', 'assistant']))),
  priority: z.optional(z.number().check(z.gte(0), z.lte(1))),
  lastModified: z.optional(z.string()),
});

const annotations = z.optional(ContentAnnotations);

export const ContentPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string(), annotations }),
  /** `data` is base64. */
  z.object({ type: z.literal('image'), mimeType: z.string(), data: z.string(), annotations }),
  /** `data` is base64. */
  z.object({ type: z.literal('audio'), mimeType: z.string(), data: z.string(), annotations }),
  /** A resource's contents, embedded: text, or `size` bytes of binary that are not kept here. */
  z.object({
    type: z.literal('resource'),
    uri: z.string(),
    mimeType: z.optional(z.string()),
    text: z.optional(z.string()),
    size: z.optional(z.number()),
    annotations,
  }),
  /** A resource the tool points to, to be read separately. */
  z.object({
    type: z.literal('resource_link'),
    uri: z.string(),
    name: z.string(),
    description: z.optional(z.string()),
    mimeType: z.optional(z.string()),
    annotations,
  }),
]);
export type ContentPart = z.infer<typeof ContentPart>;

export const ToolResultMeta = z.object({
  durationMs: z.number().check(z.nonnegative()),
  sandboxed: z.boolean(),
  /** Blob reference of output that exceeded the cap and was spooled for paging. */
  outputSpoolRef: z.nullable(z.string()),
});

export const ToolResult = z.object({
  callId: z.string(),
  success: z.boolean(),
  content: z.array(ContentPart),
  error: z.nullable(ErrorInfo),
  meta: ToolResultMeta,
});
export type ToolResult = z.infer<typeof ToolResult>;

/** An MCP server the person added: how to reach it, and what it may touch. */
/** A folder given to one MCP server, read-only or read-write. */
export const McpGrant = z.object({ path: z.string(), mode: z.enum(['ro', 'rw']) });
export type McpGrant = z.infer<typeof McpGrant>;

export const McpServerConfig = z.object({
  name: z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'names are lower-case letters, digits, - and _')),
  /** `http` is Streamable HTTP; `sse` the older HTTP+SSE transport. */
  transport: z.enum(['stdio', 'http', 'sse']),
  /** stdio: the program and its arguments. */
  command: z.optional(z.string().check(z.minLength(1))),
  args: z._default(z.array(z.string()), []),
  env: z._default(z.record(z.string(), z.string()), {}),
  /** http: the Streamable HTTP endpoint. */
  url: z.optional(z.url()),
  /** Folders this server may use (default: none). */
  grants: z._default(z.array(McpGrant), []),
  /** Hosts this server may reach (default: none). */
  hosts: z._default(z.array(z.string()), []),
  /** http: headers sent with every request (an API key); their values live in the secret store. */
  headers: z._default(z.record(z.string(), z.string()), {}),
  /** How long the server may take to answer `initialize` before its start fails (default 30 s). */
  startTimeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(600_000))),
  /** How long one tool call may take before it is abandoned (default 60 s). */
  callTimeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(3_600_000))),
  /** The level the server is asked to log at when it offers logging (default info). */
  logLevel: z.optional(
    z.enum(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']),
  ),
  /** Off until the person has seen the server's tools (`cowork mcp test`) and switched it on. */
  enabled: z._default(z.boolean(), false),
});
export type McpServerConfig = z.infer<typeof McpServerConfig>;
export type McpServerConfigInput = z.input<typeof McpServerConfig>;

/** The package launchers Cowork recognises on a stdio server's command line (`command`: none). */
export const McpLauncherName = z.enum([
  'command',
  'npx',
  'pnpm dlx',
  'bunx',
  'uvx',
  'pipx run',
  'docker run',
]);
export type McpLauncherName = z.infer<typeof McpLauncherName>;

/** How a stdio server is started: what its launcher fetches, from where, and where it is kept. */
export const McpLaunch = z.object({
  launcher: McpLauncherName,
  /** The packages (or image) the launcher fetches. */
  packages: z.array(z.string()),
  /** The program that must be installed here to start it (`node`, `uv`, `pipx`, `bun`, `docker`). */
  runtime: z.string(),
  runtimeAvailable: z.boolean(),
  /** Cowork's package cache the install writes to (npm-family launchers), read-only when it runs. */
  cache: z.nullable(z.string()),
  /** The registry host the install alone may reach, for this server. */
  registryHost: z.nullable(z.string()),
  /** The package is in the cache: starts touch no network. */
  installed: z.boolean(),
  /** What Cowork does with it, in a sentence (or why it cannot start it). */
  note: z.string(),
});
export type McpLaunch = z.infer<typeof McpLaunch>;

/**
 * What the person consents to when enabling a stdio server: how it is launched, its own data
 * folder, and the paths on its command line that are not its program, offered as grants (never
 * mounted until taken at enable).
 */
export const McpServerReview = z.object({
  launch: McpLaunch,
  /** The server's own writable folder in Cowork's data folder (its HOME and working folder). */
  dataDir: z.string(),
  offeredGrants: z.array(McpGrant),
});
export type McpServerReview = z.infer<typeof McpServerReview>;

/** A tool as the registry lists it: its global id plus its spec. */
export const RegisteredTool = z.object({ id: z.string(), source: z.string(), spec: ToolSpec });
export type RegisteredTool = z.infer<typeof RegisteredTool>;
