import * as z from 'zod/mini';
import { AuditEnvelope, AuditManifest } from './audit.js';
import { ErrorCode } from './errors.js';
import { EventType, LogEvent, RecordedPlan } from './events.js';
import {
  EmbedderConfig,
  EmbedderStatus,
  Lesson,
  LessonInput,
  LocalModel,
  MemoryIndexJob,
  MemorySearchParams,
  MemorySearchResult,
  ModelsPullParams,
} from './memory.js';
import { PolicyDecision } from './policy.js';
import { ProviderConfig, RoutesConfig } from './routing.js';
import { ApprovalDecision, ApprovalRequest, WorkspaceSession } from './session.js';
import { DELETE_ALL_PHRASE } from './shared-values.js';
import { McpServerConfig, RegisteredTool, ToolResult } from './tool.js';

const str = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const maxStr = (max: number) => z.string().check(z.maxLength(max));

/** JSON-RPC 2.0 over the `/api/ws` WebSocket. */
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

// ---- methods -------------------------------------------------------------------------------

const Empty = z.strictObject({});

export const SystemPingParams = Empty;
export const SystemPingResult = z.object({ pong: z.literal(true) });

export const SystemInfoParams = Empty;
export const SystemInfoResult = z.object({
  version: z.string(),
  pid: z.int(),
  uptimeMs: z.number(),
  headSequence: z.int().check(z.nonnegative()),
});

export const EventsSubscribeParams = z.strictObject({
  /** Deliver every event with a sequence greater than this (0 = from the beginning). */
  after: z.int().check(z.nonnegative()),
  /** Optional filter: only event types starting with one of these prefixes. */
  types: z.optional(z.array(str(1, 100)).check(z.maxLength(50))),
  /**
   * Replay the history in `events.batch` notifications (up to 256 events each) instead of one
   * `events.event` per event: far fewer frames for a client catching up on a long history.
   */
  batch: z.optional(z.boolean()),
});
export const EventsSubscribeResult = z.object({
  subscriptionId: z.string(),
  /** Head of the log when the subscription started; everything up to it is replayed first. */
  head: z.int().check(z.nonnegative()),
});

export const EventsUnsubscribeParams = z.strictObject({ subscriptionId: z.string() });
export const EventsUnsubscribeResult = z.object({ unsubscribed: z.boolean() });

/** Clients may publish only `client.*` events: server-owned event types cannot be forged. */
export const EventsPublishParams = z.strictObject({
  type: EventType.check(
    z.refine((t) => t.startsWith('client.'), 'clients may only publish "client.*" events'),
  ),
  sessionId: z.optional(z.nullable(maxStr(200))),
  payload: z.unknown(),
});
export const EventsPublishResult = z.object({ sequence: z.int().check(z.positive()) });

/** Server → client notification carrying one event of a subscription. */
export const EventsEventNotification = z.object({ subscriptionId: z.string(), event: LogEvent });
/** Server → client notification carrying several events of a subscription, in order (replay). */
export const EventsBatchNotification = z.object({ subscriptionId: z.string(), events: z.array(LogEvent) });

// ---- enclave ------------------------------------------------------------------------------------

/**
 * `policy.check`: the door's decision for a call, without making it. `action` is the operation
 * (`fs.read`, `exec`, `pty.spawn`, `net.fetch`, `mcp.call`, …); `args` are its arguments exactly as
 * the door takes them. The shorthands `path`, `argv`, `command`, `host`/`port`, `server`/`tool`
 * build `args` when it is absent.
 */
export const PolicyCheckParams = z.strictObject({
  action: str(1, 100),
  args: z.optional(z.unknown()),
  path: z.optional(maxStr(4096)),
  argv: z.optional(z.array(maxStr(65536)).check(z.maxLength(4096))),
  command: z.optional(maxStr(65536)),
  host: z.optional(maxStr(300)),
  port: z.optional(z.int().check(z.gte(0), z.lte(65535))),
  server: z.optional(maxStr(200)),
  tool: z.optional(maxStr(200)),
  cwd: z.optional(maxStr(4096)),
  /** Decide with this session's "approved for the session" rules, as the door would. */
  sessionId: z.optional(maxStr(200)),
});
export type PolicyCheckParams = z.infer<typeof PolicyCheckParams>;

