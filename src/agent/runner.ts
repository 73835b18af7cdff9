/**
 * The agent's run loop: model turn → tool calls → the door (policy, approvals, sandbox, audit) →
 * results → … until the model calls complete_task or the turns run out. States (thinking,
 * tool-wait, observation, done, error) and everything visible are events in the event log, so any
 * number of clients can watch, and a client that reconnects misses nothing. The conversation is
 * saved after every model answer and every tool result, and each tool call goes through the step
 * journal (step-journal.ts): a run cut off by a daemon restart is marked interrupted and resumes
 * without repeating what was done.
 */

import {
  CoworkError,
  type DaemonEventType,
  type EventPayload,
  PAUSED_BY_YOU,
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
  toolFailure,
} from '../enclave/index.js';
import type { LessonSimilarity, LessonStore, PersonaStore } from '../memory/index.js';
import {
  isLocalProvider,
  languageModel,
  logProviderFailure,
  type ModelChunk,
  type ModelMessage,
  mediaInputs,
  type PriceTable,
  PromptRedactor,
  type ProviderStore,
  type Router,
  streamTurn,
  type ToolCallRequest,
  type TurnRequest,
} from '../models/index.js';
import { type BlobStore, type EventLog, isDiskFull, type Logger } from '../store/index.js';
import type { ToolRegistry } from '../tools/index.js';
import type { CheckpointStore } from './checkpoints.js';
import { compressContext, DEFAULT_CONTEXT_WINDOW } from './context-compression.js';
import { continuedConversation } from './continued-conversation.js';
import { capForModel } from './output-cap.js';
import { projectInstructionsSection, readProjectInstructions } from './project-instructions.js';
import { type ApprovalMode, type RunOptions, type RunRecord, RunStore } from './run-store.js';
import { completion, READ_OUTPUT, readOutput, updatePlan } from './runner-tools.js';
import {
  type ServerInstructions,
  serverInstructionsText,
  withSystemSections,
} from './server-instructions.js';
import { StepJournal, type StepKey, type StepResult } from './step-journal.js';
import { systemPrompt } from './system-prompt.js';
import { ToolBridge } from './tool-bridge.js';
import { mediaOf } from './tool-media.js';
import { UsageStore, type UsageTotals } from './usage-store.js';

export const DEFAULT_MAX_TURNS = 30;

/** What one run's loop carries from turn to turn. */
interface LoopState {
  maxTurns: number;
  messages: ModelMessage[];
  signal: AbortSignal;
  route: ReturnType<Router['choose']>;
  /** Models still to try when the current one fails before anything streamed. */
  fallbacks: string[];
  current: string;
  /** One per cloud provider: placeholders stay stable across the run's turns. */
  redactors: Map<string, PromptRedactor>;
  /** What this turn's MCP servers say about using them (added to the system prompt per turn). */
  instructions: ServerInstructions[];
  /** The project's instruction files as a system-prompt section (read once when the run starts). */
  project: string;
  /** A code project's repository map and the code tools' line (made once when the run starts). */
  overview: string;
}

interface TurnOutcome {
  text: string;
  calls: ToolCallRequest[];
  /** Whether anything reached the person: after that, a turn is never moved to another model. */
  streamed: boolean;
  error?: Extract<ModelChunk, { type: 'error' }>;
}
/** How a run ends, with what its `run.<status>` event says. */
type RunEnding =
  | { status: 'completed'; summary: string }
  | { status: 'cancelled'; error: string }
  | ({ status: 'failed'; error: string } & Pick<EventPayload<'run.failed'>, 'code' | 'provider'>);

/** The events a run appends: each carries the run's id. */
type RunEventType = {
  [T in DaemonEventType]: EventPayload<T> extends { runId: string } ? T : never;
}[DaemonEventType];

const WRITE_ACTIONS = AUTO_EDIT_ACTIONS;
/** The abort reason of a paused run's signal: its loop unwinds without ending the run. */
const PAUSED = new Error(PAUSED_BY_YOU);
const pausedBy = (signal: AbortSignal) => signal.reason === PAUSED;
/** How often a run stopped by a full disk tries again to record that it is interrupted. */
const DISK_FULL_RETRY_MS = 5000;

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
  /** Named ways of working a run may be started with (`runs.start`'s `persona`). */
  personas?: PersonaStore;
  /** Closeness in meaning of lessons to a task, when the memory embedder runs (words otherwise). */
  lessonSimilarity?: LessonSimilarity;
  /**
   * What a coding task starts with: a ranked map of the folder's code when it is a code project
   * (perception's taskOverview); nothing otherwise.
   */
  taskOverview?(run: {
    folder: string;
    prompt: string;
    sessionId: string;
    runId: string;
  }): Promise<string | undefined>;
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
  /** A run whose conversation this one carries on, in its session (`cowork run --resume`). */
  continueRun?: string | undefined;
  origin?: RunOptions['origin'];
  /**
   * The run's id, when the caller must know it before the run exists (a workforce names each
   * attempt's run, so a restart finds it instead of starting it twice). CONFLICT when taken.
   */
  id?: string;
  workerRole?: RunOptions['workerRole'];
  tools?: RunOptions['tools'];
  /** A persona's id or name: its instructions and lessons join the system prompt. */
  persona?: string | undefined;
}

