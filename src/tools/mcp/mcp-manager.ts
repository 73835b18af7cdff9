/**
 * Connects to the MCP servers the person added: starts stdio servers inside the sandbox through the
 * enclave (on demand), connects Streamable HTTP servers, lists their tools, resources and prompts,
 * and runs tool calls through the door (`mcp.call`: policy, approval, audit).
 */

import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  ErrorCode,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { Ajv, type ValidateFunction } from 'ajv';
import {
  type ContentPart,
  CoworkError,
  type DaemonEventType,
  type EventPayload,
  type McpServerConfig,
  type McpServerConfigInput,
  type McpServerEntry,
  type RegisteredTool,
  type ToolResult,
} from '../../contracts/index.js';
import { type CallContext, type Enclave, toolFailure } from '../../enclave/index.js';
import type { EventLog, Logger, SecretStore } from '../../store/index.js';
import type { Sampler } from '../sampler.js';
import { answerOf, describeServer, listPrompts, listResources, listTools, signInNeeded } from './answers.js';
import { withUrlElicitations } from './elicitation.js';
import { McpOAuth, type McpOAuthOptions } from './oauth.js';
import { progressReporter } from './progress.js';
import { answerRoots, onlyGrantsChanged } from './roots.js';
import { SandboxedStdioTransport } from './sandboxed-stdio-transport.js';
import { setServerLogLevel, takeServerLogs } from './server-logs.js';
import { answerServerRequests } from './server-requests.js';
import { McpServerStore } from './server-store.js';
import { startFailure } from './start-failure.js';
import { SubscriptionStore } from './subscriptions.js';
import { toolContent, withStructured } from './tool-results.js';
import { connectClient, openTransport } from './transports.js';

/**
 * Tool descriptions from servers are untrusted text shown to models: bounded, but long enough for
 * real servers' usage rules (server-sequential-thinking's is ~2.5 KB).
 */
export const MAX_DESCRIPTION = 4096;
const CALL_TIMEOUT_MS = 60_000;
/** A first `npx` start downloads its package: generous, and per server (servers start in parallel). */
const START_TIMEOUT_MS = 30_000;
/** A start that timed out is not tried again for this long (each run turn would wait again). */
const TIMED_OUT_RETRY_MS = 60_000;
/** After a crash the next start waits 1 s, 2 s, 4 s … up to 30 s; a clean minute resets it. */
const BACKOFF_MAX_MS = 30_000;
const HEALTH_INTERVAL_MS = 30_000;

/** One `mcp.read`: the MCP method asked, what it is about (a URI, a prompt), and how to ask it. */
export interface McpRead<T> {
  server: string;
  method: string;
  target: string;
  ask(client: Client): Promise<T>;
  present(answer: T): ContentPart[];
}

interface Connection {
  client: Client;
  close(): Promise<void>;
  /** Argument validators per tool, compiled from the server's input schemas. */
  validators: Map<string, ValidateFunction>;
  /** Result validators of the tools that declare an output schema. */
  outputValidators: Map<string, ValidateFunction>;
  /** A stdio server runs in the sandbox (its calls' results and audit say so); an HTTP one is remote. */
  sandboxed: boolean;
}

// Formats (uri, email…) are the server's to check: ajv knows none without ajv-formats and would
// only print a warning per schema to the daemon's stderr.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

/** The hints a server gave for its tool, in the contract's shape (anything else dropped). */
function hintsOf(a: Record<string, unknown>): NonNullable<RegisteredTool['spec']['mcpHints']> {
  const flag = (k: string) => (typeof a[k] === 'boolean' ? { [k]: a[k] as boolean } : {});
  return {
    ...(typeof a['title'] === 'string' ? { title: a['title'].slice(0, 200) } : {}),
    ...flag('readOnlyHint'),
    ...flag('destructiveHint'),
    ...flag('idempotentHint'),
    ...flag('openWorldHint'),
  };
}

type McpEventType = Extract<DaemonEventType, `mcp.${string}`>;

export class McpManager {
  readonly store: McpServerStore;
  readonly subscriptions: SubscriptionStore;
  /** Told each time a server is connected (again): subscriptions are renewed there. */
  readonly #onConnected: ((server: string) => void)[] = [];
  readonly #connections = new Map<string, Promise<Connection>>();
  readonly #crashes = new Map<string, { count: number; last: number }>();
  /** Starts that timed out, answered with the same error until `until` (or a stop, an edit). */
  readonly #timedOut = new Map<string, { error: CoworkError; until: number }>();
  /** Servers being stopped on purpose: their close is not a crash. Cleared when the close arrives. */
  readonly #stopping = new Set<string>();
  /** After stopAll (daemon shutdown) nothing more is reported: the event log may be closed. */
  #closed = false;
  readonly #health: NodeJS.Timeout;

