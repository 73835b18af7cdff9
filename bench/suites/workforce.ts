// Workforce benchmarks (issue 19): the scheduler's decision overhead per task at 1,000 tasks, the
// replay of a 10,000-entry workforce log, and a 100-task plan run by scripted workers through a
// real daemon (parallel efficiency, no task lost or run twice).
import { isInput, replay } from '../../src/workforce/index.js';
import { checkedOrder } from '../../src/workforce/plan-graph.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { median, round, timeEach } from '../lib/stats.js';
import {
  latticePlan,
  MODEL_CHUNK_MS,
  runOneAfterAnother,
  runWorkforce as runPlan,
  startBenchDaemon,
} from '../lib/workforce-daemon.js';
import { driveScheduler, prefixAtFact, seededDag } from '../lib/workforce-drive.js';

const suite = 'workforce';
const SEED = 19;
const TASKS = 1000;
const WORKERS = 8;
const REPLAY_ENTRIES = 10_000;
const PLAN_WORKERS = 10;

export async function runWorkforce(): Promise<Measurement[]> {
  return [...schedulerOverhead(), ...replayOfLog(), ...(await throughDaemon())];
}

/**
 * Each scheduler_tick that assigned at least one task, per task it assigned, against a tick made
 * right after it on the same state that has nothing to assign (the fixed cost of a step: the
 * ending check over every task). The graph's topological sort per task is printed beside it.
 */
function schedulerOverhead(): Measurement[] {
  const plan = seededDag(TASKS, SEED);
  driveScheduler(plan, WORKERS, SEED); // warm-up: the JIT sees the same code paths first
  const driven = driveScheduler(plan, WORKERS, SEED);
  const perTask = driven.assigning.map((s) => (s.ms * 1000) / s.assigned);
  const empty = driven.empty.map((ms) => ms * 1000);
  const sortRuns = timeEach(50, () => checkedOrder(plan.tasks));
  const assignedTasks = driven.assigning.reduce((n, s) => n + s.assigned, 0);
  return [
    ...latencyPair(
      suite,
      `scheduler decision per task assigned (${TASKS} tasks, ${WORKERS} workers, seeded DAG)`,
      'µs',
      perTask,
      { name: 'a tick with nothing to assign, same state', samples: empty },
      1,
    ),
    {
      suite,
      name: 'topological sort of the same DAG (checkedOrder), per task',
      value: round((median(sortRuns) * 1000) / TASKS, 2),
      unit: 'µs',
    },
    {
      suite,
      name: `tasks completed by the simulated workers (${driven.assigning.length} assigning ticks, ${assignedTasks} assignments)`,
      value: driven.completed,
      unit: 'tasks',
      budget: { op: '>', value: TASKS - 1 },
    },
  ];
}

/** `replay` of a 10,000-entry log made by driving the scheduler, against JSON.parse of that log. */
function replayOfLog(): Measurement[] {
  const plan = seededDag(TASKS, SEED + 1);
  const { log: full } = driveScheduler(plan, WORKERS, SEED + 1, 0.35);
  const log = prefixAtFact(full, REPLAY_ENTRIES, isInput);
  const text = JSON.stringify(log);
  const divergence = replay(plan, log);
  const replays = timeEach(10, () => replay(plan, log));
  const parses = timeEach(10, () => JSON.parse(text));
  return [
    {
      suite,
      name: `replay a ${log.length}-entry workforce log (median of 10)`,
      value: round(median(replays), 1),
      unit: 'ms',
      baseline: { name: 'JSON.parse of the same log', value: round(median(parses), 1) },
      ...(divergence ? { note: `diverged at entry ${divergence.index}` } : {}),
    },
  ];
}

/**
 * A 100-task plan (ten layers of ten, each task needing two of the layer before) with scripted
 * workers through a real daemon — each worker writes its own file, then completes — against the
 * same 100 tasks as plain runs one after another in the same daemon.
 */
async function throughDaemon(): Promise<Measurement[]> {
  const tasks = latticePlan();
  const f = await startBenchDaemon(tasks);
  try {
    const c = f.client;
    const { headSequence } = await c.result('system.info', {});
    await c.result('events.subscribe', { after: headSequence, types: ['run.', 'workforce.'] });
    const wf = await runPlan(f, tasks, PLAN_WORKERS);
    const plain = await runOneAfterAnother(f, tasks);
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const wfSum = sum(wf.runMs);
    const plainSum = sum(plain.runMs);
    const wrong = [...wf.completedRunsPerTask.values()].filter((n) => n !== 1).length;
    const label = `${tasks.length}-task plan, ${PLAN_WORKERS} workers, fan-out 10, scripted model (${MODEL_CHUNK_MS} ms per text piece)`;
    const status = wf.status === 'completed' ? {} : { note: `workforce ended ${wf.status}` };
    return [
      {
        suite,
        name: `${label}: wall time`,
        value: round(wf.wallMs, 0),
        unit: 'ms',
        baseline: { name: 'the same tasks one after another as plain runs', value: round(plain.wallMs, 0) },
        ...status,
      },
      {
        suite,
        name: `${label}: speed-up over one after another`,
        value: round(plain.wallMs / wf.wallMs, 2),
        unit: '×',
      },
      {
        suite,
        name: `${label}: sum of the task runs' own durations`,
        value: round(wfSum, 0),
        unit: 'ms',
        baseline: { name: 'the plain runs', value: round(plainSum, 0) },
      },
      {
        suite,
        name: `${label}: parallel efficiency, sum / (wall × workers)`,
        value: round((100 * wfSum) / (wf.wallMs * PLAN_WORKERS), 1),
        unit: '%',
        baseline: {
          name: 'plain runs: sum / wall, one at a time',
          value: round((100 * plainSum) / plain.wallMs, 1),
        },
      },
      {
        suite,
        name: `${label}: tasks lost or run twice (completed runs per task ≠ 1)`,
        value: wrong,
        unit: 'tasks',
        budget: { op: '<', value: 1 },
      },
      {
        suite,
        name: `${label}: files written, each exactly once`,
        value: wf.files.exact,
        unit: 'files',
        budget: { op: '>', value: tasks.length - 1 },
        ...(wf.files.count === wf.files.exact ? {} : { note: `${wf.files.count} files in all` }),
      },
    ];
  } finally {
    await f.cleanup();
  }
}
