/**
 * The coordinator: runs workforces on the durable log. Every fact and every decision the scheduler
 * makes from it is one `workforce.entry` event, a fact and its decisions written in one
 * transaction with what they change; the state is the fold of the log, so a daemon start rebuilds
 * each unfinished workforce from its entries and carries on. Workers are agent runs whose ids are
 * known before they exist (worker-runs.ts), so after a kill a task's run is found — resumed, or its
 * outcome taken — and never started twice.
 */
import { randomUUID } from 'node:crypto';
import type { AgentRunner, RunRecord } from '../agent/index.js';
import {
  type Budget,
  CoworkError,
  type EventPayload,
  type LogEvent,
  type RpcParams,
  type TaskResult,
  type TaskSpec,
  type WorkforceChoice,
  type WorkforceDecision,
  type WorkforceFact,
  type WorkforceInfo,
  type WorkforcePlan,
  type WorkforceReplay,
  type WorkforceView,
} from '../contracts/index.js';
import type { Enclave } from '../enclave/index.js';
import type { Database, EventLog, Logger } from '../store/index.js';
import { checkRequest, factOf } from './commands.js';
import { askToEscalate } from './escalation.js';
import { plannerPrompt, planRetryPrompt, readPlan } from './planner.js';
import {
  apply,
  changesGraph,
  type GraphStrategy,
  newScheduler,
  policyOf,
  replay,
  type SchedulerState,
  step,
  type TaskState,
} from './scheduler.js';
import { decomposePrompt, readParts, readReplan, replanPrompt, strategistRunId } from './strategies.js';
import { noUsage, statusOf, type Usage, workforceInfo, workforceView } from './views.js';
import { reviewPrompt, reviewScore, workerPrompt } from './worker-prompt.js';
import { narrowedMode, plannerRunId, reviewRunId, workerRunId } from './worker-runs.js';
import {
  type CommandKind,
  type Escalation,
  FINISHED,
  type WorkforceRow,
  WorkforceStore,
} from './workforce-store.js';

export interface WorkforcesDeps {
  db: Database;
  events: EventLog;
  runner: AgentRunner;
  enclave: Enclave;
  /** The files a run made with the document tools (the result channel's artifacts). */
  artifacts: { list(filter: { runId: string }): { path: string }[] };
  logger: Logger;
}

/** One workforce being run: its row, its scheduler (the fold of its log) and its usage. */
interface Live {
  row: WorkforceRow;
  state: SchedulerState | undefined;
  seq: number;
  /** The logical clock's last reading. */
  at: number;
  /** Said stalled, and nothing has moved since. */
  stalled: boolean;
  budget: Budget | null;
  usage: Usage;
  taskUsage: Map<string, Usage>;
  /** Budgets already reported passed (the task's, or `*` for the workforce's). */
  over: Set<string>;
  timer?: NodeJS.Timeout;
}

/** What a run of ours is for. */
type Owner =
  | { workforceId: string; kind: 'worker' | 'review'; task: string; attempt: number }
  | { workforceId: string; kind: 'strategist'; task: string; attempt: number; strategy: GraphStrategy }
  | { workforceId: string; kind: 'planner'; round: 1 | 2 };

const ENDED = new Set(['run.completed', 'run.failed', 'run.cancelled']);

export class Workforces {
  readonly #store: WorkforceStore;
  readonly #live = new Map<string, Live>();
  readonly #owners = new Map<string, Owner>();
  #queue: Promise<void> = Promise.resolve();
  #stopping = false;
  readonly #unsubscribe: () => void;

  constructor(private readonly deps: WorkforcesDeps) {
    this.#store = new WorkforceStore(deps.db);
    // Its runs' outcomes and its escalations' answers, from the moment it exists (a bench or a
    // test that never calls start() still sees its workforces through).
    this.#unsubscribe = deps.events.subscribe((e) => this.#onEvent(e));
  }

