/**
 * `cowork workforce run "PROMPT" --folder DIR [--plan FILE] …`: a planner (or the person's plan
 * file), a coordinator and parallel workers, followed live from the terminal — one line per
 * decision, the approvals of worker runs with the task they belong to — until the workforce
 * finishes or waits for the person; then its task table. And the controls: list, show, pause,
 * resume, stop, cancel/retry/skip a task, message the coordinator, replay its log. A workforce is
 * named by its id or a unique start of it. Exit codes are in `cowork workforce --help`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type ApprovalRequest,
  CoworkError,
  type CoworkEvent,
  type WorkforceInfo,
  type WorkforcePlan,
  type WorkforceRunParams,
  type WorkforceStatus,
  type WorkforceView,
} from '../../contracts/index.js';
import { approvalNotice } from '../approval-notice.js';
import { usageError } from '../command-table.js';
import { printJson } from '../output.js';
import { type RpcCall, withDaemon } from '../rpc.js';
import { printTable } from '../table.js';
import { findTask, findWorkforce } from './workforce-find.js';
import {
  DecisionLines,
  printWorkforceList,
  printWorkforceView,
  replayText,
  TASK_COLUMNS,
} from './workforce-output.js';

export interface WorkforceCommandOptions {
  home: string;
  json: boolean;
  folder?: string | undefined;
  plan?: string | undefined;
  workers?: string | undefined;
  model?: string | undefined;
  mode?: string | undefined;
  budgetTokens?: string | undefined;
  budgetUsd?: string | undefined;
}

/** How a followed workforce exits: done, waiting for the person, or not done. */
const EXIT_COMPLETED = 0;
const EXIT_NOT_DONE = 1;
const EXIT_USAGE = 2;
const EXIT_WAITING = 4;

const CONTROLS = { pause: 'workforce.pause', resume: 'workforce.resume', stop: 'workforce.stop' } as const;
const TASK_CONTROLS = {
  cancel: 'workforce.cancelTask',
  retry: 'workforce.retryTask',
  skip: 'workforce.skipTask',
} as const;

export async function workforceCommand(args: string[], o: WorkforceCommandOptions): Promise<number> {
  const [sub, id, third] = args;
  if (sub === 'run') {
    if (!id || !o.folder || args.length > 2) throw usageError('workforce');
    const checked = await runParams(id, o);
    if (typeof checked === 'number') return checked;
    return withDaemon(o.home, (call, onEvent) => run(call, onEvent, checked, o.json));
  }
  if (sub === 'list') return withDaemon(o.home, (call) => list(call, o.json));
  if (!id) throw usageError('workforce');
  if (sub === 'show' || sub === 'replay')
    return withDaemon(o.home, async (call) => {
      const view = await findWorkforce(call, id);
      return sub === 'show' ? show(view, o.json) : replay(call, view.workforce.id, o.json);
    });
  if (sub && Object.hasOwn(CONTROLS, sub))
    return withDaemon(o.home, async (call) => {
      const view = await findWorkforce(call, id);
      const queued = await call(CONTROLS[sub as keyof typeof CONTROLS], { id: view.workforce.id });
      return said(queued, `${sub} of workforce ${view.workforce.id}`, o.json);
    });
  if (sub && Object.hasOwn(TASK_CONTROLS, sub) && third)
    return withDaemon(o.home, async (call) => {
      const view = await findWorkforce(call, id);
      const task = findTask(view, third);
      const queued = await call(TASK_CONTROLS[sub as keyof typeof TASK_CONTROLS], {
        id: view.workforce.id,
        task,
      });
      return said(queued, `${sub} of ${task}`, o.json);
    });
  if (sub === 'message' && third)
    return withDaemon(o.home, async (call) => {
      const view = await findWorkforce(call, id);
      const queued = await call('workforce.message', { id: view.workforce.id, text: third });
      return said(queued, 'message to the coordinator', o.json);
    });
  throw usageError('workforce');
}

