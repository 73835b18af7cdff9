/**
 * workforce: a planner, a coordinator and parallel workers on a durable task graph. The plan checks
 * (plan-graph.ts), the pure, replayable scheduler (scheduler.ts), and the coordinator
 * (coordinator.ts) that runs it on the event log with agent runs as workers.
 */
export { Workforces, type WorkforcesDeps } from './coordinator.js';
export { checkedOrder } from './plan-graph.js';
export { plannerPrompt, planRetryPrompt, readPlan } from './planner.js';
export {
  isInput,
  newScheduler,
  replay,
  type SchedulerInput,
  type SchedulerState,
  step,
} from './scheduler.js';
export { plannerRunId, reviewRunId, workerRunId } from './worker-runs.js';