export class AgentRunner {
  readonly runs: RunStore;
  readonly #usage: UsageStore;
  readonly #journal: StepJournal;
  readonly #active = new Map<string, AbortController>();
  /** Each run's loop until it has unwound: a resumed run goes on only after its paused loop ends. */
  readonly #loops = new Map<string, Promise<void>>();
  #shuttingDown = false;

  constructor(private readonly deps: RunnerDeps) {
    this.runs = new RunStore(deps.db);
    this.#usage = new UsageStore(deps.db);
    this.#journal = new StepJournal(deps.db);
    for (const run of this.runs.markInterrupted()) this.#emit(run, 'run.interrupted', { turn: run.turn });
    // An approval asked before a restart still counts: approving it picks the interrupted run up.
    deps.events.subscribe((event) => {
      if (event.type !== 'approval.decided') return;
      const { approval, decision } = event.payload as EventPayload<'approval.decided'>;
      // The person's answer, either way (a timeout does not wake a run nobody watches).
      if (decision.decidedBy !== 'user' || !approval.runId || this.#active.has(approval.runId)) return;
      const step = this.#journal.stepOfApproval(approval.id);
      if (step?.runId !== approval.runId || this.runs.get(step.runId)?.status !== 'interrupted') return;
      queueMicrotask(() => {
        try {
          this.resume(step.runId);
        } catch (err) {
          deps.logger.log('warn', 'resume after approval failed', {
            module: 'agent',
            runId: step.runId,
            error: String(err),
          });
        }
      });
    });
  }

  /** Starts a run in the background and returns it; progress arrives as events. */
  start(input: StartRun): RunRecord {
    // Routed once, here: the run keeps this model (and a resume keeps it too).
    const route = input.model
      ? undefined
      : this.deps.router.choose(routeRequest(input), undefined, this.deps.providers.firstModel());
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
    const earlier = input.continueRun === undefined ? undefined : this.runs.get(input.continueRun);
    if (input.continueRun !== undefined && !earlier)
      throw new CoworkError('RESOURCE_NOT_FOUND', `No run ${input.continueRun}.`);
    if (input.id !== undefined && this.runs.get(input.id))
      throw new CoworkError('CONFLICT', `Run ${input.id} exists already.`);
    const run = this.runs.create({
      ...(input.id === undefined ? {} : { id: input.id }),
      sessionId: earlier?.sessionId ?? input.sessionId ?? `session-${Date.now().toString(36)}`,
      prompt: input.prompt,
      model: modelRef,
      mode,
      folder: input.folder,
      options: optionsOf(input),
      messages: [
        {
          role: 'system',
          text: this.#systemPrompt(input, mode),
        },
        ...continuedConversation(earlier?.messages ?? []),
        { role: 'user', text: input.prompt },
      ],
    });
    this.#launch(run, { ...input, model: modelRef }, route);
    return run;
  }

  /**
   * The instructions a new run starts with: the lessons relevant to its task and, with a persona,
   * the persona's instructions and its own lessons (each lesson once, rules first).
   */
  #systemPrompt(input: StartRun, mode: ApprovalMode, similarity?: ReadonlyMap<string, number>): string {
    const persona = input.persona === undefined ? undefined : this.deps.personas?.find(input.persona);
    if (input.persona !== undefined && !persona)
      throw new CoworkError('RESOURCE_NOT_FOUND', `No persona named ${input.persona}.`);
    const lessons = this.deps.lessons;
    const chosen = persona && lessons ? persona.lessonIds.flatMap((id) => lessons.find(id) ?? []) : [];
    const relevant = lessons?.relevant(input.prompt, input.folder, undefined, similarity) ?? [];
    const all = [...new Map([...chosen, ...relevant].map((l) => [l.id, l])).values()].sort(
      (a, b) => Number(b.kind === 'hard') - Number(a.kind === 'hard'),
    );
    return systemPrompt(input.folder, mode, all, persona);
  }