  /** Daemon start: every unfinished workforce is folded from its log and carries on. */
  start(): void {
    for (const row of this.#store.unfinished()) this.#serial(() => this.#recover(row));
  }

  /** Daemon shutdown: nothing more is decided (the runner makes the worker runs interrupted). */
  stop(): void {
    this.#stopping = true;
    this.#unsubscribe();
    for (const live of this.#live.values()) clearTimeout(live.timer);
  }

  // ── the RPC's side ──

  /** Starts a workforce and returns it; the plan is checked first (INVALID_PLAN, nothing stored). */
  run({ prompt, folder, plan, ...options }: RpcParams<'workforce.run'>): WorkforceInfo {
    if (plan) newScheduler(plan);
    const id = `wf-${Date.now().toString(36)}${randomUUID().slice(0, 6)}`;
    const now = new Date();
    const row: WorkforceRow = {
      id,
      sessionId: `session-${id}`,
      prompt,
      folder,
      plan: plan ?? null,
      options,
      status: plan ? 'running' : 'planning',
      error: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      startedAt: now.getTime(),
    };
    this.#store.create(row);
    const live = this.#track(row);
    // Nothing of a new workforce is queued yet: its first steps are taken now, so the answer counts its tasks.
    if (plan) this.#begin(live, plan);
    else this.#startPlanner(live, 1);
    return this.#info(live);
  }

  list(): WorkforceInfo[] {
    return this.#store.list().map((row) => this.#info(this.#find(row.id)));
  }

  show(id: string): WorkforceView {
    const live = this.#find(id);
    return workforceView(live.row, live, this.#store.pending(id), this.#plannerRun(live));
  }

  log(id: string, after = 0): { seq: number; entry: WorkforceDecision }[] {
    return this.#store.entries(this.#row(id), after);
  }

  replay(id: string): WorkforceReplay {
    const row = this.#row(id);
    const entries = this.#store.entries(row).map((e) => e.entry);
    if (!row.plan) return { entries: 0, identical: true };
    const divergence = replay(row.plan, entries, schedulerOptions(row));
    return {
      entries: entries.length,
      identical: divergence === undefined,
      ...(divergence
        ? {
            divergence: {
              index: divergence.index,
              ...(divergence.logged ? { logged: divergence.logged } : {}),
              ...(divergence.replayed ? { replayed: divergence.replayed } : {}),
            },
          }
        : {}),
    };
  }

  /**
   * `runs.pauseAll`: every workforce going on is paused (no new task starts; the runner pauses its
   * running workers) and marked, so `resumeAll` resumes it — after a restart too.
   */
  pauseAll(): string[] {
    const going = this.#store.list().filter((r) => r.status === 'running' || r.status === 'needs_you');
    for (const { id } of going) {
      this.request(id, 'pause', null);
      this.#store.markPaused(id, true);
    }
    return going.map((r) => r.id);
  }

  /**
   * The workforces `pauseAll` paused that are not finished: resumed (the marks are taken back). Not
   * only those paused already: a pause still queued is undone by the resume queued after it.
   */
  resumeAll(): string[] {
    const resumed: string[] = [];
    for (const id of this.#store.pausedByAll()) {
      this.#store.markPaused(id, false);
      if (FINISHED.includes(this.#row(id).status)) continue;
      this.request(id, 'resume', null);
      resumed.push(id);
    }
    return resumed;
  }

  /** Queues a request of the person's (durable once this returns), applied at the next tick. */
  request(
    id: string,
    kind: CommandKind,
    task: string | null,
    args: Record<string, unknown> = {},
  ): { queued: true; commandId: number } {
    const live = this.#find(id);
    if (FINISHED.includes(live.row.status))
      throw new CoworkError('CONFLICT', `Workforce ${id} is ${live.row.status}.`);
    checkRequest(live.state, kind, task, this.#store.pending(id), args.task as TaskSpec | undefined);
    const commandId = this.#store.queue(id, kind, task, args);
    // The person resumed it: a later "Resume all" is not about it any more.
    if (kind === 'resume') this.#store.markPaused(id, false);
    this.#serial(() => {
      if (live.state) this.#tick(live);
      else if (kind === 'stop') this.#stopPlanning(live, commandId);
    });
    return { queued: true, commandId };
  }

  /** Stopped before it has a plan: the planner's run is cancelled, nothing else was started. */
  #stopPlanning(live: Live, commandId: number): void {
    if (live.state || live.row.status !== 'planning') return;
    this.#store.transaction(() => {
      this.#store.markApplied([commandId]);
      live.row.updatedAt = this.#store.setStatus(live.row.id, 'stopped', null);
    });
    live.row.status = 'stopped';
    this.#announce(live);
    for (const round of [1, 2] as const) this.deps.runner.cancel(plannerRunId(live.row.id, round));
  }

  // ── building and finding ──

  #track(row: WorkforceRow): Live {
    const live = blank(row);
    this.#live.set(row.id, live);
    return live;
  }

