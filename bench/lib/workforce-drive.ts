// A random-but-seeded task graph and a simulated coordinator that drives the pure scheduler with
// it: workers finish tasks after seeded durations on the logical clock, some first attempts fail
// (and back off), and the coordinator ticks after every result — timing each step() it makes.
import {
  type TaskSpecInput,
  type WorkforceDecision,
  type WorkforceFact,
  WorkforcePlan,
} from '../../src/contracts/index.js';
import { newScheduler, step } from '../../src/workforce/index.js';

/** mulberry32: a small seeded generator, so every run drives the same graph the same way. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` tasks; each depends on up to three of the 40 tasks before it (so the graph stays wide enough
 * to keep the workers busy), with a priority in -2..2. Acyclic by construction.
 */
export function seededDag(n: number, seed: number): WorkforcePlan {
  const rand = seeded(seed);
  const id = (i: number) => `t${String(i).padStart(4, '0')}`;
  const tasks: TaskSpecInput[] = Array.from({ length: n }, (_, i) => {
    const deps = new Set<string>();
    const want = i === 0 ? 0 : Math.floor(rand() * 4);
    for (let k = 0; k < want; k++) deps.add(id(Math.max(0, i - 1 - Math.floor(rand() * 40))));
    return {
      id: id(i),
      title: `Task ${i}`,
      instructions: `Do task ${i}.`,
      dependsOn: [...deps],
      priority: Math.floor(rand() * 5) - 2,
    };
  });
  return WorkforcePlan.parse({ tasks, policy: { backoffMs: 10, retries: 2 } });
}

export interface Driven {
  log: WorkforceDecision[];
  /** Milliseconds of each step() that assigned at least one task, and how many it assigned. */
  assigning: { ms: number; assigned: number }[];
  /** Milliseconds of a tick made right after an assigning one, at the same state: nothing to assign. */
  empty: number[];
  completed: number;
}

/**
 * Runs `plan` to the end with `workers` one-slot workers. `failRate` of the tasks fail their first
 * attempt. Throws if the scheduler stalls (it must not, on this plan).
 */
export function driveScheduler(plan: WorkforcePlan, workers: number, seed: number, failRate = 0.1): Driven {
  const rand = seeded(seed);
  const state = newScheduler(plan);
  const out: Driven = { log: [], assigning: [], empty: [], completed: 0 };
  const tell = (fact: WorkforceFact) => {
    const t0 = performance.now();
    const decided = step(state, fact);
    const ms = performance.now() - t0;
    out.log.push(fact, ...decided);
    return { decided, ms };
  };
  const failsFirst = new Set(plan.tasks.filter(() => rand() < failRate).map((t) => t.id));
  const running = new Map<string, { attempt: number; end: number }>();

  tell({ kind: 'plan_created', at: 0, tasks: plan.tasks.length });
  for (let w = 0; w < workers; w++) {
    tell({ kind: 'worker_registered', at: 0, worker: { id: `w${w}`, capabilities: [], slots: 1 } });
  }
  let clock = 0;
  for (;;) {
    const { decided, ms } = tell({ kind: 'scheduler_tick', at: clock });
    const assigned = decided.flatMap((d) => (d.kind === 'task_assigned' ? [d] : []));
    if (assigned.length) {
      out.assigning.push({ ms, assigned: assigned.length });
      out.empty.push(tell({ kind: 'scheduler_tick', at: clock }).ms);
    }
    for (const a of assigned) {
      tell({
        kind: 'task_started',
        at: clock,
        task: a.task,
        attempt: a.attempt,
        runId: `${a.task}#${a.attempt}`,
      });
      running.set(a.task, { attempt: a.attempt, end: clock + 5 + Math.floor(rand() * 45) });
    }
    if (state.finished) break;
    // The next thing to happen: a worker finishing, or a backoff ending (the coordinator's timer).
    const next = [...running].sort(([a, x], [b, y]) => x.end - y.end || (a < b ? -1 : 1))[0];
    const backoffEnds = [...state.tasks.values()].flatMap((t) =>
      t.status === 'blocked' && t.reason === 'backoff' && t.until !== undefined ? [t.until] : [],
    );
    const wake = backoffEnds.length ? Math.min(...backoffEnds) : Number.POSITIVE_INFINITY;
    if (!next || wake < next[1].end) {
      if (wake === Number.POSITIVE_INFINITY) throw new Error(`the scheduler stalled at ${clock}`);
      clock = Math.max(clock, wake);
      continue;
    }
    const [task, { attempt, end }] = next;
    running.delete(task);
    clock = end;
    if (attempt === 1 && failsFirst.has(task)) {
      tell({ kind: 'task_failed', at: clock, task, attempt, error: 'scripted failure' });
    } else {
      const result = { task, attempt, runId: `${task}#${attempt}`, summary: `${task} done`, artifacts: [] };
      tell({ kind: 'result_published', at: clock, task, result });
      out.completed++;
    }
  }
  return out;
}

/** The longest prefix of `log` that is at most `max` entries and ends where a fact would begin. */
export function prefixAtFact(
  log: readonly WorkforceDecision[],
  max: number,
  isFact: (d: WorkforceDecision) => boolean,
) {
  let end = Math.min(max, log.length);
  while (end < log.length && end > 0 && !isFact(log[end]!)) end--;
  return log.slice(0, end);
}