  /**
   * Before a new run's first turn, with the embedder running: its lessons chosen by meaning too
   * (the system prompt made at start went by words alone, which start() can choose without waiting).
   */
  async #lessonsByMeaning(run: RunRecord, input: StartRun, messages: ModelMessage[]): Promise<void> {
    const { lessons, lessonSimilarity } = this.deps;
    if (!lessons || !lessonSimilarity || messages[0]?.role !== 'system') return;
    const similarity = await lessonSimilarity.of(run.prompt, lessons.list()).catch(() => undefined);
    if (!similarity) return;
    messages[0] = {
      role: 'system',
      text: this.#systemPrompt({ ...input, folder: run.folder }, run.mode, similarity),
    };
  }

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
      options: run.options,
      messages: run.messages.slice(0, cp.messageCount + 1),
    });
    this.runs.saveTurn(branch.id, run.turn, branch.messages);
    this.runs.finish(branch.id, 'interrupted');
    this.#emit(branch, 'run.forked', { from: runId, checkpointId });
    return { ...branch, status: 'interrupted' };
  }

  /** Continues an interrupted run from where it was cut off, with the options it was started with. */
  resume(runId: string, options: RunOptions = {}): RunRecord {
    const run = this.runs.get(runId);
    if (!run) throw new CoworkError('RESOURCE_NOT_FOUND', `No run ${runId}.`);
    if (run.status !== 'interrupted')
      throw new CoworkError('CONFLICT', `Run ${runId} is ${run.status}, not interrupted.`);
    this.runs.finish(runId, 'running');
    this.#emit(run, 'run.resumed', { turn: run.turn });
    this.#launch(
      { ...run, status: 'running' },
      {
        ...run.options,
        ...options,
        prompt: run.prompt,
        folder: run.folder,
        model: run.model,
        mode: run.mode,
      },
    );
    return { ...run, status: 'running' };
  }

  /**
   * Stops a run now: its pending approvals are withdrawn (every client's card goes), so a call
   * waiting on one returns at once. An interrupted run is cancelled too (it will not resume).
   */
  cancel(runId: string): boolean {
    // A paused run whose loop still unwinds is cancelled as an interrupted one.
    const active = this.#active.get(runId);
    const controller = active && !pausedBy(active.signal) ? active : undefined;
    const run = this.runs.get(runId);
    if (!controller && run?.status !== 'interrupted') return false;
    controller?.abort();
    this.deps.enclave.approvals.withdrawRun(runId, 'The run was cancelled.');
    if (!controller && run) this.#end(run, { status: 'cancelled', error: 'cancelled' });
    return true;
  }

  /** The instruction files a run in `folder` would use, with what of each goes in (`runs.instructions`). */
  async projectInstructions(folder: string) {
    const files = await readProjectInstructions(this.deps.enclave, folder, { sessionId: null, runId: null });
    return projectInstructionsSection(files).used.map(({ label, bytes, cut }) => ({
      path: label,
      bytes,
      cut,
    }));
  }

  /**
   * Stops every running run at once, as a daemon shutdown does: each becomes interrupted
   * (resumable, not cancelled) and marked as paused by the person, and its pending approvals are
   * withdrawn. A call it had started is settled by the step journal on resume, as after a kill:
   * nothing done is repeated or lost. New runs still start meanwhile (pause is about what runs now).
   */
  pauseAll(): string[] {
    const paused: string[] = [];
    for (const [id, controller] of this.#active) {
      const run = this.runs.get(id);
      if (!run || controller.signal.aborted) continue;
      this.runs.pause(id);
      this.#emit(run, 'run.interrupted', { turn: run.turn, reason: PAUSED_BY_YOU });
      // Aborted before the cards go: a call woken by its withdrawn approval sees the pause.
      controller.abort(PAUSED);
      this.deps.enclave.approvals.withdrawRun(id, 'The run was paused.');
      paused.push(id);
    }
    return paused;
  }

  /**
   * Resumes the runs `pauseAll` paused that are still interrupted (the mark is in the database, so
   * a restart keeps it); a run a crash or a shutdown cut off is left for the person to resume.
   */
  resumeAll(): string[] {
    return this.runs.paused().filter((id) => {
      try {
        this.resume(id);
        return true;
      } catch (err) {
        this.deps.logger.log('warn', 'resume of a paused run failed', {
          module: 'agent',
          runId: id,
          error: String(err),
        });
        return false;
      }
    });
  }

  /** Whether the person paused this run and has not resumed it (a workforce leaves it so after a restart). */
  isPaused(runId: string): boolean {
    return this.runs.isPaused(runId);
  }

  /** Daemon shutdown: running runs become interrupted (resumable), not cancelled. */
  async stopAll(): Promise<void> {
    this.#shuttingDown = true;
    for (const [id, c] of this.#active) {
      // Paused already, its loop unwinding: it stays the person's pause.
      if (pausedBy(c.signal)) continue;
      const run = this.runs.get(id);
      this.runs.finish(id, 'interrupted');
      if (run) this.#emit(run, 'run.interrupted', { turn: run.turn });
      c.abort();
    }
  }

  #launch(run: RunRecord, input: StartRun, route?: ReturnType<Router['choose']>): void {
    const controller = new AbortController();
    const { signal } = controller;
    this.#active.set(run.id, controller);
    // Resumed while its paused loop still unwinds: it goes on after that, from what that saved.
    const before = this.#loops.get(run.id);
    const go = async () => {
      if (signal.aborted) return this.#end(run, { status: 'cancelled', error: 'cancelled' }, signal);
      const saved = before ? this.runs.get(run.id) : undefined;
      return this.#loop(saved ? { ...saved, status: 'running' } : run, input, signal, route);
    };
    const loop: Promise<void> = (before ? before.then(go) : go())
      .catch((err) => {
        if (pausedBy(signal)) return;
        if (isDiskFull(err)) this.#interruptWhenWritable(run);
        else this.#end(run, { status: 'failed', error: (err as Error).message }, signal);
      })
      .finally(() => {
        if (this.#active.get(run.id) === controller) this.#active.delete(run.id);
        if (this.#loops.get(run.id) === loop) this.#loops.delete(run.id);
      });
    this.#loops.set(run.id, loop);
  }

  // ── disk full (issue 15): the run pauses as interrupted, resumable — never stuck "running" ──
  /** Retried until the status can be written: on a full disk even that write may find no room. */
  #interruptWhenWritable(run: RunRecord): void {
    try {
      this.runs.finish(run.id, 'interrupted');
      this.#emit(run, 'run.interrupted', { turn: this.runs.get(run.id)?.turn ?? run.turn });
    } catch {
      setTimeout(() => this.#interruptWhenWritable(run), DISK_FULL_RETRY_MS).unref();
    }
  }

  #emit<T extends RunEventType>(
    run: Pick<RunRecord, 'id' | 'sessionId'>,
    type: T,
    fields: Omit<EventPayload<T>, 'runId'>,
  ): void {
    if (this.#shuttingDown && type !== 'run.interrupted') return;
    // Every RunEventType's payload is its fields plus the run's id (the constraint on T).
    const payload = { runId: run.id, ...fields } as EventPayload<T>;
    this.deps.events.append({ type, sessionId: run.sessionId, payload });
  }

  /** `signal`: the run's loop's; a paused run is not ended (it stays interrupted, to resume). */
  #end(run: RunRecord, ending: RunEnding, signal?: AbortSignal): void {
    if (this.#shuttingDown || (signal && pausedBy(signal))) return;
    this.runs.finish(run.id, ending.status, ending);
    if (ending.status === 'completed') this.#emit(run, 'run.completed', { summary: ending.summary });
    else if (ending.status === 'cancelled') this.#emit(run, 'run.cancelled', { error: ending.error });
    else {
      const { status: _s, ...failed } = ending;
      this.#emit(run, 'run.failed', failed);
    }
    this.#emit(run, 'run.state', { state: ending.status === 'completed' ? 'done' : 'error' });
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
    /** The last error each failing tool source reported to this run (each is reported once). */
    const sourceErrors = new Map<string, string>();
    // A routed run reports the rule (or the default) that chose its model; a named one, the person.
    const route = routed ?? deps.router.choose(routeRequest(run.options), run.model, undefined);
    const loop: LoopState = {
      maxTurns,
      messages,
      signal,
      route,
      fallbacks: [...route.fallbacks],
      current: run.model,
      redactors: new Map(),
      instructions: [],
      project: projectInstructionsSection(
        await readProjectInstructions(deps.enclave, run.folder, { sessionId: run.sessionId, runId: run.id }),
      ).text,
      overview: await this.#overview(run),
    };
    if (run.turn === 0) await this.#lessonsByMeaning(run, input, messages);
    this.#emit(run, 'run.started', { model: run.model, mode: run.mode, folder: run.folder });
    this.#emit(run, 'run.routing', {
      modelId: run.model,
      ruleId: route.ruleId,
      reason: route.reason,
      fallbackFrom: null,
    });

    for (let turn = run.turn + 1; turn <= maxTurns; turn++) {
      if (signal.aborted) return this.#end(run, { status: 'cancelled', error: 'cancelled' }, signal);
      const { tools, errors } = await deps.tools.list(run.sessionId);
      for (const { server, message } of errors) {
        if (sourceErrors.get(server) === message) continue;
        sourceErrors.set(server, message);
        this.#emit(run, 'run.tool_source_failed', { server, message });
      }
      const bridge = new ToolBridge(tools, run.mode === 'read-only', run.options.tools);
      loop.instructions = await deps.tools.instructions(tools);
      // Cut off while its tools ran: the turn's calls go on (the journal knows which are done).
      const calls = pendingCalls(messages) ?? (await this.#modelTurn(run, turn, bridge, loop));
      if (calls === 'ended') return;
      if (calls.length === 0) continue;

      this.#emit(run, 'run.state', { state: 'tool-wait', turn });
      const results = await this.#runTools(run, turn, bridge, calls, input, signal, messages);
      messages.push({ role: 'tool', results });
      this.#emit(run, 'run.state', { state: 'observation', turn });
      this.runs.saveTurn(run.id, turn, messages);
      if (signal.aborted) return this.#end(run, { status: 'cancelled', error: 'cancelled' }, signal);

      for (const r of results.filter((x) => x.isError)) {
        const call = calls.find((c) => c.id === r.id)!;
        const signature = `${call.name}:${canonicalJson(call.arguments)}:${r.text.slice(0, 200)}`;
        const seen = (failures.get(signature) ?? 0) + 1;
        failures.set(signature, seen);
        if (seen >= 2) {
          return this.#end(
            run,
            {
              status: 'failed',
              error: `The same call failed twice (${call.name}): ${r.text.slice(0, 300)}`,
            },
            signal,
          );
        }
      }
    }
    // The code first, as a provider failure's: clients tell the turn limit from a crash by it.
    return this.#end(
      run,
      {
        status: 'failed',
        error: `MAX_TURNS: The run used its ${maxTurns} model turns without finishing the task.`,
      },
      signal,
    );
  }

  /**
   * One model answer, saved before any of its calls runs. Returns the calls to run ([] when the
   * turn had none), or 'ended' when the run ended (completed, failed, cancelled).
   */
  /** The code overview for the run's first system prompt; a failure to make one costs only the map. */
  async #overview(run: RunRecord): Promise<string> {
    const made = this.deps.taskOverview?.({
      folder: run.folder,
      prompt: run.prompt,
      sessionId: run.sessionId,
      runId: run.id,
    });
    return (
      (await made?.catch((err: Error) => {
        this.deps.logger.log('warn', 'no repository map for the run', {
          module: 'agent',
          runId: run.id,
          err: err.message,
        });
        return undefined;
      })) ?? ''
    );
  }

  async #modelTurn(
    run: RunRecord,
    turn: number,
    bridge: ToolBridge,
    loop: LoopState,
  ): Promise<ToolCallRequest[] | 'ended'> {
    const { messages, fallbacks, route } = loop;
    {
      if (turn === loop.maxTurns - 2) {
        messages.push({
          role: 'user',
          text: 'Note: only two turns are left. Finish the work and call complete_task.',
        });
      }
      this.#compressIfNeeded(run, loop.current, messages);
      this.#emit(run, 'run.state', { state: 'thinking', turn });

      // One turn, on one model. Only a failure before anything streamed may move to a fallback.
      let outcome: TurnOutcome;
      for (;;) {
        outcome = await this.#turn(
          run,
          loop.current,
          withSystemSections(messages, [
            loop.project,
            loop.overview,
            serverInstructionsText(loop.instructions),
          ]),
          bridge,
          loop.redactors,
          loop.signal,
        );
        if (!outcome.error || outcome.streamed || !outcome.error.retryable || fallbacks.length === 0) break;
        const next = fallbacks.shift()!;
        this.#emit(run, 'run.routing', {
          modelId: next,
          ruleId: route.ruleId,
          reason: `${loop.current} failed: ${outcome.error.message}`,
          fallbackFrom: loop.current,
        });
        loop.current = next;
      }
      if (outcome.error) {
        if (outcome.error.code === 'CANCELLED')
          this.#end(run, { status: 'cancelled', error: outcome.error.message }, loop.signal);
        else
          this.#end(
            run,
            { status: 'failed', ...this.#providerFailure(run, loop.current, outcome.error) },
            loop.signal,
          );
        return 'ended';
      }
      const { text, calls } = outcome;
      messages.push({
        role: 'assistant',
        ...(text ? { text } : {}),
        ...(calls.length ? { toolCalls: calls } : {}),
      });

      const finished = completion(calls);
      if (finished) {
        this.runs.saveTurn(run.id, turn, messages);
        // Done even if a pause came as it finished: a completed task is not resumed.
        this.#end(run, { status: 'completed', ...finished });
        return 'ended';
      }
      if (calls.length === 0) {
        messages.push({
          role: 'user',
          text: 'Continue with the task using the tools, or call complete_task if it is done.',
        });
        this.runs.saveTurn(run.id, turn, messages);
        return [];
      }
      // Saved as the previous turn's: a resume finds the calls unanswered and runs them, not the model.
      this.runs.saveTurn(run.id, turn - 1, messages);
      return calls;
    }
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
    let request: TurnRequest = { messages, tools: bridge.tools, mediaInputs: mediaInputs(provider.kind) };
    let redactor: PromptRedactor | undefined;
    if (!isLocalProvider(provider)) {
      redactor = redactors.get(provider.id) ?? new PromptRedactor(this.deps.redactionPatterns ?? []);
      redactors.set(provider.id, redactor);
      const redacted = redactor.redactRequest(request);
      request = { ...redacted.request, tools: bridge.tools, mediaInputs: mediaInputs(provider.kind) };
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
      onRetry: (attempt, error, delayMs) => {
        this.deps.logger.log('info', 'provider retry', {
          module: 'models',
          runId: run.id,
          provider: provider.id,
          model: modelName,
          attempt,
          error,
        });
        this.#emit(run, 'run.retry', { attempt, error, delayMs });
      },
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
   * A failed turn as the run's error: the provider and model named, with a hint, also as fields (a
   * client offers that provider's settings); and in the log.
   */
  #providerFailure(
    run: RunRecord,
    modelRef: string,
    error: NonNullable<TurnOutcome['error']>,
  ): Omit<Extract<RunEnding, { status: 'failed' }>, 'status'> {
    const { provider, model } = this.deps.providers.resolve(modelRef);
    const failure = logProviderFailure(this.deps.logger, provider, model, error, { runId: run.id });
    return {
      error: `${error.code}: ${failure.message}`,
      code: error.code,
      provider: {
        id: failure.provider,
        model: failure.model,
        ...(failure.baseUrl ? { baseUrl: failure.baseUrl } : {}),
        reason: failure.reason,
        hint: failure.hint,
      },
    };
  }

  /** Older turns are folded into a note near the model's context window (context-compression.ts). */
  #compressIfNeeded(run: RunRecord, modelRef: string, messages: ModelMessage[]): void {
    const { provider, model } = this.deps.providers.resolve(modelRef);
    const window = provider.models.find((m) => m.id === model)?.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
    const folded = compressContext(messages, window, () => this.currentPlan(run));
    if (folded) this.#emit(run, 'run.compressed', folded);
  }

  /** The run's latest plan, from its `run.plan` events (what a reloaded client replays too). */
  currentPlan(run: Pick<RunRecord, 'id' | 'sessionId'>): RecordedPlan | undefined {
    const event = this.deps.events.latestOfRun(run.sessionId, 'run.plan', run.id);
    const parsed = RunPlanEvent.safeParse(event?.payload);
    if (!parsed.success) return undefined;
    const { runId: _r, ...plan } = parsed.data;
    return plan;
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
    const usage = {
      modelId: modelRef,
      sessionId: run.sessionId,
      runId: run.id,
      tokensIn,
      tokensOut,
      latencyMs,
      costUsd,
    };
    this.#usage.record(usage);
    this.#emit(run, 'run.usage', usage);
  }

  /** Totals for a run or a session. */
  usage(filter: { runId?: string; sessionId?: string }): UsageTotals {
    return this.#usage.totals(filter);
  }

  /**
   * Read-only calls run side by side; anything that changes state runs one at a time, in order.
   * Each result is saved in its journal step as it arrives; the conversation row is written once
   * the turn's results are all in (a resume rebuilds a cut-off turn from the journal).
   */
  async #runTools(
    run: RunRecord,
    turn: number,
    bridge: ToolBridge,
    calls: ToolCallRequest[],
    input: StartRun,
    signal: AbortSignal,
    messages: ModelMessage[],
  ): Promise<StepResult[]> {
    const results: StepResult[] = [];
    let i = 0;
    while (i < calls.length) {
      const batch = bridge.isReadOnly(calls[i]!.name)
        ? calls.slice(i).filter((_c, k, all) => all.slice(0, k + 1).every((x) => bridge.isReadOnly(x.name)))
        : [calls[i]!];
      const outcomes = await Promise.all(
        batch.map((c) =>
          this.#journaled(
            run,
            { runId: run.id, turn, callId: c.id },
            bridge,
            c,
            input,
            signal,
            messages.length,
          ),
        ),
      );
      results.push(...outcomes);
      i += batch.length;
    }
    return results;
  }

  /**
   * One call through the journal: done before → its recorded result; never started → run; cut off
   * mid-way (an intent without an outcome) → `#uncertain` decides.
   */
  async #journaled(
    run: RunRecord,
    key: StepKey,
    bridge: ToolBridge,
    call: ToolCallRequest,
    input: StartRun,
    signal: AbortSignal,
    messageCount: number,
  ): Promise<StepResult> {
    const step = this.#journal.get(key);
    if (step?.status === 'done') return step.result;
    const id = bridge.idFor(call.name);
    let approvalId: string | undefined;
    if (step?.status === 'intent') {
      const uncertain = await this.#uncertain(run, key, call, id, bridge, step, input, signal);
      if (uncertain.kind === 'result') {
        this.#journal.done(key, uncertain.result);
        return uncertain.result;
      }
      approvalId = uncertain.approvalId;
    } else {
      this.#journal.intent(key, call, id ?? call.name);
    }
    const checkpoint = this.deps.checkpoints.sinkFor(
      run.id,
      run.sessionId,
      () => messageCount,
      (message) => this.#emit(run, 'checkpoint.skipped', { message }),
      (checkpointId) => this.#journal.attachCheckpoint(key, checkpointId),
    );
    const result = await this.#runTool(run, bridge, call, input, signal, checkpoint, {
      approvalId,
      onApproval: (approval) => this.#journal.attachApproval(key, approval),
    });
    this.#journal.done(key, result);
    return result;
  }

  /**
   * A call the journal saw start but not end. Read-only calls and the runner's own run again. A
   * call still waiting on its approval (or approved, not yet used) had not acted: it runs, on that
   * approval. A file change is reconciled against its before-images (checkpoints.ts): done → its
   * result says so; not done (or its images never written: the effect had not started) → it runs.
   * Anything else (a command, an MCP tool, a fetch) may or may not have happened: the person is
   * asked whether to run it again, and the model is told either way.
   */
  async #uncertain(
    run: RunRecord,
    key: StepKey,
    call: ToolCallRequest,
    id: string | undefined,
    bridge: ToolBridge,
    step: Extract<ReturnType<StepJournal['get']>, { status: 'intent' }>,
    input: StartRun,
    signal: AbortSignal,
  ): Promise<{ kind: 'run'; approvalId?: string } | { kind: 'result'; result: StepResult }> {
    const { approvals } = this.deps.enclave;
    if (!id || bridge.isReadOnly(call.name)) return { kind: 'run' };
    if (step.approvalId && approvals.unused(step.approvalId))
      return { kind: 'run', approvalId: step.approvalId };
    // Refused (or expired) while the daemon was down: the call never acted; the model hears why.
    const asked = step.approvalId ? approvals.get(step.approvalId) : undefined;
    // Withdrawn by a pause (`system`): the call still waited on it, so it had not acted; it asks again.
    if (asked?.answer?.decidedBy === 'system') return { kind: 'run' };
    if (asked && (asked.status === 'rejected' || asked.status === 'expired')) {
      // As the door words a refusal (capForModel's error form).
      const text = `ERROR PERMISSION_DENIED: Not approved: ${asked.answer?.reason ?? asked.status}`;
      return { kind: 'result', result: { id: call.id, name: call.name, text, isError: true } };
    }
    // A rename is a set of file writes, journaled and checkpointed as one (Enclave.writeFileSet).
    if (id.startsWith('builtin:fs.') || id === 'builtin:code.rename') {
      if (step.checkpointId === null) return { kind: 'run' };
      if (this.deps.checkpoints.reconcile(step.checkpointId) === 'not-applied') return { kind: 'run' };
      const text = `${call.name} was carried out before Cowork restarted (its files show the change); it was not repeated.`;
      this.#emit(run, 'run.tool_result', {
        callId: call.id,
        tool: id,
        success: true,
        error: null,
        preview: text,
        truncated: false,
        durationMs: 0,
      });
      return { kind: 'result', result: { id: call.id, name: call.name, text } };
    }
    const approval = approvals.create({
      request: { action: 'run.retry', sessionId: run.sessionId },
      callKey: `uncertain:${key.runId}:${key.turn}:${key.callId}`,
      decision: {
        decision: 'ask_user',
        reasonCode: 'UNCERTAIN_AFTER_RESTART',
        ruleId: null,
        reason: 'Cowork was stopped while this call ran: it may or may not have happened.',
        riskTags: [],
        riskScore: 50,
        policyHash: this.deps.enclave.policy.hash,
      },
      title: `Run ${call.name} again? It may or may not have happened before Cowork restarted.`,
      detail: `${call.name} ${canonicalJson(call.arguments)}`,
      runId: run.id,
      ...(input.approvalTimeoutMs === undefined ? {} : { timeoutMs: input.approvalTimeoutMs }),
    });
    const answer = await approvals.wait(approval.id);
    // Withdrawn by a pause, not answered: asked again when the run resumes.
    if (pausedBy(signal)) throw PAUSED;
    if (answer.status === 'approved') return { kind: 'run' };
    return {
      kind: 'result',
      result: {
        id: call.id,
        name: call.name,
        text: `Cowork was stopped while this call ran, so it may or may not have happened; the person chose not to run it again (${answer.reason ?? answer.status}). Check its effect before relying on it.`,
        isError: true,
      },
    };
  }

  async #runTool(
    run: RunRecord,
    bridge: ToolBridge,
    call: ToolCallRequest,
    input: StartRun,
    signal: AbortSignal,
    checkpoint: CheckpointSink,
    approval: { approvalId: string | undefined; onApproval: (id: string) => void },
  ): Promise<StepResult> {
    const id = bridge.idFor(call.name);
    this.#emit(run, 'run.tool_call', { callId: call.id, tool: id ?? call.name, arguments: call.arguments });
    let result: ToolResult;
    if (call.name === READ_OUTPUT) {
      result = readOutput(call, this.deps);
    } else if (call.name === UPDATE_PLAN_TOOL) {
      result = updatePlan(call, (plan) => this.#emit(run, 'run.plan', plan));
    } else if (!id) {
      result = toolFailure(call.id, 'INVALID_ARGUMENTS', `There is no tool named ${call.name}.`);
    } else if (signal.aborted) {
      result = toolFailure(call.id, 'INVALID_ARGUMENTS', 'The run was cancelled.');
    } else {
      result = await this.deps.tools.call(id, call.arguments, {
        actor: 'agent',
        sessionId: run.sessionId,
        runId: run.id,
        cwd: run.folder,
        wait: true,
        callId: call.id,
        signal,
        checkpoint,
        ...(approval.approvalId ? { approvalId: approval.approvalId } : {}),
        onApproval: approval.onApproval,
        ...(input.approvalTimeoutMs === undefined ? {} : { approvalTimeoutMs: input.approvalTimeoutMs }),
        autoApprove: (decision: PolicyDecision, action: string) =>
          run.mode === 'auto-edit' && WRITE_ACTIONS.has(action) && decision.reasonCode === 'OVERWRITE_UNOWNED'
            ? 'mode:auto-edit'
            : undefined,
      });
    }
    // Cut short by a pause (its approval withdrawn, the call cancelled): no answer for the model.
    // The journal keeps the call as started; the resume settles it as after a kill.
    if (!result.success && pausedBy(signal)) throw PAUSED;
    // A full disk is no answer for the model: the run pauses (see #interruptWhenWritable).
    if (result.error?.code === 'DISK_FULL') throw new CoworkError('DISK_FULL', result.error.message);
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
    return {
      id: call.id,
      name: call.name,
      text,
      ...(result.success ? {} : { isError: true }),
      ...mediaOf(result),
    };
  }
}