  /** A workforce's state folded from its log (what a restart carries on from). */
  #folded(row: WorkforceRow): Live {
    const live = blank(row);
    if (!row.plan) return live;
    const state = newScheduler(row.plan, schedulerOptions(row));
    live.state = state;
    for (const { seq, entry } of this.#store.entries(row)) {
      live.seq = Math.max(live.seq, seq);
      live.at = Math.max(live.at, entry.at);
      apply(state, entry);
      this.#noteMoves(live, entry);
    }
    state.clock = live.at;
    for (const t of state.tasks.values()) {
      const used = noUsage();
      for (let attempt = 1; attempt <= t.attempts; attempt++)
        for (const runId of [
          workerRunId(row.id, t.spec.id, attempt),
          reviewRunId(row.id, t.spec.id, attempt),
        ])
          addUsage(used, this.deps.runner.usage({ runId }));
      live.taskUsage.set(t.spec.id, used);
      live.usage.tokens += used.tokens;
      live.usage.costUsd += used.costUsd;
      if (t.status === 'blocked' && t.reason === 'budget') live.over.add(t.spec.id);
    }
    for (const round of [1, 2] as const)
      addUsage(live.usage, this.deps.runner.usage({ runId: plannerRunId(row.id, round) }));
    if (state.overBudget) live.over.add('*');
    return live;
  }

  #noteMoves(live: Live, entry: WorkforceDecision): void {
    if (entry.kind === 'workforce_stalled') live.stalled = true;
    else if (entry.kind === 'task_assigned' || entry.kind === 'task_queued') live.stalled = false;
    else if (entry.kind === 'budget_changed') live.budget = entry.budget;
  }

  #row(id: string): WorkforceRow {
    const row = this.#live.get(id)?.row ?? this.#store.get(id);
    if (!row) throw new CoworkError('RESOURCE_NOT_FOUND', `No workforce ${id}.`);
    return row;
  }

  /** Kept once folded: a finished workforce no longer changes, a running one is kept anyway. */
  #find(id: string): Live {
    const known = this.#live.get(id);
    if (known) return known;
    const live = this.#folded(this.#row(id));
    this.#live.set(id, live);
    return live;
  }

  #info(live: Live): WorkforceInfo {
    return workforceInfo(live.row, live);
  }

  #plannerRun(live: Live): string | null {
    for (const round of [2, 1] as const) {
      const id = plannerRunId(live.row.id, round);
      if (this.deps.runner.runs.get(id)) return id;
    }
    return null;
  }

  // ── the log ──

  /** One at a time, in order: a run's events and the person's requests never interleave mid-batch. */
  #serial(fn: () => void): void {
    this.#queue = this.#queue.then(() => {
      if (this.#stopping) return;
      try {
        fn();
      } catch (err) {
        this.deps.logger.log('error', 'workforce step failed', {
          module: 'workforce',
          error: (err as Error).stack ?? String(err),
        });
      }
    });
  }

  #clock(live: Live): number {
    live.at = Math.max(live.at, Date.now() - live.row.startedAt);
    return live.at;
  }

  /**
   * Tells the scheduler one fact and writes it with its decisions, the requests it applies and the
   * workforce's status in one transaction; then does what the decisions ask (start or cancel runs).
   */
  #commit(live: Live, fact: WorkforceFact, applied: readonly number[] = []): WorkforceChoice[] {
    const state = live.state!;
    const before = new Map([...state.tasks].map(([id, t]) => [id, t.status]));
    const decisions = step(state, fact);
    const entries: WorkforceDecision[] = [fact, ...decisions];
    for (const e of entries) this.#noteMoves(live, e);
    const status = statusOf(state, live.stalled);
    const error = status === 'needs_you' ? `Waiting for you: ${state.stalled.split(',').join(', ')}.` : null;
    const first = live.seq + 1;
    const { id, sessionId } = live.row;
    try {
      this.#store.transaction(() => {
        this.#store.markApplied(applied);
        live.row.updatedAt = this.#store.setStatus(id, status, error);
        this.deps.events.appendMany(
          entries.map((entry, i) => ({
            type: 'workforce.entry' as const,
            sessionId,
            payload: { workforceId: id, seq: first + i, entry },
          })),
        );
      });
    } catch (err) {
      // Not written (a full disk…): the state in memory must not run ahead of the log.
      Object.assign(live, this.#folded(this.#store.get(id) ?? live.row), { timer: live.timer });
      throw err;
    }
    live.seq += entries.length;
    Object.assign(live.row, { status, error });
    this.#announce(live);
    this.#act(live, fact, decisions, before);
    return decisions;
  }

  #announce(live: Live): void {
    this.deps.events.append({
      type: 'workforce.updated',
      sessionId: live.row.sessionId,
      payload: { workforce: this.#info(live) },
    });
  }

  /** A fact from outside a tick (a run's outcome, a budget passed), then the tick it calls for. */
  #tell(live: Live, fact: WorkforceFact): void {
    if (!live.state || live.state.finished) return;
    this.#commit(live, fact);
    this.#tick(live);
  }

  /** The person's requests first (in the order made), then the tick that assigns. */
  #tick(live: Live): void {
    const state = live.state;
    if (!state || state.finished || this.#stopping) return;
    for (const cmd of this.#store.pending(live.row.id)) {
      const fact = factOf(cmd, this.#clock(live), state);
      if (fact) this.#commit(live, fact, [cmd.id]);
      else this.#store.markApplied([cmd.id]);
      if (state.finished) break;
    }
    if (state.finished) return;
    this.#commit(live, { kind: 'scheduler_tick', at: this.#clock(live) });
    this.#armTimer(live);
  }

  /** The next tick is due when the earliest backoff ends: a timer, never a busy loop. */
  #armTimer(live: Live): void {
    clearTimeout(live.timer);
    const untils = [...(live.state?.tasks.values() ?? [])]
      .filter((t) => t.status === 'blocked' && t.reason === 'backoff' && t.until !== undefined)
      .map((t) => t.until!);
    if (untils.length === 0 || live.state?.finished) return;
    const due = Math.min(...untils) - (Date.now() - live.row.startedAt);
    live.timer = setTimeout(() => this.#serial(() => this.#tick(live)), Math.max(0, due) + 1);
    live.timer.unref();
  }

  /** What the decisions ask for: runs started for assignments, cancelled for tasks taken off them. */
  #act(live: Live, fact: WorkforceFact, decisions: WorkforceChoice[], before: Map<string, string>): void {
    if ((fact.kind === 'retry_requested' || fact.kind === 'edit_requested') && fact.task)
      live.over.delete(fact.task);
    if (fact.kind === 'budget_changed') live.over.delete('*');
    for (const d of decisions) {
      if (d.kind === 'task_assigned') this.#startWorker(live, d);
      else if (
        (d.kind === 'task_canceled' || d.kind === 'task_blocked' || d.kind === 'task_completed') &&
        before.get(d.task) === 'running'
      )
        this.#cancelRuns(live, d.task);
      else if (d.kind === 'task_escalated') this.#escalate(live, d.task);
      else if (d.kind === 'workforce_finished') clearTimeout(live.timer);
    }
    // Still over the new budget: said at once, as a fact of its own.
    if (fact.kind === 'budget_changed') this.#serial(() => this.#checkBudgets(live, undefined));
  }

  // ── workers ──

  #startWorker(live: Live, d: Extract<WorkforceChoice, { kind: 'task_assigned' }>): void {
    const { row } = live;
    const t = live.state!.tasks.get(d.task)!;
    const runId = workerRunId(row.id, d.task, d.attempt);
    this.#owners.set(runId, { workforceId: row.id, kind: 'worker', task: d.task, attempt: d.attempt });
    const role = t.spec.role === undefined ? undefined : row.options.roles?.[t.spec.role];
    try {
      this.deps.runner.start({
        id: runId,
        prompt: workerPrompt({
          spec: t.spec,
          request: row.prompt,
          inputs: t.spec.dependsOn.map((task) => ({ task, result: live.state!.tasks.get(task)?.result })),
          messages: live.state!.messages,
        }),
        folder: row.folder,
        sessionId: row.sessionId,
        mode: narrowedMode(row.options.mode, role?.mode),
        model: d.model ?? role?.model ?? row.options.model,
        ...(t.spec.role === undefined ? {} : { workerRole: t.spec.role }),
        ...(role?.tools ? { tools: role.tools } : {}),
        ...(row.options.maxTurns ? { maxTurns: row.options.maxTurns } : {}),
        ...(row.options.origin ? { origin: row.options.origin } : {}),
      });
    } catch (err) {
      // After the batch that assigned it: a fact of its own.
      const error = (err as Error).message;
      this.#serial(() => {
        if (this.#holds(live, d.task, d.attempt))
          this.#tell(live, {
            kind: 'task_failed',
            at: this.#clock(live),
            task: d.task,
            attempt: d.attempt,
            error,
          });
      });
      return;
    }
    this.#started(live, d.task, d.attempt, runId);
  }

  /** `task_started`, once per attempt (a restart may find it written already). */
  #started(live: Live, task: string, attempt: number, runId: string): void {
    if (live.state!.tasks.get(task)?.runIds.includes(runId)) return;
    this.#commit(live, { kind: 'task_started', at: this.#clock(live), task, attempt, runId });
  }

  #cancelRuns(live: Live, task: string): void {
    const attempt = live.state!.tasks.get(task)!.attempts;
    for (const runId of [workerRunId(live.row.id, task, attempt), reviewRunId(live.row.id, task, attempt)])
      this.deps.runner.cancel(runId);
  }

  /** Whether `attempt` still holds the task (a late outcome of an attempt taken off it is ignored). */
  #holds(live: Live, task: string, attempt: number): boolean {
    const t = live.state?.tasks.get(task);
    return t?.status === 'running' && t.attempts === attempt;
  }

  /** A worker's or reviewer's run ended: its outcome becomes the task's fact. */
  #ended(live: Live, owner: Extract<Owner, { task: string }>, run: RunRecord): void {
    if (!this.#holds(live, owner.task, owner.attempt)) return;
    const fact = this.#outcome(live, owner, run);
    if (fact) this.#tell(live, fact);
  }

  /** The fact a run's end makes; none while a review of the result is still to come. */
  #outcome(live: Live, owner: Extract<Owner, { task: string }>, run: RunRecord): WorkforceFact | undefined {
    const { task, attempt } = owner;
    const spec = live.state!.tasks.get(task)!.spec;
    const at = this.#clock(live);
    const failed = (error: string): WorkforceFact => ({ kind: 'task_failed', at, task, attempt, error });
    if (run.status !== 'completed') {
      const why = run.error ?? run.status;
      return failed(owner.kind === 'review' ? `the review did not finish: ${why}` : why);
    }
    const workerRun =
      owner.kind === 'review' ? this.deps.runner.runs.get(workerRunId(live.row.id, task, attempt))! : run;
    const result: TaskResult = {
      task,
      attempt,
      runId: workerRun.id,
      summary: workerRun.summary ?? '',
      artifacts: [...new Set(this.deps.artifacts.list({ runId: workerRun.id }).map((a) => a.path))],
    };
    if (owner.kind === 'worker' && spec.review) {
      this.#startReview(live, spec, result);
      return undefined;
    }
    if (owner.kind === 'review') {
      const said = run.summary ?? '';
      const score = reviewScore(said);
      if (score === undefined) return failed(`the reviewer gave no score: ${said}`);
      const { minScore } = policyOf(live.state!, live.state!.tasks.get(task)!);
      if (score < minScore) return failed(`review score ${score}/10 (below ${minScore}): ${said}`);
      result.score = score;
    }
    return { kind: 'result_published', at, task, result };
  }

  #startReview(live: Live, spec: TaskSpec, result: TaskResult): void {
    const { row } = live;
    const runId = reviewRunId(row.id, spec.id, result.attempt);
    this.#owners.set(runId, { workforceId: row.id, kind: 'review', task: spec.id, attempt: result.attempt });
    const role = row.options.roles?.reviewer;
    try {
      this.deps.runner.start({
        id: runId,
        prompt: reviewPrompt(spec, result),
        folder: row.folder,
        sessionId: row.sessionId,
        mode: 'read-only',
        model: role?.model ?? row.options.model,
        workerRole: 'reviewer',
        ...(role?.tools ? { tools: role.tools } : {}),
      });
    } catch (err) {
      this.#tell(live, {
        kind: 'task_failed',
        at: this.#clock(live),
        task: spec.id,
        attempt: result.attempt,
        error: `the review could not start: ${(err as Error).message}`,
      });
    }
  }

  // ── the failure policy's last steps ──

  /** A stronger route when there is one; otherwise the person decides, as an approval. */
  #escalate(live: Live, task: string): void {
    const t = live.state!.tasks.get(task)!;
    const { strategy } = policyOf(live.state!, t);
    if (changesGraph(strategy)) this.#startStrategist(live, t, strategy);
    else this.#escalateFurther(live, task);
  }

  /** A stronger route, else the person (also where a split or replan did not work out). */
  #escalateFurther(live: Live, task: string, why?: string): void {
    const model = live.row.options.escalationModel;
    if (model) {
      // After the batch that escalated: the retry is a fact of its own.
      this.#serial(() =>
        this.#tell(live, { kind: 'retry_requested', at: this.#clock(live), task, by: 'escalation', model }),
      );
      return;
    }
    const t = live.state!.tasks.get(task)!;
    // A planner run had it: the log says the person has it now (the workforce waits for them).
    if (why && t.escalatedTo === 'planner')
      this.#serial(() =>
        this.#tell(live, {
          kind: 'escalation_referred',
          at: this.#clock(live),
          task,
          to: 'person',
          reason: why.slice(0, 2000),
        }),
      );
    askToEscalate(this.deps.enclave, {
      sessionId: live.row.sessionId,
      title: `Task ${task} failed ${t.failures} times`,
      detail: `${t.spec.title}\n\nLast error: ${t.lastError ?? 'unknown'}${why ? `\n\n${why}` : ''}\n\nApprove to try it once more; reject to leave it failed, to retry, edit or skip it yourself.`,
      link: (approvalId) => this.#store.linkApproval(approvalId, live.row.id, task, t.attempts),
    });
  }

  /**
   * The person's answer to an escalation: approved, one more attempt. Rejected (or expired), the
   * task stays failed and visible — the workforce waits on the person, who may retry, edit or skip
   * it. Applied only while the task still waits on that escalation (an answer is taken once).
   */
  #escalationAnswered(live: Live, escalation: Escalation, approved: boolean): void {
    const t = live.state?.tasks.get(escalation.task);
    if (!approved || t?.status !== 'blocked' || t.reason !== 'escalated' || t.attempts !== escalation.attempt)
      return;
    this.#tell(live, {
      kind: 'retry_requested',
      at: this.#clock(live),
      task: escalation.task,
      by: 'escalation',
    });
  }

  /** Strategy decompose / replan: a read-only planner run is asked for the new tasks. */
  #startStrategist(live: Live, t: TaskState, strategy: GraphStrategy): void {
    const { row } = live;
    const task = t.spec.id;
    const id = strategistRunId(row.id, task, t.attempts, strategy);
    this.#owners.set(id, { workforceId: row.id, kind: 'strategist', task, attempt: t.attempts, strategy });
    try {
      this.deps.runner.start({
        id,
        prompt:
          strategy === 'decompose'
            ? decomposePrompt(row.prompt, t)
            : replanPrompt(row.prompt, live.state!, t),
        folder: row.folder,
        sessionId: row.sessionId,
        mode: 'read-only',
        model: row.options.roles?.planner?.model ?? row.options.model,
        workerRole: 'planner',
      });
    } catch (err) {
      this.#escalateFurther(live, task, `The ${strategy} could not start: ${(err as Error).message}`);
    }
  }

  /** The strategist's answer becomes the fact; a run or answer that did not work escalates further. */
  #strategized(live: Live, owner: Extract<Owner, { kind: 'strategist' }>, run: RunRecord): void {
    const t = live.state?.tasks.get(owner.task);
    if (!t || t.status !== 'blocked' || t.reason !== 'escalated' || t.attempts !== owner.attempt) return;
    const at = this.#clock(live);
    let fact: WorkforceFact;
    try {
      if (run.status !== 'completed') throw new Error(`the planner run ${run.status}: ${run.error ?? ''}`);
      fact =
        owner.strategy === 'decompose'
          ? { kind: 'task_decomposed', at, task: owner.task, ...readParts(run.summary ?? '', t) }
          : {
              kind: 'workforce_replanned',
              at,
              task: owner.task,
              tasks: readReplan(run.summary ?? '', live.state!),
            };
    } catch (err) {
      this.#escalateFurther(
        live,
        owner.task,
        `The ${owner.strategy} did not work: ${(err as Error).message}`,
      );
      return;
    }
    this.#tell(live, fact);
  }

  /** After a restart: an escalation decided (or never asked) while the coordinator was down. */
  #recoverEscalation(live: Live, task: string, attempt: number): void {
    const asked = this.#store.escalation(live.row.id, task, attempt);
    if (!asked && this.#recoverStrategist(live, task, attempt)) return;
    if (!asked) {
      this.#escalate(live, task);
      return;
    }
    const status = this.deps.enclave.approvals.get(asked.approvalId)?.status;
    if (status && status !== 'pending') this.#escalationAnswered(live, asked, status === 'approved');
  }

  // ── budgets ──

  /** A model call of one of its runs: the task's and the workforce's sums (the planner's: the workforce's). */
  #onUsage(live: Live, task: string | undefined, payload: EventPayload<'run.usage'>): void {
    const used = { tokens: payload.tokensIn + payload.tokensOut, costUsd: payload.costUsd ?? 0 };
    if (task !== undefined) {
      const mine = live.taskUsage.get(task) ?? noUsage();
      live.taskUsage.set(task, { tokens: mine.tokens + used.tokens, costUsd: mine.costUsd + used.costUsd });
    }
    live.usage.tokens += used.tokens;
    live.usage.costUsd += used.costUsd;
    this.#checkBudgets(live, task);
  }

  /** A budget passed is said once (until raised): the scheduler blocks what it covers. */
  #checkBudgets(live: Live, task: string | undefined): void {
    const state = live.state;
    if (!state || state.finished) return;
    const spec = task ? state.tasks.get(task)?.spec : undefined;
    if (task && spec?.budget && passed(live.taskUsage.get(task), spec.budget) && !live.over.has(task)) {
      live.over.add(task);
      this.#tell(live, { kind: 'budget_exceeded', at: this.#clock(live), task });
    }
    if (live.budget && passed(live.usage, live.budget) && !live.over.has('*')) {
      live.over.add('*');
      this.#tell(live, { kind: 'budget_exceeded', at: this.#clock(live) });
    }
  }

  // ── the planner ──

  #startPlanner(live: Live, round: 1 | 2, retryOf?: CoworkError): void {
    const { row } = live;
    const id = plannerRunId(row.id, round);
    this.#owners.set(id, { workforceId: row.id, kind: 'planner', round });
    try {
      this.deps.runner.start({
        id,
        prompt: retryOf
          ? planRetryPrompt(retryOf)
          : plannerPrompt(row.prompt, {
              workers: row.options.workers,
              roles: Object.keys(row.options.roles ?? {}),
            }),
        folder: row.folder,
        sessionId: row.sessionId,
        mode: 'read-only',
        model: row.options.roles?.planner?.model ?? row.options.model,
        workerRole: 'planner',
        ...(retryOf ? { continueRun: plannerRunId(row.id, 1) } : {}),
      });
    } catch (err) {
      this.#fail(live, `The planner could not start: ${(err as Error).message}`);
    }
  }

  #planned(live: Live, round: 1 | 2, run: RunRecord): void {
    if (live.state || live.row.status !== 'planning') return;
    if (run.status !== 'completed') {
      this.#fail(live, `The planner did not finish: ${run.error ?? run.status}`);
      return;
    }
    try {
      this.#begin(live, readPlan(run.summary ?? ''));
    } catch (err) {
      if (!(err instanceof CoworkError) || err.code !== 'INVALID_PLAN') throw err;
      if (round === 1) this.#startPlanner(live, 2, err);
      else this.#fail(live, `The planner gave no valid plan: ${err.message}`);
    }
  }

  #fail(live: Live, error: string): void {
    live.row.updatedAt = this.#store.setStatus(live.row.id, 'failed', error);
    Object.assign(live.row, { status: 'failed', error });
    this.#announce(live);
  }

  /** The plan, its workers, and the first tick. */
  #begin(live: Live, plan: WorkforcePlan): void {
    if (!live.row.plan) {
      this.#store.setPlan(live.row.id, plan);
      live.row.plan = plan;
    }
    this.#setUp(live, plan);
    this.#tick(live);
  }

  /**
   * `plan_created` and a `worker_registered` per worker, each written once: a restart after a kill
   * between them (or after the plan was stored, before any of them) writes only what is missing.
   */
  #setUp(live: Live, plan: WorkforcePlan): void {
    if (!live.state || live.seq === 0) {
      live.state = newScheduler(plan, schedulerOptions(live.row));
      this.#commit(live, { kind: 'plan_created', at: this.#clock(live), tasks: plan.tasks.length });
    }
    const workers =
      plan.workers ??
      Array.from({ length: live.row.options.workers }, (_, i) => ({
        id: `w${i + 1}`,
        capabilities: [],
        slots: 1,
      }));
    for (const worker of workers)
      if (!live.state.workers.has(worker.id))
        this.#commit(live, { kind: 'worker_registered', at: this.#clock(live), worker });
  }

  // ── events ──

  #onEvent(e: LogEvent): void {
    if (this.#stopping) return;
    if (e.type === 'approval.decided') {
      const { approval, decision } = e.payload as EventPayload<'approval.decided'>;
      const escalation = this.#store.approvalOwner(approval.id);
      if (!escalation) return;
      // Looked up when its turn comes: a workforce being picked up after a restart is there by then.
      this.#serial(() => {
        const live = this.#live.get(escalation.workforceId);
        if (live) this.#escalationAnswered(live, escalation, decision.status === 'approved');
      });
      return;
    }
    if (!ENDED.has(e.type) && e.type !== 'run.usage') return;
    const runId = (e.payload as { runId: string }).runId;
    const owner = this.#owners.get(runId);
    const live = owner && this.#live.get(owner.workforceId);
    if (!owner || !live) return;
    this.#serial(() => {
      if (e.type === 'run.usage') {
        const task = owner.kind === 'planner' ? undefined : owner.task;
        this.#onUsage(live, task, e.payload as EventPayload<'run.usage'>);
        return;
      }
      const run = this.deps.runner.runs.get(runId);
      if (!run) return;
      if (owner.kind === 'planner') this.#planned(live, owner.round, run);
      else if (owner.kind === 'strategist') this.#strategized(live, owner, run);
      else this.#ended(live, owner, run);
    });
  }

  // ── after a restart ──

  /** A run cut off by the restart goes on; one the person paused waits for their "Resume all". */
  #carryOn(runId: string): void {
    if (!this.deps.runner.isPaused(runId)) this.deps.runner.resume(runId);
  }

  /**
   * Folds the log and carries on: each running task's run is found by its id — resumed when cut
   * off, its outcome taken when it ended while we were down, started when it never was.
   */
  #recover(row: WorkforceRow): void {
    // One Live per workforce: a request that came in first already folded it.
    const live = this.#find(row.id);
    if (!live.state || !row.plan) {
      this.#recoverPlanner(live);
      return;
    }
    this.#setUp(live, row.plan);
    for (const t of live.state.tasks.values()) {
      if (t.status === 'blocked' && t.reason === 'escalated')
        this.#recoverEscalation(live, t.spec.id, t.attempts);
      if (t.status !== 'running') continue;
      const task = t.spec.id;
      const attempt = t.attempts;
      const runId = workerRunId(row.id, task, attempt);
      const owner = { workforceId: row.id, kind: 'worker' as const, task, attempt };
      this.#owners.set(runId, owner);
      const run = this.deps.runner.runs.get(runId);
      if (!run) {
        this.#startWorker(live, {
          kind: 'task_assigned',
          at: live.at,
          task,
          worker: t.worker ?? '',
          attempt,
          ...(t.model ? { model: t.model } : {}),
        });
        continue;
      }
      this.#started(live, task, attempt, runId);
      if (run.status === 'interrupted') this.#carryOn(runId);
      else if (run.status === 'completed' && t.spec.review) this.#recoverReview(live, owner, run);
      else if (run.status !== 'running') this.#ended(live, owner, run);
    }
    this.#tick(live);
  }

  /** Whether a split or replan was begun for this escalation: it is resumed or its answer taken. */
  #recoverStrategist(live: Live, task: string, attempt: number): boolean {
    const { strategy } = policyOf(live.state!, live.state!.tasks.get(task)!);
    if (!changesGraph(strategy)) return false;
    const id = strategistRunId(live.row.id, task, attempt, strategy);
    const run = this.deps.runner.runs.get(id);
    if (!run) return false;
    const owner = { workforceId: live.row.id, kind: 'strategist' as const, task, attempt, strategy };
    this.#owners.set(id, owner);
    if (run.status === 'interrupted') this.#carryOn(id);
    else if (run.status !== 'running') this.#strategized(live, owner, run);
    return true;
  }

  #recoverReview(live: Live, owner: Extract<Owner, { task: string }>, workerRun: RunRecord): void {
    const id = reviewRunId(live.row.id, owner.task, owner.attempt);
    const review = this.deps.runner.runs.get(id);
    const reviewOwner = { ...owner, kind: 'review' as const };
    this.#owners.set(id, reviewOwner);
    if (!review) this.#ended(live, owner, workerRun);
    else if (review.status === 'interrupted') this.#carryOn(id);
    else if (review.status !== 'running') this.#ended(live, reviewOwner, review);
  }

  #recoverPlanner(live: Live): void {
    // A stop asked while it planned, not applied before the kill: applied now, nothing else starts.
    const stop = this.#store.pending(live.row.id).find((c) => c.kind === 'stop');
    if (stop) {
      this.#stopPlanning(live, stop.id);
      return;
    }
    for (const round of [2, 1] as const) {
      const id = plannerRunId(live.row.id, round);
      const run = this.deps.runner.runs.get(id);
      if (!run) continue;
      this.#owners.set(id, { workforceId: live.row.id, kind: 'planner', round });
      if (run.status === 'interrupted') this.#carryOn(id);
      else if (run.status !== 'running') this.#planned(live, round, run);
      return;
    }
    this.#startPlanner(live, 1);
  }
}

const blank = (row: WorkforceRow): Live => ({
  row,
  state: undefined,
  seq: 0,
  at: 0,
  stalled: false,
  budget: row.options.budget ?? null,
  usage: noUsage(),
  taskUsage: new Map(),
  over: new Set(),
});

function addUsage(to: Usage, totals: { tokensIn: number; tokensOut: number; costUsd: number | null }): void {
  to.tokens += totals.tokensIn + totals.tokensOut;
  to.costUsd += totals.costUsd ?? 0;
}

function passed(used: Usage | undefined, budget: Budget): boolean {
  if (!used) return false;
  return (
    (budget.tokens !== undefined && used.tokens >= budget.tokens) ||
    (budget.costUsd !== undefined && used.costUsd >= budget.costUsd)
  );
}

/** What the scheduler is told of a workforce beyond its plan (the same for its replay). */
const schedulerOptions = (row: WorkforceRow) => ({
  escalationRoute: row.options.escalationModel !== undefined,
});