export const PolicyGetResult = z.object({
  /** The policy file's text (YAML or JSON), or null when only the built-in rules apply. */
  text: z.nullable(z.string()),
  policyHash: z.string(),
  version: z.int(),
  ruleCount: z.int(),
});
export const PolicySetParams = z.strictObject({ text: str(1, 1024 * 1024) });
const PolicyHashResult = z.object({ policyHash: z.string() });

export const GrantInfo = z.object({ path: z.string(), mode: z.enum(['ro', 'rw']) });
/**
 * A grant as listed: `containsCoworkData` when Cowork's own data folder (token, secret store,
 * database, policy) lies inside it — it stays hidden from every operation there, and the UI says so.
 */
export const GrantListEntry = z.extend(GrantInfo, { containsCoworkData: z.boolean() });
export const GrantsListResult = z.object({ grants: z.array(GrantListEntry) });
export const GrantsAddParams = z.strictObject({ path: str(1, 4096), mode: z.enum(['ro', 'rw']) });
export const GrantsRemoveParams = z.strictObject({ path: str(1, 4096) });
export const GrantsRemoveResult = z.object({ removed: z.boolean() });
export const GrantsCompleteParams = z.strictObject({ prefix: str(1, 4096) });
/** Full paths of folders, each ending in `/`. */
export const GrantsCompleteResult = z.object({ folders: z.array(z.string()) });

export const AuditManifestParams = z.strictObject({
  after: z.int().check(z.nonnegative()),
  through: z.int().check(z.nonnegative()),
});

export const AuditReadParams = z.strictObject({
  after: z.int().check(z.nonnegative()),
  limit: z._default(z.int().check(z.positive(), z.lte(5000)), 1000),
});
export const AuditReadResult = z.object({ entries: z.array(AuditEnvelope) });

export const ToolsCallParams = z.strictObject({
  name: str(1, 200),
  arguments: z.record(z.string(), z.unknown()),
  cwd: z.optional(maxStr(4096)),
  sessionId: z.optional(z.nullable(maxStr(200))),
  /** false: return PERMISSION_ESCALATION_REQUIRED instead of waiting for an approval. */
  wait: z._default(z.boolean(), true),
  approvalId: z.optional(maxStr(200)),
});

export const ApprovalsListResult = z.object({ approvals: z.array(ApprovalRequest) });
export const ApprovalsDecideParams = z.strictObject({
  id: str(1, 200),
  status: z.enum(['approved', 'rejected']),
  scope: z._default(z.enum(['once', 'session']), 'once'),
  reason: z.optional(maxStr(2000)),
  /** The person's answer to a question an MCP server asked (elicitation). */
  response: z.optional(z.record(z.string(), z.unknown())),
});

// ---- tools and MCP -------------------------------------------------------------------------------

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
export const McpEnableParams = z.strictObject({ name: str(1, 64), enabled: z.boolean() });
export const McpNameParams = z.strictObject({ name: str(1, 64) });
export const McpListResult = z.object({ servers: z.array(McpServerConfig) });
export const McpDescribeResult = z.object({
  server: z.nullable(z.unknown()),
  tools: z.array(z.object({ name: z.string(), description: z.string() })),
  resources: z.array(z.object({ uri: z.string(), name: z.string() })),
  prompts: z.array(z.object({ name: z.string(), description: z.string() })),
});
export const McpImportParams = z.strictObject({ json: z.unknown() });
/** An id: of a lesson, or of an indexing job. */
export const LessonIdParams = z.strictObject({ id: str(1, 100) });
export const LessonUpdateParams = z.strictObject({
  id: str(1, 100),
  patch: z.partial(LessonInput),
});

export const McpResourceParams = z.strictObject({ name: str(1, 64), uri: str(1, 4096) });
export const McpPromptParams = z.strictObject({
  name: str(1, 64),
  prompt: str(1, 200),
  arguments: z._default(z.record(z.string(), z.string()), {}),
});

// ---- agent runs and providers --------------------------------------------------------------------

