/**
 * The agent's run loop: model turn → tool calls → the door (policy, approvals, sandbox, audit) →
 * results → … until the model calls complete_task or the turns run out. States (thinking,
 * tool-wait, observation, done, error) and everything visible are events in the event log, so any
 * number of clients can watch, and a client that reconnects misses nothing. The conversation is
 * saved after every turn: a run cut off by a daemon restart is marked interrupted and can resume.
 */

import {
  CoworkError,
  Plan,
  type PolicyDecision,
  type RecordedPlan,
  RunPlanEvent,
  type ToolResult,
  UPDATE_PLAN_TOOL,
} from '../contracts/index.js';
import {
  AUTO_EDIT_ACTIONS,
  type CheckpointSink,
  canonicalJson,
  type Enclave,
  type SecretPattern,
} from '../enclave/index.js';
import type { LessonStore } from '../memory/index.js';
import {
  isLocalProvider,
  languageModel,
  type ModelChunk,
  type ModelMessage,
  type PriceTable,
  PromptRedactor,
  type ProviderStore,
  type Router,
  streamTurn,
  type ToolCallRequest,
} from '../models/index.js';
import { type BlobStore, type EventLog, type Logger, readSpooled } from '../store/index.js';
import type { ToolRegistry } from '../tools/index.js';
import type { CheckpointStore } from './checkpoints.js';
import { type ApprovalMode, type RunRecord, type RunStatus, RunStore } from './run-store.js';
import { systemPrompt } from './system-prompt.js';
import { COMPLETE_TASK, READ_OUTPUT, ToolBridge } from './tool-bridge.js';

export const DEFAULT_MAX_TURNS = 30;
export const DEFAULT_CONTEXT_WINDOW = 128_000;
/** Messages kept as they are when older ones are compressed. */
const KEEP_RECENT = 6;

interface TurnOutcome {
  text: string;
  calls: ToolCallRequest[];
  /** Whether anything reached the person: after that, a turn is never moved to another model. */
  streamed: boolean;
  error?: Extract<ModelChunk, { type: 'error' }>;
}
/** What the model sees of one tool result; the rest is left for paging (fs.read offset, spool). */
export const RESULT_CAP_BYTES = 64 * 1024;
export const RESULT_CAP_LINES = 200;
const WRITE_ACTIONS = AUTO_EDIT_ACTIONS;

export interface RunnerDeps {
  /** Full outputs that were too long for the model, for read_output. */
  blobs: BlobStore;
  /** Cowork's data folder (command output spools). */
  home: string;
  /** The person's extra secret patterns (redaction before send). */
  redactionPatterns?: SecretPattern[];
  router: Router;
  prices: PriceTable;
  checkpoints: CheckpointStore;
  db: ConstructorParameters<typeof RunStore>[0];
  events: EventLog;
  enclave: Enclave;
  tools: ToolRegistry;
  providers: ProviderStore;
  apiKey(providerId: string): string | undefined;
  logger: Logger;
  /** What the person taught the agent; the relevant lessons go into each new run's instructions. */
  lessons?: LessonStore;
}

export interface StartRun {
  prompt: string;
  folder: string;
  /** `<provider>/<model>`; without it the router picks (a matching rule, the default model). */
  model?: string | undefined;
  mode?: ApprovalMode;
  sessionId?: string;
  maxTurns?: number;
  approvalTimeoutMs?: number;
}

export class AgentRunner {
  readonly runs: RunStore;
  readonly #active = new Map<string, AbortController>();
  #shuttingDown = false;

  constructor(private readonly deps: RunnerDeps) {
    this.runs = new RunStore(deps.db);
    for (const run of this.runs.markInterrupted()) {
      deps.events.append({
        type: 'run.interrupted',
        sessionId: run.sessionId,
        payload: { runId: run.id, turn: run.turn },
      });
    }
  }