/** A request is queued and applied at the next scheduler tick: say so, never "done". */
function said(queued: { commandId: number }, what: string, json: boolean): number {
  if (json) printJson(queued);
  else
    process.stdout.write(
      `queued: ${what} (request #${queued.commandId}), applied at the next scheduler tick\n`,
    );
  return 0;
}

/**
 * The run's parameters from the flags, and the plan file read and checked here, before anything
 * is sent: a bad plan is refused naming what is wrong (exit 2, as any usage mistake).
 */
async function runParams(prompt: string, o: WorkforceCommandOptions): Promise<WorkforceRunParams | number> {
  const mode = o.mode;
  if (mode !== undefined && mode !== 'ask' && mode !== 'auto-edit' && mode !== 'read-only')
    throw new CoworkError('INVALID_ARGUMENTS', '--mode must be ask, auto-edit or read-only');
  const workers = whole('--workers', o.workers, 1, 16);
  const tokens = whole('--budget-tokens', o.budgetTokens, 1, Number.MAX_SAFE_INTEGER);
  const costUsd = o.budgetUsd === undefined ? undefined : Number(o.budgetUsd);
  if (costUsd !== undefined && !(Number.isFinite(costUsd) && costUsd > 0))
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `--budget-usd must be a positive amount, got "${o.budgetUsd}"`,
    );
  let plan: WorkforcePlan | undefined;
  if (o.plan !== undefined) {
    plan = await planFile(o.plan);
    if (!plan) return EXIT_USAGE;
  }
  return {
    prompt,
    folder: resolve(o.folder!),
    ...(plan ? { plan } : {}),
    ...(workers === undefined ? {} : { workers }),
    ...(o.model ? { model: o.model } : {}),
    ...(mode ? { mode } : {}),
    ...(tokens !== undefined || costUsd !== undefined
      ? {
          budget: {
            ...(tokens === undefined ? {} : { tokens }),
            ...(costUsd === undefined ? {} : { costUsd }),
          },
        }
      : {}),
    origin: 'cli',
  };
}

function whole(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= min && n <= max))
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `${flag} must be a whole number ${min}–${max === Number.MAX_SAFE_INTEGER ? '…' : max}, got "${text}"`,
    );
  return n;
}