  constructor(
    private readonly enclave: Enclave,
    db: ConstructorParameters<typeof McpServerStore>[0],
    private readonly logger: Logger,
    private readonly events: EventLog,
    private readonly sampler?: Sampler,
    oauth?: McpOAuthOptions,
    secrets?: SecretStore,
  ) {
    this.store = new McpServerStore(db, secrets);
    try {
      this.store.sealOldRows();
    } catch (err) {
      // The servers still start (their values are still in the row); the next load tries again.
      logger.log('warn', 'mcp secrets could not be moved to the secret store', {
        module: 'mcp',
        error: (err as Error).message,
      });
    }
    this.subscriptions = new SubscriptionStore(db);
    this.oauth = oauth ? new McpOAuth(oauth) : undefined;
    this.#health = setInterval(() => void this.#checkHealth(), HEALTH_INTERVAL_MS);
    this.#health.unref();
  }

  /** Lifecycle and errors go to the event log, so the UI and the timeline show them. */
  #emit<T extends McpEventType>(type: T, payload: EventPayload<T>): void {
    if (this.#closed) return;
    this.events.append({ type, payload });
  }

  /** OAuth for HTTP servers that ask for it; absent when the daemon has no callback to offer. */
  readonly oauth: McpOAuth | undefined;

  /** The browser came back from a server's sign-in page: exchange the code, then connect afresh. */
  async finishSignIn(state: string, code: string): Promise<string> {
    if (!this.oauth) throw new CoworkError('UNAVAILABLE', 'OAuth is not available.');
    const server = this.oauth.takeSignIn(state);
    const config = this.store.get(server);
    if (!config?.url) throw new CoworkError('RESOURCE_NOT_FOUND', `No HTTP MCP server named "${server}".`);
    const transport = new StreamableHTTPClientTransport(new URL(config.url), {
      authProvider: this.oauth.provider(server, () => {}),
    });
    await transport.finishAuth(code);
    await this.stop(server);
    this.#emit('mcp.signed_in', { server });
    return server;
  }

  async tools(name: string): Promise<RegisteredTool[]> {
    const connection = await this.#connect(name);
    const tools = await answerOf(name, () => listTools(connection.client));
    for (const t of tools) {
      try {
        connection.validators.set(t.name, ajv.compile(t.inputSchema));
        if (t.outputSchema) connection.outputValidators.set(t.name, ajv.compile(t.outputSchema));
      } catch {
        // An unusable schema: calls to that tool are refused below rather than sent unchecked.
        connection.validators.delete(t.name);
      }
    }
    return tools.map((t) => ({
      id: `mcp:${name}:${t.name}`,
      source: `mcp:${name}`,
      spec: {
        name: t.name,
        ...((t.title ?? t.annotations?.title)
          ? { title: String(t.title ?? t.annotations?.title).slice(0, 200) }
          : {}),
        description: (t.description ?? '').slice(0, MAX_DESCRIPTION),
        inputSchema: t.inputSchema as Record<string, unknown>,
        ...(t.outputSchema ? { outputSchema: t.outputSchema as Record<string, unknown> } : {}),
        ...(t.annotations ? { mcpHints: hintsOf(t.annotations) } : {}),
        annotations: {
          readOnly: t.annotations?.readOnlyHint === true,
          requiresConfirmation: t.annotations?.destructiveHint === true,
          policyAction: 'mcp.call',
          requiredScopes: [`mcp:${name}`],
          concurrency: t.annotations?.readOnlyHint === true ? 'parallel' : 'exclusive',
        },
      },
    }));
  }

  /** What each running server of `names` said about using it (initialize's `instructions`). */
  async instructions(names: readonly string[]): Promise<{ server: string; text: string }[]> {
    const out: { server: string; text: string }[] = [];
    for (const server of names) {
      const connection = await this.#connections.get(server)?.catch(() => undefined);
      const text = connection?.client.getInstructions();
      if (text) out.push({ server, text });
    }
    return out;
  }

