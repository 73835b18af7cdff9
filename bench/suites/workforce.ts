// Workforce benchmarks (issue 19): the scheduler's decision overhead per task at 1,000 tasks, the
// replay of a 10,000-entry workforce log, and a 100-task plan run by scripted workers through a
// real daemon (parallel efficiency, no task lost or run twice).
import { isInput, replay } from '../../src/workforce/index.js';
import { checkedOrder } from '../../src/workforce/plan-graph.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { median, round, timeEach } from '../lib/stats.js';
import { driveScheduler, prefixAtFact, seededDag } from '../lib/workforce-drive.js';

const suite = 'workforce';
const SEED = 19;
const TASKS = 1000;
const WORKERS = 8;
const REPLAY_ENTRIES = 10_000;

export async function runWorkforce(): Promise<Measurement[]> {
  return [...schedulerOverhead(), ...replayOfLog()];
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