/** The plan in the file, checked as the planner's answer is; a bad one is said on stderr (undefined). */
async function planFile(path: string): Promise<WorkforcePlan | undefined> {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (err) {
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `cannot read the plan file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  // Loaded only for a plan file: the workforce module is more than the other subcommands need.
  const { readPlan } = await import('../../workforce/index.js');
  try {
    return readPlan(text);
  } catch (err) {
    if (!(err instanceof CoworkError)) throw err;
    process.stderr.write(`cowork: ${path}: ${err.message} (${err.code})\n`);
    return undefined;
  }
}

type OnEvent = (handler: (e: CoworkEvent) => void) => void;

async function run(
  call: RpcCall,
  onEvent: OnEvent,
  params: WorkforceRunParams,
  json: boolean,
): Promise<number> {
  // Subscribed before the start, so nothing the workforce logs at once is missed.
  const backlog: CoworkEvent[] = [];
  onEvent((e) => backlog.push(e));
  const { headSequence } = await call('system.info', {});
  await call('events.subscribe', { after: headSequence, types: ['workforce.', 'approval.'] });
  const started = await call('workforce.run', params);
  const id = started.id;
  if (!json) process.stderr.write(`workforce ${id} started (details: cowork workforce show ${id})\n`);
  process.once('SIGINT', () => {
    process.stderr.write('stopping the workforce (running workers are cancelled)…\n');
    void call('workforce.stop', { id }).catch(() => {});
  });
  const ending = await follow(onEvent, backlog, started, json);
  const view = await call('workforce.show', { id });
  if (json) printJson(view);
  else {
    printTable(view.tasks, TASK_COLUMNS, 'No tasks.');
    process.stderr.write(`${endLine(view)}\n`);
  }
  return ending === 'completed' ? EXIT_COMPLETED : ending === 'stalled' ? EXIT_WAITING : EXIT_NOT_DONE;
}

/** How following a workforce ended. */
type Ending = 'completed' | 'stopped' | 'failed' | 'stalled';
/** Workforce statuses after which there is nothing more to follow. */
const ENDED: readonly WorkforceStatus[] = ['completed', 'stopped', 'failed'];

/**
 * Prints the workforce's decisions as they come (not with --json), and the approvals its worker
 * runs ask (always: the person has to answer them), until it finishes, stalls or fails.
 */
function follow(
  onEvent: OnEvent,
  backlog: CoworkEvent[],
  workforce: WorkforceInfo,
  json: boolean,
): Promise<Ending> {
  const { id, sessionId } = workforce;
  const lines = new DecisionLines(id);
  // A worker's run is logged (task_started) before it can ask anything: the log is in order.
  const taskOfRun = new Map<string, string>();
  const say = (text: string) => {
    if (!json) process.stderr.write(`${text}\n`);
  };
  /** The task an approval of this workforce's session belongs to (an escalation has no run). */
  const whose = (a: ApprovalRequest) =>
    a.sessionId !== sessionId ? undefined : ((a.runId && taskOfRun.get(a.runId)) ?? 'the workforce');
  return new Promise<Ending>((done) => {
    let ended = false;
    const end = (how: Ending) => {
      ended = true;
      done(how);
    };
    const handle = (e: CoworkEvent) => {
      if (ended) return;
      if (e.type === 'workforce.entry' && e.payload.workforceId === id) {
        const entry = e.payload.entry;
        if (entry.kind === 'task_started') taskOfRun.set(entry.runId, entry.task);
        const line = lines.line(entry);
        if (line) say(line);
        if (entry.kind === 'workforce_finished') end(entry.outcome);
        if (entry.kind === 'workforce_stalled') end('stalled');
      } else if (e.type === 'workforce.updated' && e.payload.workforce.id === id) {
        const w = e.payload.workforce;
        if (!ENDED.includes(w.status)) return;
        if (w.status === 'failed') say(`workforce failed${w.error ? `: ${w.error}` : ''}`);
        end(w.status as Ending);
      } else if (e.type === 'approval.requested') {
        const task = whose(e.payload.approval);
        if (task) process.stderr.write(`${task} needs your approval:\n${approvalNotice(e.payload.approval)}`);
      } else if (e.type === 'approval.decided') {
        const task = whose(e.payload.approval);
        if (task) say(`  ${task}: approval ${e.payload.decision.status}`);
      }
    };
    onEvent(handle);
    for (const e of backlog.splice(0)) handle(e);
  });
}

/** `✓ completed · 3/3 tasks · 1200 tokens` and where to look. */
function endLine(v: WorkforceView): string {
  const w = v.workforce;
  const mark = w.status === 'completed' ? '✓' : '✗';
  const status = w.status === 'needs_you' ? 'waiting for you' : w.status;
  return `${mark} ${status} · ${w.tasks.completed}/${w.tasks.total} tasks completed · ${w.usage.tokens} tokens · details: cowork workforce show ${w.id}`;
}

async function list(call: RpcCall, json: boolean): Promise<number> {
  const listed = await call('workforce.list', {});
  if (json) printJson(listed);
  else printWorkforceList(listed.workforces);
  return 0;
}

function show(view: WorkforceView, json: boolean): number {
  if (json) printJson(view);
  else printWorkforceView(view);
  return 0;
}

/** The log replayed through a fresh scheduler: identical (exit 0), or its first divergence (exit 1). */
async function replay(call: RpcCall, id: string, json: boolean): Promise<number> {
  const r = await call('workforce.replay', { id });
  if (json) printJson(r);
  else process.stdout.write(replayText(r));
  return r.identical ? 0 : 1;
}
