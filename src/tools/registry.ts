/**
 * The one registry built-in and MCP tools share. Ids are global (`builtin:fs.read`,
 * `mcp:<server>:<tool>`), the order is stable (built-ins, then servers by name, then tools by name),
 * and every call ends at the enclave's door.
 */
import { CoworkError, type RegisteredTool, type ToolResult, toErrorInfo } from '../contracts/index.js';
import { type CallContext, type Enclave, failedResult } from '../enclave/index.js';
import type { Database, EventLog, Logger, SecretStore } from '../store/index.js';
import { builtinTools } from './builtin.js';
import type { LocalTool } from './local-tool.js';
import type { McpManager } from './mcp/mcp-manager.js';
import type { McpOAuthOptions } from './mcp/oauth.js';
import { mcpOfferTools, type OfferTool } from './mcp/offer-tools.js';
import { SubscriptionStore } from './mcp/subscriptions.js';
import type { Sampler } from './sampler.js';

/** Above this many tools, models choose worse: the list says so, and suggests a selection. */
export const TOOL_COUNT_WARNING = 40;

/** `builtin:*`, `mcp:github:*`, or an exact id. */
function matchesPattern(id: string, pattern: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern;
}

export type { LocalTool } from './local-tool.js';

export class ToolRegistry {
  #mcp: McpManager | undefined;
  readonly #local = new Map<string, LocalTool>();
  /** Resources and prompts as tools: listed while an enabled server offers them. */
  readonly #offerTools = new Map<string, OfferTool>(
    mcpOfferTools(() => this.mcp()).map((t) => [t.spec.id, t]),
  );

  constructor(
    private readonly enclave: Enclave,
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly events: EventLog,
    /** Answers an MCP server's sampling request with the person's model (after their approval). */
    /** Keeps MCP servers' secret env values and headers. */
    private readonly mcpOptions: { sampler?: Sampler; oauth?: McpOAuthOptions; secrets?: SecretStore } = {},
  ) {}

  /** The MCP side is loaded on first use: a daemon without MCP servers never pays for the SDK. */
  async mcp(): Promise<McpManager> {
    if (!this.#mcp) {
      const { McpManager } = await import('./mcp/mcp-manager.js');
      const { renewSubscriptions } = await import('./mcp/offers.js');
      if (!this.#mcp) {
        this.#mcp = new McpManager(
          this.enclave,
          this.db,
          this.logger,
          this.events,
          this.mcpOptions.sampler,
          this.mcpOptions.oauth,
          this.mcpOptions.secrets,
        );
        renewSubscriptions(this.#mcp, (server, message) =>
          this.events.append({ type: 'mcp.error', payload: { server, message } }),
        );
      }
    }
    return this.#mcp;
  }

  /**
   * At daemon start: when the person subscribed to resources, their servers are started (in the
   * background) and subscribed again. Without subscriptions the MCP side stays unloaded.
   */
  resumeSubscriptions(): void {
    if (new SubscriptionStore(this.db).list().length === 0) return;
    setTimeout(() => void this.mcp().catch(() => {}), 0).unref();
  }

  addLocal(...tools: LocalTool[]): void {
    for (const t of tools) this.#local.set(t.spec.id, t);
  }

  /** Restricts a session to the tools matching `patterns` (empty: every tool again). */
  select(sessionId: string, patterns: string[]): void {
    if (patterns.length === 0)
      this.db.prepare('DELETE FROM session_tools WHERE session_id = ?').run(sessionId);
    else {
      this.db
        .prepare(
          'INSERT INTO session_tools (session_id, patterns) VALUES (?, ?) ON CONFLICT(session_id) DO UPDATE SET patterns = excluded.patterns',
        )
        .run(sessionId, JSON.stringify(patterns));
    }
  }

  #selection(sessionId: string | undefined): string[] | undefined {
    if (!sessionId) return undefined;
    const row = this.db.prepare('SELECT patterns FROM session_tools WHERE session_id = ?').get(sessionId) as
      | { patterns: string }
      | undefined;
    return row ? (JSON.parse(row.patterns) as string[]) : undefined;
  }

  async list(sessionId?: string): Promise<{
    tools: RegisteredTool[];
    errors: { server: string; message: string }[];
    warnings: string[];
  }> {
    const all = await this.#all();
    const selection = this.#selection(sessionId);
    const tools = selection
      ? all.tools.filter((t) => selection.some((p) => matchesPattern(t.id, p)))
      : all.tools;
    const warnings =
      tools.length > TOOL_COUNT_WARNING
        ? [
            `${tools.length} tools are enabled; models choose better with fewer than ${TOOL_COUNT_WARNING}. Select the ones this session needs.`,
          ]
        : [];
    return { tools, errors: all.errors, warnings };
  }

  async #all(): Promise<{ tools: RegisteredTool[]; errors: { server: string; message: string }[] }> {
    const tools = [...builtinTools(), ...[...this.#local.values()].map((t) => t.spec)];
    const errors: { server: string; message: string }[] = [];
    const mcp = await this.mcp();
    const servers = mcp.store.list().filter((s) => s.enabled);
    const offered = new Set<string>();
    const serverTools: RegisteredTool[] = [];
    // All at once, each within its own start timeout: a broken server never delays the others.
    const listed = await Promise.allSettled(
      servers.map(async (s) => ({ tools: await mcp.tools(s.name), caps: await mcp.capabilities(s.name) })),
    );
    listed.forEach((answer, i) => {
      if (answer.status === 'fulfilled') {
        serverTools.push(...answer.value.tools.sort((a, b) => a.id.localeCompare(b.id)));
        if (answer.value.caps.resources) offered.add('resources');
        if (answer.value.caps.prompts) offered.add('prompts');
      }
      // Never a silent failure: the caller shows which server is down and why.
      else errors.push({ server: servers[i]!.name, message: (answer.reason as Error).message });
    });
    for (const t of this.#offerTools.values()) if (offered.has(t.offeredBy)) tools.push(t.spec);
    return { tools: [...tools, ...serverTools], errors };
  }

  async call(id: string, args: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    const selection = this.#selection(ctx.sessionId ?? undefined);
    if (selection && !selection.some((p) => matchesPattern(id, p))) {
      return failure(
        id,
        new CoworkError('PERMISSION_DENIED', `${id} is not among the tools selected for this session.`),
      );
    }
    // A built-in tool answers to its bare name too (`memory.search` as `builtin:memory.search`), like the door's own operations.
    const local = this.#local.get(id) ?? this.#local.get(`builtin:${id}`) ?? this.#offerTools.get(id);
    if (local) {
      try {
        return await local.call(args, ctx);
      } catch (err) {
        return failure(id, err);
      }
    }
    if (!id.startsWith('mcp:')) {
      const op = id.startsWith('builtin:') ? id.slice('builtin:'.length) : id;
      return this.enclave.perform(op, args, ctx);
    }
    const [, server, ...rest] = id.split(':');
    const tool = rest.join(':');
    if (!server || !tool) {
      return failure(id, new CoworkError('INVALID_ARGUMENTS', `"${id}" is not an mcp:<server>:<tool> id.`));
    }
    try {
      return await (await this.mcp()).call(server, tool, args, ctx);
    } catch (err) {
      return failure(id, err);
    }
  }

  /** What the MCP servers behind `tools` say about using them, for the agent's system prompt. */
  async instructions(tools: readonly RegisteredTool[]): Promise<{ server: string; text: string }[]> {
    const servers = [
      ...new Set(tools.filter((t) => t.source.startsWith('mcp:')).map((t) => t.source.slice(4))),
    ];
    return servers.length && this.#mcp ? this.#mcp.instructions(servers) : [];
  }

  async close(): Promise<void> {
    await this.#mcp?.stopAll();
  }
}

/** Every tool call answers with a tool result, failures included (the agent reads them). */
function failure(id: string, err: unknown): ToolResult {
  // Anything else went wrong on the way to the tool (an MCP server that failed): unavailable.
  const unavailable = (e: unknown) => ({
    code: 'UNAVAILABLE' as const,
    message: (e as Error)?.message ?? String(e),
  });
  return failedResult(id, toErrorInfo(err, unavailable));
}
