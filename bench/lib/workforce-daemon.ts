// A 100-task plan run by scripted workers through a real daemon, and the same 100 tasks run one
// after another as plain runs: wall times, each run's own duration (run.started → run.completed
// event), and how many times each task's work was done.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEvent, TaskSpecInput } from '../../src/contracts/index.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { type DaemonFixture, fixture } from '../../test/helpers/fixture/index.js';
import type { RpcClient } from '../../test/helpers/rpc-client.js';

const WIDTH = 10;
const LAYERS = 10;
/**
 * A scripted model is not instant: each 8-character piece of a turn's text comes this many ms
 * after the one before (3 pieces a task: 300 ms of model time per run).
 */
export const MODEL_CHUNK_MS = 100;

const taskId = (layer: number, i: number) => `t${layer}${i}`;
/** What a worker's prompt (or a plain run's) names its task by; only its own conversation has it. */
const matchOf = (task: string) => `(id ${task})`;

/** Ten layers of ten: each task needs two of the layer before it (fan-out and fan-in, width 10). */
export function latticePlan(): TaskSpecInput[] {
  const tasks: TaskSpecInput[] = [];
  for (let layer = 0; layer < LAYERS; layer++)
    for (let i = 0; i < WIDTH; i++)
      tasks.push({
        id: taskId(layer, i),
        title: `Task ${taskId(layer, i)}`,
        instructions: `Write ${taskId(layer, i)}.txt.`,
        dependsOn: layer === 0 ? [] : [taskId(layer - 1, i), taskId(layer - 1, (i + 1) % WIDTH)],
      });
  return tasks;
}

/** A task's two turns: one tool call writing its own file (`prefix` + id), then complete_task. */
function turnsFor(task: string, prefix: string): ReplayTurn[] {
  const match = matchOf(task);
  return [
    {
      match,
      chunkDelayMs: MODEL_CHUNK_MS,
      reply: {
        text: `writing ${task}`,
        toolCalls: [{ name: 'fs_write', arguments: { path: `${prefix}${task}.txt`, content: `${task}\n` } }],
      },
    },
    {
      match,
      chunkDelayMs: MODEL_CHUNK_MS,
      reply: {
        text: 'done',
        toolCalls: [{ name: 'complete_task', arguments: { summary: `wrote ${task}` } }],
      },
    },
  ];
}

export interface RunFigures {
  wallMs: number;
  /** Each run's own duration, by run id. */
  runMs: Map<string, number>;
}

export interface WorkforceFigures extends RunFigures {
  workforceId: string;
  status: string;
  /** run.completed events per task (1 each, or the task was lost or run twice). */
  completedRunsPerTask: Map<string, number>;
  /** Files the workers wrote, and how many of them hold exactly their one line. */
  files: { count: number; exact: number };
}

export async function startBenchDaemon(tasks: TaskSpecInput[]): Promise<DaemonFixture> {
  const turns = tasks.flatMap((t) => [...turnsFor(t.id, ''), ...turnsFor(t.id, 'plain-')]);
  return fixture('cowork-bench-workforce-').withDaemon().withGrant('rw').withReplayModel(turns).start();
}

export async function runWorkforce(
  f: DaemonFixture,
  tasks: TaskSpecInput[],
  workers: number,
): Promise<WorkforceFigures> {
  const c = f.client;
  const from = c.events.length;
  const t0 = performance.now();
  const started = await c.result('workforce.run', {
    prompt: 'Write one file per task',
    folder: f.folder,
    model: 'replay/m',
    mode: 'auto-edit',
    workers,
    plan: { tasks },
  });
  const done = await waitForEvent(c, from, (e) => {
    const w =
      e.type === 'workforce.updated'
        ? (e.payload as { workforce: { id: string; status: string } }).workforce
        : undefined;
    return w?.id === started.id && ['completed', 'failed', 'stopped', 'needs_you'].includes(w.status);
  });
  const wallMs = performance.now() - t0;
  const events = c.events.slice(from);
  const ours = (runId: string) => runId.startsWith(`${started.id}.`);
  const runMs = runDurations(events, ours);
  const completedRunsPerTask = new Map(tasks.map((t) => [t.id, 0]));
  for (const e of events) {
    const runId = runIdOf(e);
    if (e.type !== 'run.completed' || !runId || !ours(runId)) continue;
    const task = runId.slice(started.id.length + 1).split('.')[0]!;
    completedRunsPerTask.set(task, (completedRunsPerTask.get(task) ?? 0) + 1);
  }
  const names = readdirSync(f.folder).filter((n) => /^t\d+\.txt$/.test(n));
  const exact = names.filter((n) => readFileSync(join(f.folder, n), 'utf8') === `${n.slice(0, -4)}\n`).length;
  return {
    workforceId: started.id,
    status: (done.payload as { workforce: { status: string } }).workforce.status,
    wallMs,
    runMs,
    completedRunsPerTask,
    files: { count: names.length, exact },
  };
}

/** The same tasks, one plain run after another (each prompt names its task, as a worker's does). */
export async function runOneAfterAnother(f: DaemonFixture, tasks: TaskSpecInput[]): Promise<RunFigures> {
  const c = f.client;
  const from = c.events.length;
  const ids = new Set<string>();
  const t0 = performance.now();
  for (const t of tasks) {
    const mark = c.events.length;
    const run = await c.result('runs.start', {
      prompt: `Your task ${matchOf(t.id)}: ${t.instructions} Finish with complete_task.`,
      folder: f.folder,
      model: 'replay/m',
      mode: 'auto-edit',
    });
    ids.add(run.id);
    await waitForEvent(c, mark, (e) => runIdOf(e) === run.id && isRunEnd(e));
  }
  const wallMs = performance.now() - t0;
  return { wallMs, runMs: runDurations(c.events.slice(from), (id) => ids.has(id)) };
}

const isRunEnd = (e: LogEvent) =>
  e.type === 'run.completed' || e.type === 'run.failed' || e.type === 'run.cancelled';
const runIdOf = (e: LogEvent) => (e.payload as { runId?: string }).runId;

/** run.started → its end, by the events' own timestamps (the daemon's clock, not the client's). */
function runDurations(events: LogEvent[], ours: (runId: string) => boolean): Map<string, number> {
  const startedAt = new Map<string, number>();
  const out = new Map<string, number>();
  for (const e of events) {
    const runId = runIdOf(e);
    if (!runId || !ours(runId)) continue;
    if (e.type === 'run.started') startedAt.set(runId, Date.parse(e.timestamp));
    else if (isRunEnd(e) && startedAt.has(runId))
      out.set(runId, Date.parse(e.timestamp) - startedAt.get(runId)!);
  }
  return out;
}

async function waitForEvent(
  c: RpcClient,
  from: number,
  fits: (e: LogEvent) => boolean,
  timeoutMs = 300_000,
): Promise<LogEvent> {
  const deadline = Date.now() + timeoutMs;
  for (let seen = from; ; ) {
    for (; seen < c.events.length; seen++) if (fits(c.events[seen]!)) return c.events[seen]!;
    if (Date.now() > deadline) throw new Error('timed out waiting for an event');
    await new Promise((r) => setTimeout(r, 2));
  }
}