export const ApprovalMode = z.enum(['ask', 'auto-edit', 'read-only']);
export const RunInfo = z.object({
  id: z.string(),
  sessionId: z.string(),
  status: z.enum(['running', 'completed', 'failed', 'cancelled', 'interrupted']),
  prompt: z.string(),
  model: z.string(),
  mode: ApprovalMode,
  folder: z.string(),
  turn: z.int(),
  summary: z.nullable(z.string()),
  error: z.nullable(z.string()),
  /** The agent's latest plan, if it made one (filled by `runs.get`; `runs.list` leaves it out). */
  plan: z.optional(RecordedPlan),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const RunsStartParams = z.strictObject({
  prompt: str(1, 100_000),
  folder: str(1, 4096),
  /** `<provider>/<model>`; without it the daemon routes (a matching rule, else the default model). */
  model: z.optional(str(1, 300)),
  mode: z._default(ApprovalMode, 'ask'),
  sessionId: z.optional(str(1, 200)),
  maxTurns: z.optional(z.int().check(z.positive(), z.lte(500))),
  approvalTimeoutMs: z.optional(z.int().check(z.positive())),
});
export const RunIdParams = z.strictObject({ runId: str(1, 200) });
export const CheckpointInfo = z.object({
  id: z.int(),
  runId: z.string(),
  callId: z.string(),
  action: z.string(),
  messageCount: z.int(),
  paths: z.array(z.string()),
  undone: z.boolean(),
  createdAt: z.string(),
});
export const CheckpointUndoParams = z.strictObject({
  checkpointId: z.int().check(z.positive()),
  force: z._default(z.boolean(), false),
});
export const RunRevertParams = z.strictObject({ runId: str(1, 200), force: z._default(z.boolean(), false) });
export const RunForkParams = z.strictObject({
  runId: str(1, 200),
  checkpointId: z.int().check(z.positive()),
});

const SessionIdParams = z.strictObject({ id: str(1, 200) });
const TerminalSize = {
  cols: z.int().check(z.gte(2), z.lte(1000)),
  rows: z.int().check(z.gte(1), z.lte(500)),
};
export const TerminalOpenParams = z.strictObject({
  /** The program; without argv or command, an interactive shell. */
  argv: z.optional(z.array(str(1, 4096)).check(z.minLength(1), z.maxLength(256))),
  command: z.optional(str(1, 65536)),
  cwd: str(1, 4096),
  cols: z.optional(TerminalSize.cols),
  rows: z.optional(TerminalSize.rows),
  title: z.optional(maxStr(200)),
});
/** What a browser step did, and the screenshot taken after it (fetch /api/screenshots/<blob>). */
export const BrowserStepResult = z.object({
  success: z.boolean(),
  message: z.string(),
  url: z.string(),
  blob: z.nullable(z.string()),
});
export const TerminalExitResult = z.object({ exitCode: z.number(), signal: z.nullable(z.number()) });

// ---- the data folder ----------------------------------------------------------------------------

/** One part of the data folder and how much room it takes. */
export const DataPart = z.object({
  id: z.enum(['database', 'memory', 'blobs', 'models', 'logs', 'other']),
  label: z.string(),
  /** Relative to the data folder (`cowork.db`, `blobs/`…). */
  path: z.string(),
  bytes: z.number().check(z.nonnegative()),
  files: z.int().check(z.nonnegative()),
});
export const DataInfoResult = z.object({
  /** The data folder (COWORK_HOME). */
  home: z.string(),
  parts: z.array(DataPart),
  totalBytes: z.number().check(z.nonnegative()),
  /** The walk stops after a bounded number of files: sizes are then lower bounds. */
  truncated: z.boolean(),
  counts: z.object({
    chats: z.int().check(z.nonnegative()),
    runs: z.int().check(z.nonnegative()),
    events: z.int().check(z.nonnegative()),
    auditEntries: z.int().check(z.nonnegative()),
  }),
  /** Where the person's browser downloads the export (authenticated by its cookie). */
  exportUrl: z.string(),
});
/** The exact phrase `data.deleteAll` needs: deleting everything is never one stray call away. */
export const DataDeleteAllParams = z.strictObject({ confirm: z.literal(DELETE_ALL_PHRASE) });
export const DataDeleteAllResult = z.object({
  home: z.string(),
  /** Entries removed from the data folder (files and folders at its top level). */
  removed: z.int().check(z.nonnegative()),
  /** Keys removed from the secret store (OS keychain or the encrypted file). */
  secretsForgotten: z.int().check(z.nonnegative()),
  stopping: z.literal(true),
});

export const rpcMethods = {
  'system.ping': { params: SystemPingParams, result: SystemPingResult },
  'system.info': { params: SystemInfoParams, result: SystemInfoResult },
  'events.subscribe': { params: EventsSubscribeParams, result: EventsSubscribeResult },
  'events.unsubscribe': { params: EventsUnsubscribeParams, result: EventsUnsubscribeResult },
  'events.publish': { params: EventsPublishParams, result: EventsPublishResult },
  'policy.check': { params: PolicyCheckParams, result: PolicyDecision },
  'policy.reload': { params: Empty, result: PolicyHashResult },
  'policy.get': { params: Empty, result: PolicyGetResult },
  'policy.set': { params: PolicySetParams, result: PolicyHashResult },
  'grants.list': { params: Empty, result: GrantsListResult },
  'grants.add': { params: GrantsAddParams, result: GrantInfo },
  'grants.remove': { params: GrantsRemoveParams, result: GrantsRemoveResult },
  /** Folders whose path starts with `prefix` (`~` allowed), for choosing one to grant. */
  'grants.complete': { params: GrantsCompleteParams, result: GrantsCompleteResult },
  'audit.read': { params: AuditReadParams, result: AuditReadResult },
  /**
   * Checks the whole hash chain in place, and every signed checkpoint against it; names the first
   * bad entry. Also says which key signs this daemon's audit log (what an export is checked with).
   */
  'audit.verify': {
    params: Empty,
    result: z.object({
      ok: z.boolean(),
      count: z.number(),
      checkpoints: z.optional(z.number()),
      firstBad: z.optional(
        z.object({ line: z.number(), sequence: z.nullable(z.number()), problem: z.string() }),
      ),
      key: z.nullable(z.object({ keyId: z.string(), publicKey: z.string() })),
    }),
  },
  /**
   * The signed manifest of the entries after `after` up to `through`, computed from the daemon's
   * own chain (never from what the caller sends: the daemon signs only what it checked).
   */
  'audit.manifest': { params: AuditManifestParams, result: AuditManifest },
  'tools.call': { params: ToolsCallParams, result: ToolResult },
  'approvals.list': { params: Empty, result: ApprovalsListResult },
  'approvals.decide': { params: ApprovalsDecideParams, result: ApprovalDecision },
  'tools.list': { params: ToolsListParams, result: ToolsListResult },
  'tools.select': { params: ToolsSelectParams, result: z.object({ patterns: z.array(z.string()) }) },
  'mcp.enable': { params: McpEnableParams, result: McpServerConfig },
  'mcp.list': { params: Empty, result: McpListResult },
  'mcp.add': { params: McpServerConfig, result: McpServerConfig },
  'mcp.remove': { params: McpNameParams, result: z.object({ removed: z.boolean() }) },
  'mcp.test': { params: McpNameParams, result: McpDescribeResult },
  'mcp.import': { params: McpImportParams, result: McpListResult },
  'mcp.readResource': { params: McpResourceParams, result: z.unknown() },
  'mcp.getPrompt': { params: McpPromptParams, result: z.unknown() },
  'memory.search': { params: MemorySearchParams, result: MemorySearchResult },
  'memory.index': { params: z.strictObject({ folder: str(1, 4096) }), result: MemoryIndexJob },
  'memory.job': { params: LessonIdParams, result: MemoryIndexJob },
  'memory.cancel': { params: LessonIdParams, result: z.object({ cancelled: z.boolean() }) },
  /** Pauses an indexing job between two files (`memory.resume` goes on where it stopped). */
  'memory.pause': { params: LessonIdParams, result: MemoryIndexJob },
  'memory.resume': { params: LessonIdParams, result: MemoryIndexJob },
  'memory.status': { params: Empty, result: z.unknown() },
  'memory.lessons.list': { params: Empty, result: z.object({ lessons: z.array(Lesson) }) },
  'memory.lessons.add': { params: LessonInput, result: Lesson },
  'memory.lessons.update': { params: LessonUpdateParams, result: Lesson },
  'memory.lessons.remove': { params: LessonIdParams, result: z.object({ removed: z.boolean() }) },
  /** A hard "never touch X" lesson as a policy rule the person may add (null when it maps to none). */
  'memory.lessons.policyRule': {
    params: LessonIdParams,
    result: z.object({ rule: z.nullable(z.unknown()) }),
  },
  /** Forgets an indexed folder: its files leave the index and it is no longer re-indexed. */
  'memory.removeFolder': {
    params: z.strictObject({ folder: str(1, 4096) }),
    result: z.object({ removed: z.number() }),
  },
  'memory.embedder.get': { params: Empty, result: EmbedderStatus },
  /** Loads (or probes) the embedder first: a model that cannot run is refused, not saved. */
  'memory.embedder.set': { params: EmbedderConfig, result: EmbedderStatus },
  'models.list': { params: Empty, result: z.object({ models: z.array(LocalModel) }) },
  /** Downloads a model into Cowork's models folder once; after that it runs offline. */
  'models.pull': { params: ModelsPullParams, result: LocalModel },
  /** Streams the daemon's (redacted) log as `logs.batch` notifications, starting with the recent entries. */
  'logs.subscribe': {
    params: z.strictObject({
      after: z._default(z.int().check(z.nonnegative()), 0),
      levels: z.optional(z.array(z.enum(['debug', 'info', 'warn', 'error'])).check(z.maxLength(4))),
      modules: z.optional(z.array(str(1, 50)).check(z.maxLength(20))),
    }),
    result: z.object({ subscriptionId: z.string() }),
  },
  'logs.unsubscribe': {
    params: z.strictObject({ subscriptionId: str(1, 100) }),
    result: z.object({ unsubscribed: z.boolean() }),
  },
  'sessions.list': { params: Empty, result: z.object({ sessions: z.array(WorkspaceSession) }) },
  /** Hands a session to the agent or the person; the other's input is refused until handed back. */
  'sessions.control': {
    params: z.strictObject({ id: str(1, 200), controller: z.enum(['agent', 'user']) }),
    result: WorkspaceSession,
  },
  'sessions.close': { params: SessionIdParams, result: z.object({ closed: z.boolean() }) },
  /** A file session: `file.changed` events (with the session's id) for a granted folder. */
  'files.watch': { params: z.strictObject({ folder: str(1, 4096) }), result: WorkspaceSession },
  'terminal.open': { params: TerminalOpenParams, result: WorkspaceSession },
  'browser.open': {
    params: z.strictObject({ url: z.optional(str(1, 4000)), title: z.optional(maxStr(200)) }),
    result: WorkspaceSession,
  },
  /** The person acting in a browser session (when they control it); a screenshot follows each step. */
  'browser.navigate': {
    params: z.strictObject({ id: str(1, 200), url: str(1, 4000) }),
    result: BrowserStepResult,
  },
  'browser.click': {
    params: z.strictObject({
      id: str(1, 200),
      x: z.number().check(z.gte(0), z.lte(10_000)),
      y: z.number().check(z.gte(0), z.lte(10_000)),
    }),
    result: BrowserStepResult,
  },
  'browser.type': {
    params: z.strictObject({ id: str(1, 200), text: maxStr(10_000), submit: z.optional(z.boolean()) }),
    result: BrowserStepResult,
  },
  'browser.screenshot': { params: SessionIdParams, result: z.object({ blob: z.string() }) },
  'browser.close': { params: SessionIdParams, result: z.object({ closed: z.boolean() }) },
  /**
   * Streams the terminal to this connection as binary frames: byte 0 = 1, bytes 1–4 = `channel`
   * (uint32, big-endian), then the output bytes — first the scrollback, then live output.
   */
  'terminal.attach': {
    params: SessionIdParams,
    result: z.object({ channel: z.number(), cols: z.number(), rows: z.number() }),
  },
  'terminal.detach': { params: SessionIdParams, result: z.object({ detached: z.boolean() }) },
  'terminal.write': {
    params: z.strictObject({ id: str(1, 200), data: str(1, 65536) }),
    result: z.object({ written: z.boolean() }),
  },
  'terminal.resize': {
    params: z.strictObject({ id: str(1, 200), ...TerminalSize }),
    result: z.object({ cols: z.number(), rows: z.number() }),
  },
  'terminal.kill': { params: SessionIdParams, result: z.object({ killed: z.boolean() }) },
  /** Resolves when the program has exited. */
  'terminal.wait': { params: SessionIdParams, result: TerminalExitResult },
  /** The last lines of the terminal as plain text (escape sequences removed). */
  'terminal.read': {
    params: z.strictObject({ id: str(1, 200), lines: z.optional(z.int().check(z.gte(1), z.lte(10_000))) }),
    result: z.object({ text: z.string() }),
  },
  'mcp.subscribeResource': { params: McpResourceParams, result: z.object({ subscribed: z.boolean() }) },
  'runs.start': { params: RunsStartParams, result: RunInfo },
  'runs.get': { params: RunIdParams, result: RunInfo },
  'runs.list': { params: Empty, result: z.object({ runs: z.array(RunInfo) }) },
  'runs.cancel': { params: RunIdParams, result: z.object({ cancelled: z.boolean() }) },
  'runs.resume': { params: RunIdParams, result: RunInfo },
  'runs.revert': { params: RunRevertParams, result: z.object({ undone: z.array(CheckpointInfo) }) },
  'runs.fork': { params: RunForkParams, result: RunInfo },
  'checkpoints.list': { params: RunIdParams, result: z.object({ checkpoints: z.array(CheckpointInfo) }) },
  'checkpoints.undo': { params: CheckpointUndoParams, result: CheckpointInfo },
  'providers.list': { params: Empty, result: z.object({ providers: z.array(ProviderConfig) }) },
  'providers.add': { params: ProviderConfig, result: ProviderConfig },
  'providers.remove': {
    params: z.strictObject({ id: str(1, 64) }),
    result: z.object({ removed: z.boolean() }),
  },
  /** The key goes to the daemon's secret store and is never shown again. */
  'providers.setKey': {
    params: z.strictObject({ id: str(1, 64), key: str(1, 10_000) }),
    result: ProviderConfig,
  },
  'providers.detect': {
    params: z.strictObject({
      candidates: z.optional(
        z
          .array(z.object({ name: str(1, 64), baseUrl: z.url(), ollama: z.optional(z.boolean()) }))
          .check(z.maxLength(20)),
      ),
    }),
    result: z.object({
      servers: z.array(z.object({ name: z.string(), baseUrl: z.string(), models: z.array(z.string()) })),
    }),
  },
  'providers.probe': {
    params: z.strictObject({ id: str(1, 64), model: str(1, 300) }),
    result: z.object({
      supportsTools: z.boolean(),
      supportsStreaming: z.boolean(),
      contextWindow: z.optional(z.int()),
      detail: z.string(),
    }),
  },
  /** Routing rules and the default model (`COWORK_HOME/routes.json`). */
  'routes.get': { params: Empty, result: RoutesConfig },
  /**
   * Replaces them, checked whole (unique rule ids; every model names a configured provider) and
   * applied to the next run without a restart. The result is what was saved.
   */
  'routes.set': { params: RoutesConfig, result: RoutesConfig },
  'usage.summary': {
    params: z.strictObject({ runId: z.optional(str(1, 200)), sessionId: z.optional(str(1, 200)) }),
    result: z.object({
      calls: z.int(),
      tokensIn: z.int(),
      tokensOut: z.int(),
      costUsd: z.nullable(z.number()),
    }),
  },
  /** The data folder: where it is, what is in it and how big. */
  'data.info': { params: Empty, result: DataInfoResult },
  /**
   * Deletes all of Cowork's data: runs stopped, sessions closed, keys removed from the secret store,
   * the databases closed, the data folder emptied. The daemon then stops (after this reply).
   */
  'data.deleteAll': { params: DataDeleteAllParams, result: DataDeleteAllResult },
  'secrets.status': {
    params: Empty,
    result: z.object({ backend: z.enum(['keychain', 'encrypted-file']), warning: z.nullable(z.string()) }),
  },
} as const;
export type RpcMethodName = keyof typeof rpcMethods;
/** What a client sends (defaults may be omitted). */
export type RpcParamsInput<M extends RpcMethodName> = z.input<(typeof rpcMethods)[M]['params']>;
/** What a handler receives (defaults applied). */
export type RpcParams<M extends RpcMethodName> = z.infer<(typeof rpcMethods)[M]['params']>;
export type RpcResult<M extends RpcMethodName> = z.infer<(typeof rpcMethods)[M]['result']>;

export const LogEntry = z.object({
  seq: z.number(),
  time: z.string(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  module: z.string(),
  msg: z.string(),
  fields: z.record(z.string(), z.unknown()),
});
/** Log entries for a `logs.subscribe` subscription, gathered over ~16 ms. */
export const LogsBatchNotification = z.object({
  subscriptionId: z.string(),
  entries: z.array(LogEntry),
  /** Entries left out because the client was not reading fast enough. */
  dropped: z.number(),
});

export const rpcNotifications = {
  'events.event': EventsEventNotification,
  'events.batch': EventsBatchNotification,
  'logs.batch': LogsBatchNotification,
} as const;