  /** Starts a run in the background and returns it; progress arrives as events. */
  start(input: StartRun): RunRecord {
    // Routed once, here: the run keeps this model (and a resume keeps it too).
    const route = input.model
      ? undefined
      : this.deps.router.choose({ taskType: 'agent' }, undefined, this.deps.providers.firstModel());
    const modelRef = input.model ?? route!.modelId;
    const { provider, model } = this.deps.providers.resolve(modelRef);
    const info = provider.models.find((m) => m.id === model);
    if (info?.supportsTools === false) {
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        `${modelRef} cannot call tools, so it cannot run agent tasks. Pick a model with tool support.`,
      );
    }
    const mode = input.mode ?? 'ask';
    const run = this.runs.create({
      sessionId: input.sessionId ?? `session-${Date.now().toString(36)}`,
      prompt: input.prompt,
      model: modelRef,
      mode,
      folder: input.folder,
      messages: [
        {
          role: 'system',
          text: systemPrompt(
            input.folder,
            mode,
            this.deps.lessons?.relevant(input.prompt, input.folder) ?? [],
          ),
        },
        { role: 'user', text: input.prompt },
      ],
    });
    this.#launch(run, { ...input, model: modelRef }, route);
    return run;
  }

  /** Continues an interrupted run from its last saved turn. */
  /**
   * Branches a run at a checkpoint: a new run with the conversation as it was when that step ran,
   * ready to resume (files are put back separately, with undo or revert).
   */
  fork(runId: string, checkpointId: number): RunRecord {
    const run = this.runs.get(runId);
    const cp = this.deps.checkpoints.get(checkpointId);
    if (!run || !cp || cp.runId !== runId)
      throw new CoworkError('RESOURCE_NOT_FOUND', `No checkpoint ${checkpointId} in run ${runId}.`);
    const branch = this.runs.create({
      sessionId: run.sessionId,
      prompt: run.prompt,
      model: run.model,
      mode: run.mode,
      folder: run.folder,
      messages: run.messages.slice(0, cp.messageCount + 1),
    });
    this.runs.saveTurn(branch.id, run.turn, branch.messages);
    this.runs.finish(branch.id, 'interrupted');
    this.#emit(branch, 'run.forked', { from: runId, checkpointId });
    return { ...branch, status: 'interrupted' };
  }

  resume(runId: string, options: Pick<StartRun, 'maxTurns' | 'approvalTimeoutMs'> = {}): RunRecord {
    const run = this.runs.get(runId);
    if (!run) throw new CoworkError('RESOURCE_NOT_FOUND', `No run ${runId}.`);
    if (run.status !== 'interrupted')
      throw new CoworkError('CONFLICT', `Run ${runId} is ${run.status}, not interrupted.`);
    this.runs.finish(runId, 'running');
    this.#emit(run, 'run.resumed', { turn: run.turn });
    this.#launch(
      { ...run, status: 'running' },
      { ...options, prompt: run.prompt, folder: run.folder, model: run.model, mode: run.mode },
    );
    return { ...run, status: 'running' };
  }

  cancel(runId: string): boolean {
    const controller = this.#active.get(runId);
    controller?.abort();
    return controller !== undefined;
  }

  /** Daemon shutdown: running runs become interrupted (resumable), not cancelled. */
  async stopAll(): Promise<void> {
    this.#shuttingDown = true;
    for (const [id, c] of this.#active) {
      const run = this.runs.get(id);
      this.runs.finish(id, 'interrupted');
      if (run) this.#emit(run, 'run.interrupted', { turn: run.turn });
      c.abort();
    }
  }

  #launch(run: RunRecord, input: StartRun, route?: ReturnType<Router['choose']>): void {
    const controller = new AbortController();
    this.#active.set(run.id, controller);
    void this.#loop(run, input, controller.signal, route)
      .catch((err) => this.#end(run, 'failed', { error: (err as Error).message }))
      .finally(() => this.#active.delete(run.id));
  }

  #emit(run: RunRecord, type: string, payload: Record<string, unknown>): void {
    if (this.#shuttingDown && type !== 'run.interrupted') return;
    this.deps.events.append({ type, sessionId: run.sessionId, payload: { runId: run.id, ...payload } });
  }

  #end(run: RunRecord, status: RunStatus, fields: { summary?: string; error?: string }): void {
    if (this.#shuttingDown) return;
    this.runs.finish(run.id, status, fields);
    this.#emit(run, `run.${status}`, fields);
    this.#emit(run, 'run.state', { state: status === 'completed' ? 'done' : 'error' });
  }

  async #loop(
    run: RunRecord,
    input: StartRun,
    signal: AbortSignal,
    routed?: ReturnType<Router['choose']>,
  ): Promise<void> {
    const { deps } = this;
    const maxTurns = input.maxTurns ?? DEFAULT_MAX_TURNS;
    const messages: ModelMessage[] = [...run.messages];
    const failures = new Map<string, number>();
    // A routed run reports the rule (or the default) that chose its model; a named one, the person.
    const route = routed ?? deps.router.choose({ taskType: 'agent' }, run.model, undefined);
    const fallbacks = [...route.fallbacks];
    let current = run.model;
    const redactors = new Map<string, PromptRedactor>();
    this.#emit(run, 'run.started', { model: run.model, mode: run.mode, folder: run.folder });
    this.#emit(run, 'run.routing', {
      modelId: current,
      ruleId: route.ruleId,
      reason: route.reason,
      fallbackFrom: null,
    });

    for (let turn = run.turn + 1; turn <= maxTurns; turn++) {
      if (signal.aborted) return this.#end(run, 'cancelled', { error: 'cancelled' });
      const { tools } = await deps.tools.list(run.sessionId);
      const bridge = new ToolBridge(tools, run.mode === 'read-only');
      if (turn === maxTurns - 2) {
        messages.push({
          role: 'user',
          text: 'Note: only two turns are left. Finish the work and call complete_task.',
        });
      }
      this.#compressIfNeeded(run, current, messages);
      this.#emit(run, 'run.state', { state: 'thinking', turn });

      // One turn, on one model. Only a failure before anything streamed may move to a fallback.
      let outcome: TurnOutcome;
      for (;;) {
        outcome = await this.#turn(run, current, messages, bridge, redactors, signal);
        if (!outcome.error || outcome.streamed || !outcome.error.retryable || fallbacks.length === 0) break;
        const next = fallbacks.shift()!;
        this.#emit(run, 'run.routing', {
          modelId: next,
          ruleId: route.ruleId,
          reason: `${current} failed: ${outcome.error.message}`,
          fallbackFrom: current,
        });
        current = next;
      }
      if (outcome.error) {
        if (outcome.error.code === 'CANCELLED')
          return this.#end(run, 'cancelled', { error: outcome.error.message });
        return this.#end(run, 'failed', { error: `${outcome.error.code}: ${outcome.error.message}` });
      }
      const { text, calls } = outcome;
      messages.push({
        role: 'assistant',
        ...(text ? { text } : {}),
        ...(calls.length ? { toolCalls: calls } : {}),
      });

      const finish = calls.find((c) => c.name === COMPLETE_TASK);
      if (finish) {
        this.runs.saveTurn(run.id, turn, messages);
        return this.#end(run, 'completed', { summary: String(finish.arguments.summary ?? '') });
      }
      if (calls.length === 0) {
        messages.push({
          role: 'user',
          text: 'Continue with the task using the tools, or call complete_task if it is done.',
        });
        this.runs.saveTurn(run.id, turn, messages);
        continue;
      }

      this.#emit(run, 'run.state', { state: 'tool-wait', turn });
      const results = await this.#runTools(run, bridge, calls, input, signal, messages.length);
      messages.push({ role: 'tool', results });
      this.#emit(run, 'run.state', { state: 'observation', turn });
      this.runs.saveTurn(run.id, turn, messages);

      for (const r of results.filter((x) => x.isError)) {
        const call = calls.find((c) => c.id === r.id)!;
        const signature = `${call.name}:${canonicalJson(call.arguments)}:${r.text.slice(0, 200)}`;
        const seen = (failures.get(signature) ?? 0) + 1;
        failures.set(signature, seen);
        if (seen >= 2) {
          return this.#end(run, 'failed', {
            error: `The same call failed twice (${call.name}): ${r.text.slice(0, 300)}`,
          });
        }
      }
    }
    return this.#end(run, 'failed', { error: `No complete_task within ${maxTurns} turns.` });
  }

  /** Streams one model turn; text goes out as events while it arrives. */
  async #turn(
    run: RunRecord,
    modelRef: string,
    messages: ModelMessage[],
    bridge: ToolBridge,
    redactors: Map<string, PromptRedactor>,
    signal: AbortSignal,
  ): Promise<TurnOutcome> {
    const { provider, model: modelName } = this.deps.providers.resolve(modelRef);
    const model = await languageModel(provider, modelName, this.deps.apiKey(provider.id));
    let request = { messages, tools: bridge.tools };
    let redactor: PromptRedactor | undefined;
    if (!isLocalProvider(provider)) {
      redactor = redactors.get(provider.id) ?? new PromptRedactor(this.deps.redactionPatterns ?? []);
      redactors.set(provider.id, redactor);
      const redacted = redactor.redactRequest(request);
      request = { ...redacted.request, tools: bridge.tools };
      if (redacted.redactions.length) this.#emit(run, 'run.redacted', { redactions: redacted.redactions });
    }
    let text = '';
    let streamed = false;
    const calls: ToolCallRequest[] = [];
    const started = performance.now();
    for await (const chunk of streamTurn(model, request, {
      retries: provider.retries.max,
      baseDelayMs: provider.retries.baseDelayMs,
      timeoutMs: provider.timeouts.requestMs,
      signal,
      onRetry: (attempt, error, delayMs) => this.#emit(run, 'run.retry', { attempt, error, delayMs }),
    })) {
      if (chunk.type === 'text') {
        streamed = true;
        text += chunk.text;
        this.#emit(run, 'run.text', { delta: chunk.text });
      } else if (chunk.type === 'tool-call') {
        streamed = true;
        calls.push(
          redactor ? { ...chunk.call, arguments: redactor.restore(chunk.call.arguments) } : chunk.call,
        );
      } else if (chunk.type === 'usage') {
        this.#recordUsage(
          run,
          modelRef,
          chunk.tokensIn,
          chunk.tokensOut,
          performance.now() - started,
          isLocalProvider(provider),
        );
      } else if (chunk.type === 'error') {
        return { text, calls, streamed, error: chunk };
      }
    }
    return { text, calls, streamed };
  }

  /**
   * Near 80% of the model's context window, older turns are folded into a short note: the system
   * prompt, the task and the latest turns stay as they were.
   */
  #compressIfNeeded(run: RunRecord, modelRef: string, messages: ModelMessage[]): void {
    const { provider, model } = this.deps.providers.resolve(modelRef);
    const window = provider.models.find((m) => m.id === model)?.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
    const estimate = (ms: ModelMessage[]) => Math.ceil(JSON.stringify(ms).length / 4);
    const before = estimate(messages);
    if (before < window * 0.8 || messages.length <= KEEP_RECENT + 3) return;
    // Keep whole exchanges: the kept tail must start at an assistant message, never at tool results.
    let cut = messages.length - KEEP_RECENT;
    while (cut > 2 && messages[cut]!.role !== 'assistant') cut--;
    if (cut <= 2) return;
    const older = messages.slice(2, cut);
    const lines = older.flatMap((m) =>
      m.role === 'assistant'
        ? (m.toolCalls ?? []).map((c) => `- called ${c.name} ${JSON.stringify(c.arguments).slice(0, 120)}`)
        : m.role === 'tool'
          ? m.results.map(
              (r) => `  → ${r.isError ? 'failed' : 'ok'}: ${r.text.split('\n')[0]!.slice(0, 120)}`,
            )
          : [],
    );
    // The plan's update_plan calls may be among the folded ones: the note keeps the current plan.
    const plan = this.currentPlan(run);
    const planNote = plan
      ? `\nYour current plan:\n${plan.steps.map((p) => `- [${p.status}] ${p.step}`).join('\n')}`
      : '';
    messages.splice(2, cut - 2, {
      role: 'user',
      text: `[Earlier work, compressed to save context:\n${lines.join('\n')}${planNote}]`,
    });
    this.#emit(run, 'run.compressed', {
      tokensBefore: before,
      tokensAfter: estimate(messages),
      foldedMessages: older.length,
    });
  }

  /**
   * update_plan: the whole plan, checked, then recorded as a `run.plan` event (the person's
   * checklist). A bad plan goes back to the model as a tool error; the run goes on.
   */
  #updatePlan(run: RunRecord, call: ToolCallRequest): ToolResult {
    const parsed = Plan.safeParse(call.arguments);
    if (!parsed.success) {
      const why = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || 'plan'}: ${i.message}`)
        .join('; ');
      return refused(call.id, `Invalid plan (${why}). Send the whole plan again, fixed.`);
    }
    const { explanation, steps } = parsed.data;
    this.#emit(run, 'run.plan', { ...(explanation ? { explanation } : {}), steps });
    const done = steps.filter((s) => s.status === 'completed').length;
    return {
      callId: call.id,
      success: true,
      content: [{ type: 'text', text: `Plan updated: ${done} of ${steps.length} steps completed.` }],
      error: null,
      meta: { durationMs: 0, sandboxed: false, outputSpoolRef: null },
    };
  }

  /** The run's latest plan, from its `run.plan` events (what a reloaded client replays too). */
  currentPlan(run: Pick<RunRecord, 'id' | 'sessionId'>): RecordedPlan | undefined {
    const event = this.deps.events.latestOfRun(run.sessionId, 'run.plan', run.id);
    const parsed = RunPlanEvent.safeParse(event?.payload);
    if (!parsed.success) return undefined;
    const { runId: _r, ...plan } = parsed.data;
    return plan;
  }

  /** read_output: a window of a long output the model only saw the start of. */
  #readOutput(call: ToolCallRequest): ToolResult {
    const ref = String(call.arguments.ref ?? '');
    const offset = Math.max(0, Number(call.arguments.offset ?? 0) || 0);
    const length = Math.min(
      RESULT_CAP_BYTES,
      Math.max(1, Number(call.arguments.length ?? RESULT_CAP_BYTES) || RESULT_CAP_BYTES),
    );
    try {
      let window: string;
      let size: number;
      if (ref.startsWith('blob:')) {
        const full = this.deps.blobs.get(ref.slice(5)).toString('utf8');
        window = full.slice(offset, offset + length);
        size = full.length;
      } else if (ref.startsWith('spool:')) {
        ({ text: window, size } = readSpooled(this.deps.home, ref.slice(6), offset, length));
      } else {
        return refused(call.id, `Unknown output ref "${ref}".`);
      }
      const more =
        offset + window.length < size
          ? `\n[${size - offset - window.length} more characters from offset ${offset + window.length}]`
          : '\n[end]';
      return {
        callId: call.id,
        success: true,
        content: [{ type: 'text', text: window + more }],
        error: null,
        meta: { durationMs: 0, sandboxed: false, outputSpoolRef: null },
      };
    } catch {
      return refused(call.id, `Output ${ref} is not available.`);
    }
  }

  /** Usage per call, kept per run and session, with its cost from the person's price table. */
  #recordUsage(
    run: RunRecord,
    modelRef: string,
    tokensIn: number,
    tokensOut: number,
    latencyMs: number,
    local: boolean,
  ): void {
    const costUsd = this.deps.prices.cost(modelRef, tokensIn, tokensOut, local);
    this.deps.db
      .prepare(
        'INSERT INTO usage (run_id, session_id, model, tokens_in, tokens_out, latency_ms, cost_usd, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        run.id,
        run.sessionId,
        modelRef,
        tokensIn,
        tokensOut,
        latencyMs,
        costUsd,
        new Date().toISOString(),
      );
    this.#emit(run, 'run.usage', {
      modelId: modelRef,
      sessionId: run.sessionId,
      runId: run.id,
      tokensIn,
      tokensOut,
      latencyMs,
      costUsd,
    });
  }

  /** Totals for a run or a session. */
  usage(filter: { runId?: string; sessionId?: string }): {
    calls: number;
    tokensIn: number;
    tokensOut: number;
    costUsd: number | null;
  } {
    const [column, value] = filter.runId ? ['run_id', filter.runId] : ['session_id', filter.sessionId ?? ''];
    const row = this.deps.db
      .prepare(
        `SELECT COUNT(*) AS calls, COALESCE(SUM(tokens_in),0) AS tin, COALESCE(SUM(tokens_out),0) AS tout, SUM(cost_usd) AS cost, SUM(cost_usd IS NULL) AS unknown FROM usage WHERE ${column} = ?`,
      )
      .get(value) as {
      calls: number;
      tin: number;
      tout: number;
      cost: number | null;
      unknown: number | null;
    };
    return {
      calls: row.calls,
      tokensIn: row.tin,
      tokensOut: row.tout,
      costUsd: row.unknown ? null : (row.cost ?? 0),
    };
  }

  /** Read-only calls run side by side; anything that changes state runs one at a time, in order. */
  async #runTools(
    run: RunRecord,
    bridge: ToolBridge,
    calls: ToolCallRequest[],
    input: StartRun,
    signal: AbortSignal,
    messageCount: number,
  ) {
    const checkpoint = this.deps.checkpoints.sinkFor(
      run.id,
      run.sessionId,
      () => messageCount,
      (message) => this.#emit(run, 'checkpoint.skipped', { message }),
    );
    const results: { id: string; name: string; text: string; isError?: boolean }[] = [];
    let i = 0;
    while (i < calls.length) {
      const batch = bridge.isReadOnly(calls[i]!.name)
        ? calls.slice(i).filter((_c, k, all) => all.slice(0, k + 1).every((x) => bridge.isReadOnly(x.name)))
        : [calls[i]!];
      const outcomes = await Promise.all(
        batch.map((c) => this.#runTool(run, bridge, c, input, signal, checkpoint)),
      );
      results.push(...outcomes);
      i += batch.length;
    }
    return results;
  }

  async #runTool(
    run: RunRecord,
    bridge: ToolBridge,
    call: ToolCallRequest,
    input: StartRun,
    signal: AbortSignal,
    checkpoint: CheckpointSink,
  ) {
    const id = bridge.idFor(call.name);
    this.#emit(run, 'run.tool_call', { callId: call.id, tool: id ?? call.name, arguments: call.arguments });
    let result: ToolResult;
    if (call.name === READ_OUTPUT) {
      result = this.#readOutput(call);
    } else if (call.name === UPDATE_PLAN_TOOL) {
      result = this.#updatePlan(run, call);
    } else if (!id) {
      result = refused(call.id, `There is no tool named ${call.name}.`);
    } else if (signal.aborted) {
      result = refused(call.id, 'The run was cancelled.');
    } else {
      result = await this.deps.tools.call(id, call.arguments, {
        actor: 'agent',
        sessionId: run.sessionId,
        runId: run.id,
        cwd: run.folder,
        wait: true,
        checkpoint,
        ...(input.approvalTimeoutMs === undefined ? {} : { approvalTimeoutMs: input.approvalTimeoutMs }),
        autoApprove: (decision: PolicyDecision, action: string) =>
          run.mode === 'auto-edit' && WRITE_ACTIONS.has(action) && decision.reasonCode === 'OVERWRITE_UNOWNED'
            ? 'mode:auto-edit'
            : undefined,
      });
    }
    const { text, truncated } = capForModel(result, (full) =>
      result.meta.outputSpoolRef
        ? `spool:${result.meta.outputSpoolRef}`
        : `blob:${this.deps.blobs.put(Buffer.from(full))}`,
    );
    this.#emit(run, 'run.tool_result', {
      callId: call.id,
      tool: id ?? call.name,
      success: result.success,
      error: result.error,
      preview: text.slice(0, 2000),
      truncated,
      durationMs: result.meta.durationMs,
    });
    return { id: call.id, name: call.name, text, ...(result.success ? {} : { isError: true }) };
  }
}

function refused(callId: string, message: string): ToolResult {
  return {
    callId,
    success: false,
    content: [],
    error: { code: 'INVALID_ARGUMENTS', message },
    meta: { durationMs: 0, sandboxed: false, outputSpoolRef: null },
  };
}

/** At most 64 KB and 200 lines go back to the model; it is told how to see the rest. */
export function capForModel(
  result: ToolResult,
  keep: (full: string) => string,
): { text: string; truncated: boolean } {
  const body = result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
  const full = result.success
    ? body
    : `ERROR ${result.error?.code}: ${result.error?.message}${body ? `\n${body}` : ''}`;
  const lines = full.split('\n');
  let text = lines.slice(0, RESULT_CAP_LINES).join('\n');
  if (Buffer.byteLength(text) > RESULT_CAP_BYTES)
    text = Buffer.from(text).subarray(0, RESULT_CAP_BYTES).toString('utf8');
  const truncated = text.length < full.length;
  if (truncated || result.meta.outputSpoolRef) {
    const ref = keep(full);
    text += `\n[truncated: showed ${text.length} characters. Call read_output with ref "${ref}" and an offset to read the rest.]`;
  }
  return { text, truncated };
}