  /** A configured server with what enabling it consents to (stdio: launch, data folder, offered grants). */
  entry(config: McpServerConfig): McpServerEntry {
    if (config.transport !== 'stdio' || !config.command) return config;
    const argv = [config.command, ...config.args];
    return {
      ...config,
      review: this.enclave.serverReview({ name: config.name, argv, grants: config.grants }),
    };
  }

  /** Switches a server on or off; on, optionally with the grants its review offers (read-only). */
  async enable(name: string, enabled: boolean, grantOffered = false): Promise<McpServerEntry> {
    const config = this.store.get(name);
    if (!config) throw new CoworkError('RESOURCE_NOT_FOUND', `No MCP server named "${name}".`);
    const offered = enabled && grantOffered ? (this.entry(config).review?.offeredGrants ?? []) : [];
    // Through reconfigure: a running server is stopped (or told its roots changed), never left stale.
    return this.entry(await this.reconfigure({ ...config, enabled, grants: [...config.grants, ...offered] }));
  }

  /** Starts the server and reports what it offers (`cowork mcp test`). */
  async describe(name: string) {
    // The person asks now (they may have fixed the cause): a start that timed out is tried again.
    this.#timedOut.delete(name);
    const config = this.store.get(name);
    const { client } = await this.#connect(name);
    const tools = await this.tools(name);
    const resources = await answerOf(name, () => listResources(client));
    const prompts = await answerOf(name, () => listPrompts(client));
    return {
      server: describeServer(client.getServerVersion()),
      tools: tools.map((t) => ({ name: t.spec.name, description: t.spec.description })),
      resources: resources.map((r) => ({ uri: r.uri, name: r.name })),
      prompts: prompts.map((p) => ({
        name: p.name,
        description: (p.description ?? '').slice(0, MAX_DESCRIPTION),
      })),
      ...(config ? { review: this.entry(config).review } : {}),
    };
  }

  /** Started, or starting: a request to it needs no new start. */
  isConnected(name: string): boolean {
    return this.#connections.has(name);
  }

  onConnected(fn: (server: string) => void): void {
    this.#onConnected.push(fn);
  }

  /** What a running (or started now) server says it offers: tools, resources, prompts… */
  async capabilities(name: string) {
    return (await this.#connect(name)).client.getServerCapabilities() ?? {};
  }

  /**
   * Something a server offers besides tools (a resource, a prompt, a list of them, completions),
   * asked through the door as `mcp.read` on server and MCP method: decided, audited like any read.
   * The result's content is what a model reads of it; `answer` what the server answered.
   */
  async read<T>(request: McpRead<T>, ctx: CallContext): Promise<{ result: ToolResult; answer?: T }> {
    const { server, method } = request;
    this.#mustBeOn(server);
    let answer: T | undefined;
    const result = await this.enclave.perform('mcp.read', { server, method, target: request.target }, ctx, {
      requests: [{ action: 'mcp.read', mcp: { server, tool: method }, sessionId: ctx.sessionId }],
      target: `mcp:${server}:${request.target}`,
      title: `Read ${request.target} from MCP server ${server}`,
      recheck: [],
      writes: false,
      effect: async () => {
        const { client } = await this.#connect(server);
        answer = await answerOf(server, () => request.ask(client));
        return { content: request.present(answer) };
      },
    });
    return answer === undefined ? { result } : { result, answer };
  }

  #mustBeOn(server: string): void {
    const config = this.store.get(server);
    if (config && !config.enabled) {
      throw new CoworkError(
        'CONFLICT',
        `MCP server "${server}" is off; review its tools ("cowork mcp test ${server}") and enable it.`,
      );
    }
  }

