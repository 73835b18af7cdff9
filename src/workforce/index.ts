/**
 * workforce: a planner, a coordinator and parallel workers on a durable task graph. Built so far:
 * the plan checks (plan-graph.ts) and the pure, replayable scheduler (scheduler.ts); the durable
 * coordinator, workers as agent runs and the surfaces are issue 19's next steps.
 */
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