function optionsOf(input: RunOptions | StartRun): RunOptions {
  return {
    ...(input.origin === 'cli' ? { origin: 'cli' as const } : {}),
    ...(input.maxTurns === undefined ? {} : { maxTurns: input.maxTurns }),
    ...(input.approvalTimeoutMs === undefined ? {} : { approvalTimeoutMs: input.approvalTimeoutMs }),
    ...(input.origin === undefined ? {} : { origin: input.origin }),
    ...(input.workerRole === undefined ? {} : { workerRole: input.workerRole }),
    ...(input.tools === undefined ? {} : { tools: input.tools }),
    ...(input.persona === undefined ? {} : { persona: input.persona }),
  };
}

/** What the router matches a run on: an agent task, and a workforce worker's role. */
function routeRequest(options: Pick<RunOptions, 'workerRole'>) {
  return {
    taskType: 'agent',
    ...(options.workerRole === undefined ? {} : { workerRole: options.workerRole }),
  };
}

/**
 * The calls of the conversation's last model answer when the run was cut off before all their
 * results were in (a partial `tool` message, saved after each result, is dropped: the journal has
 * those results). Undefined when the model is next.
 */
function pendingCalls(messages: ModelMessage[]): ToolCallRequest[] | undefined {
  if (messages.at(-1)?.role === 'tool' && messages.at(-2)?.role === 'assistant') {
    const tool = messages.at(-1) as Extract<ModelMessage, { role: 'tool' }>;
    const asked = messages.at(-2) as Extract<ModelMessage, { role: 'assistant' }>;
    if ((asked.toolCalls?.length ?? 0) <= tool.results.length) return undefined;
    messages.pop();
  }
  const last = messages.at(-1);
  if (last?.role !== 'assistant' || !last.toolCalls?.length || completion(last.toolCalls)) return undefined;
  return last.toolCalls;
}
