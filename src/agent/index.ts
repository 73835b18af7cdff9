/** agent: the run loop, approvals in runs, and the tool bridge to models. */

export {
  type CheckpointInfo,
  CheckpointStore,
  DEFAULT_CHECKPOINT_CAP_BYTES,
  type UndoChange,
} from './checkpoints.js';
export { capForModel } from './output-cap.js';
export type { ApprovalMode, RunRecord, RunStatus } from './run-store.js';
export { AgentRunner, DEFAULT_MAX_TURNS, type StartRun } from './runner.js';
export { StepJournal } from './step-journal.js';