  /** A tool call through the door: decided on server and tool, audited, possibly approved first. */
  async call(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    ctx: CallContext,
  ): Promise<ToolResult> {
    const config = this.store.get(server);
    this.#mustBeOn(server);
    const connection = await this.#connect(server);
    // Servers may add tools after start (list-changed may still be on its way): list again once.
    if (!connection.validators.has(tool)) await this.tools(server);
    const validate = connection.validators.get(tool);
    const problem = !validate
      ? `Unknown tool "${tool}" on MCP server "${server}" (or its input schema is unusable).`
      : validate(args)
        ? undefined
        : `Invalid arguments for ${server}:${tool}: ${ajv.errorsText(validate.errors)}`;
    if (problem) {
      return toolFailure(`mcp:${server}:${tool}`, 'INVALID_ARGUMENTS', problem);
    }
    return this.enclave.perform(`mcp:${server}:${tool}`, args, ctx, {
      requests: [{ action: 'mcp.call', mcp: { server, tool }, sessionId: ctx.sessionId }],
      target: `mcp:${server}:${tool}`,
      title: `Call ${tool} on MCP server ${server}`,
      recheck: [],
      writes: false,
      effect: async () => {
        const { client, outputValidators, sandboxed } = await this.#connect(server);
        const timeout = config?.callTimeoutMs ?? CALL_TIMEOUT_MS;
        // A progress token asks the server for progress; aborting the signal sends it
        // notifications/cancelled (the SDK does both).
        const onprogress = progressReporter((p) =>
          this.#emit('mcp.progress', { server, tool, runId: ctx.runId, callId: ctx.callId ?? null, ...p }),
        );
        // A plain request: the SDK's callTool checks outputs only against the last page's schemas.
        // A server may answer that the person must open a page first (URL elicitation, -32042).
        const result = await withUrlElicitations(server, this.enclave, () =>
          client.request(
            { method: 'tools/call', params: { name: tool, arguments: args } },
            CallToolResultSchema,
            {
              timeout,
              onprogress,
              ...(ctx.signal ? { signal: ctx.signal } : {}),
            },
          ),
        ).catch((err: unknown) => {
          if (ctx.signal?.aborted)
            throw new CoworkError('CANCELLED', `${server}:${tool} was cancelled; the server was told.`);
          if (err instanceof McpError && err.code === ErrorCode.RequestTimeout)
            throw new CoworkError('TIMEOUT', `${server}:${tool} did not answer within ${timeout} ms.`);
          throw err;
        });
        const content = toolContent(result.content);
        if (result.isError)
          return {
            content,
            sandboxed,
            error: { code: 'PROVIDER_ERROR' as const, message: `${server}:${tool} reported an error.` },
          };
        const answer = withStructured(
          `${server}:${tool}`,
          content,
          result.structuredContent,
          outputValidators.get(tool),
          (v) => ajv.errorsText(v.errors),
        );
        return { ...answer, sandboxed };
      },
    });
  }

  /**
   * Saves a server's new configuration. A running HTTP server whose grants alone changed is told its
   * roots changed; anything else (a stdio server's grants are its mounts) restarts on next use.
   */
  async reconfigure(input: McpServerConfigInput): Promise<McpServerConfig> {
    const before = this.store.get(input.name);
    const pending = this.#connections.get(input.name);
    const after = this.store.put(input);
    const connection = await pending?.catch(() => undefined);
    if (connection && before && after.transport !== 'stdio' && onlyGrantsChanged(before, after)) {
      await connection.client.sendRootsListChanged().catch(() => this.stop(input.name));
    } else {
      await this.stop(input.name);
    }
    return after;
  }

  async stop(name: string): Promise<void> {
    this.#timedOut.delete(name);
    const pending = this.#connections.get(name);
    this.#connections.delete(name);
    const connection = await pending?.catch(() => undefined);
    if (!connection) return;
    this.#stopping.add(name);
    await connection.close();
    this.#emit('mcp.stopped', { server: name });
  }

  async stopAll(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#health);
    await Promise.all([...this.#connections.keys()].map((n) => this.stop(n)));
  }

  /** Pings running servers; one that does not answer is closed (and restarted on next use). */
  async #checkHealth(): Promise<void> {
    for (const [name, pending] of this.#connections) {
      const connection = await pending.catch(() => undefined);
      if (!connection) continue;
      try {
        await connection.client.ping({ timeout: 10_000 });
      } catch (err) {
        this.#emit('mcp.error', { server: name, message: `health check failed: ${(err as Error).message}` });
        await this.stop(name);
      }
    }
  }

  #connect(name: string): Promise<Connection> {
    const cached = this.#connections.get(name);
    if (cached) return cached;
    // A stopped connection's close may arrive after a new one has started: it forgets only itself.
    const forget = () => {
      if (this.#connections.get(name) === pending) this.#connections.delete(name);
    };
    const pending: Promise<Connection> = this.#open(name, forget);
    this.#connections.set(name, pending);
    // A failed start is not cached: the next use tries again (and reports its error again).
    pending.then(() => {
      if (!this.#closed) for (const fn of this.#onConnected) fn(name);
    }, forget);
    return pending;
  }

  async #open(name: string, forget: () => void): Promise<Connection> {
    const config = this.store.get(name);
    if (!config) throw new CoworkError('RESOURCE_NOT_FOUND', `No MCP server named "${name}".`);
    const crash = this.#crashes.get(name);
    if (crash && crash.count > 0) {
      const wait = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** (crash.count - 1)) - (Date.now() - crash.last);
      if (wait > 0)
        throw new CoworkError(
          'UNAVAILABLE',
          `MCP server "${name}" crashed; restarting in ${Math.ceil(wait / 1000)} s.`,
        );
    }
    const timedOut = this.#timedOut.get(name);
    if (timedOut && timedOut.until > Date.now()) throw timedOut.error;
    // One sign-in at a time: starting another would replace the PKCE verifier the open link needs.
    const waiting = this.oauth?.pendingUrl(name);
    if (waiting) throw signInNeeded(name, waiting);
    // Sampling and elicitation (forms and URLs, 2025-11-25) are offered: both go to the person as
    // approvals first. Roots are the server's grants.
    const capabilities = {
      elicitation: { form: {}, url: {} },
      roots: { listChanged: true },
      ...(this.sampler ? { sampling: {} } : {}),
    };
    const client = new Client({ name: 'cowork', version: '0.1.0' }, { capabilities });
    answerServerRequests(name, client, this.enclave, this.sampler);
    answerRoots(client, () => this.store.get(name)?.grants ?? []);
    takeServerLogs(name, client, this.logger);
    const parts = {
      enclave: this.enclave,
      logger: this.logger,
      oauth: this.oauth,
      onSignIn: (url: string) => this.#emit('mcp.auth_required', { server: name, url }),
    };
    const revealed = this.store.reveal(config);
    let transport = await openTransport(revealed, parts).catch((err: unknown) => {
      // A launch refused before any process ran (a missing runtime, a failed install) is news too.
      this.#emit('mcp.error', { server: name, message: (err as Error).message });
      throw err;
    });
    const startedAt = Date.now();
    const timeout = config.startTimeoutMs ?? START_TIMEOUT_MS;
    try {
      // A process that exits first closes the transport, which ends this wait at once.
      transport = await connectClient(client, transport, revealed, parts, timeout);
      await setServerLogLevel(client, config, this.logger);
    } catch (err) {
      await transport.close().catch(() => {});
      const signInUrl = err instanceof UnauthorizedError ? this.oauth?.pendingUrl(name) : undefined;
      if (signInUrl) throw signInNeeded(name, signInUrl);
      const end = transport instanceof SandboxedStdioTransport ? transport.end : undefined;
      const failure = startFailure(name, config, err, timeout, end, this.entry(config).review?.offeredGrants);
      this.logger.log('warn', 'mcp server failed to start', {
        module: 'mcp',
        server: name,
        error: String(err),
      });
      this.#emit('mcp.error', { server: name, message: failure.message });
      if (failure.details?.['timedOut'])
        this.#timedOut.set(name, { error: failure, until: Date.now() + TIMED_OUT_RETRY_MS });
      throw failure;
    }
    const connection: Connection = {
      client,
      close: () => client.close(),
      validators: new Map(),
      outputValidators: new Map(),
      sandboxed: transport instanceof SandboxedStdioTransport,
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      connection.validators.clear();
      connection.outputValidators.clear();
      this.#emit('mcp.tools_changed', { server: name });
    });
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () =>
      this.#emit('mcp.resources_changed', { server: name }),
    );
    client.setNotificationHandler(PromptListChangedNotificationSchema, () =>
      this.#emit('mcp.prompts_changed', { server: name }),
    );
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) =>
      this.#emit('mcp.resource_updated', { server: name, uri: n.params.uri }),
    );
    transport.onclose = () => {
      forget();
      if (this.#stopping.delete(name) || this.#closed) return;
      // Not asked to stop: a crash. Count it for the backoff unless it had run a clean minute.
      const previous = this.#crashes.get(name);
      const count = Date.now() - startedAt > 60_000 ? 1 : (previous?.count ?? 0) + 1;
      this.#crashes.set(name, { count, last: Date.now() });
      this.logger.log('warn', 'mcp server exited', { module: 'mcp', server: name });
      this.#emit('mcp.error', {
        server: name,
        message: `MCP server "${name}" exited unexpectedly; it restarts on next use.`,
      });
    };
    this.#emit('mcp.started', { server: name, version: client.getServerVersion() ?? null });
    return connection;
  }
}
