import * as z from 'zod/mini';
import { LogEvent } from '../events/envelope.js';
import { RecordedPlan } from '../events/plan.js';
import { Empty, type RpcMethod, str } from './common.js';

export const ApprovalMode = z.enum(['ask', 'auto-edit', 'read-only']);
/** Which of the person's clients started a run: the CLI (`cowork run`) or the UI. */
export const RunOrigin = z.enum(['cli', 'ui']);
export const RunInfo = z.object({
  id: z.string(),
  sessionId: z.string(),
  status: z.enum(['running', 'completed', 'failed', 'cancelled', 'interrupted']),
  prompt: z.string(),
  model: z.string(),
  mode: ApprovalMode,
  folder: z.string(),
  turn: z.int(),
  summary: z.nullable(z.string()),
  error: z.nullable(z.string()),
  /** Who started it, when the client said so (`runs.start`'s `origin`); null for older runs. */
  origin: z.nullable(RunOrigin),
  /** The agent's latest plan, if it made one (filled by `runs.get`; `runs.list` leaves it out). */
  plan: z.optional(RecordedPlan),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RunInfo = z.infer<typeof RunInfo>;
export const RunsStartParams = z.strictObject({
  prompt: str(1, 100_000),
  folder: str(1, 4096),
  /** `<provider>/<model>`; without it the daemon routes (a matching rule, else the default model). */
  model: z.optional(str(1, 300)),
  mode: z._default(ApprovalMode, 'ask'),
  sessionId: z.optional(str(1, 200)),
  /** Model turns the run may take before it stops, failed with `MAX_TURNS` (default 30). */
  maxTurns: z.optional(z.int().check(z.positive(), z.lte(500))),
  approvalTimeoutMs: z.optional(z.int().check(z.positive())),
  /**
   * Grant `folder` for this run only, in this mode, when no grant allows it already (the person
   * said "this run only"): in force from the start, gone when the run completes, fails or is
   * cancelled, and never kept across a daemon restart.
   */
  folderGrant: z.optional(z.enum(['ro', 'rw'])),
  /**
   * A run whose conversation this one carries on (`cowork run --resume ID`): in that run's session,
   * the model sees what was said and done there before the new prompt.
   */
  continueRun: z.optional(str(1, 200)),
  /** Which client starts it (kept with the run: `cowork runs list` labels CLI and UI runs). */
  origin: z.optional(RunOrigin),
  /** A persona's id or name: its instructions and lessons go into the run's system prompt. */
  persona: z.optional(str(1, 200)),
});
export const RunIdParams = z.strictObject({ runId: str(1, 200) });
export const RunsListResult = z.object({ runs: z.array(RunInfo) });
export const RunsCancelResult = z.object({ cancelled: z.boolean() });
/** `runs.pauseAll` / `runs.resumeAll` (the tray's "Pause all"): what was paused, or resumed. */
export const RunsPauseResult = z.object({
  /** The runs paused (each now interrupted, `run.interrupted` with reason 'paused by you'), or resumed. */
  runIds: z.array(z.string()),
  /** The workforces paused (no new task starts; their running workers are among `runIds`), or resumed. */
  workforceIds: z.array(z.string()),
});
export const CheckpointInfo = z.object({
  id: z.int(),
  runId: z.string(),
  callId: z.string(),
  action: z.string(),
  messageCount: z.int(),
  paths: z.array(z.string()),
  undone: z.boolean(),
  createdAt: z.string(),
});
export const RunRevertParams = z.strictObject({ runId: str(1, 200), force: z._default(z.boolean(), false) });
export const RunRevertResult = z.object({ undone: z.array(CheckpointInfo) });
export const RunForkParams = z.strictObject({
  runId: str(1, 200),
  checkpointId: z.int().check(z.positive()),
});
/** What undoing a step or reverting a run would change in one file, from how it is now. */
export const UndoChange = z.object({
  path: z.string(),
  /** `delete`: the step created it; `restore`: it is gone now and comes back; else it is edited back. */
  change: z.enum(['modify', 'delete', 'restore']),
  added: z.int().check(z.nonnegative()),
  removed: z.int().check(z.nonnegative()),
});
/** One of the two: a run's revert, or one step's undo. */
export const CheckpointsPreviewParams = z.strictObject({
  runId: z.optional(str(1, 200)),
  checkpointId: z.optional(z.int().check(z.positive())),
});
export const CheckpointsPreviewResult = z.object({ files: z.array(UndoChange) });
export const CheckpointsListResult = z.object({ checkpoints: z.array(CheckpointInfo) });
export const CheckpointUndoParams = z.strictObject({
  checkpointId: z.int().check(z.positive()),
  force: z._default(z.boolean(), false),
});
export const UsageSummaryParams = z.strictObject({
  runId: z.optional(str(1, 200)),
  sessionId: z.optional(str(1, 200)),
});
export const UsageSummaryResult = z.object({
  calls: z.int(),
  tokensIn: z.int(),
  tokensOut: z.int(),
  costUsd: z.nullable(z.number()),
});
/** The project instruction files a run in `folder` gets (AGENTS.md, CLAUDE.md, .goosehints), nearest first. */
export const RunsInstructionsParams = z.strictObject({ folder: str(1, 4096) });
export const RunsInstructionsResult = z.object({
  files: z.array(
    z.object({
      path: z.string(),
      /** Bytes of it in the system prompt. */
      bytes: z.int(),
      /** Cut by the budget (8 KB a file, 16 KB in all). */
      cut: z.boolean(),
    }),
  ),
});

/** `runs.export`: one run to keep or share (`cowork runs export`, the UI's export). */
export const RunsExportParams = z.strictObject({
  runId: str(1, 200),
  format: z._default(z.enum(['md', 'json']), 'md'),
});
export const RunsExportResult = z.discriminatedUnion('format', [
  /** The transcript as Markdown: the prompt, the agent's text, each call and its result, approvals, the outcome, the files changed. */
  z.object({ format: z.literal('md'), markdown: z.string() }),
  /** Everything recorded of it: the run, its events (its approvals' included) and its changes. */
  z.object({
    format: z.literal('json'),
    run: RunInfo,
    events: z.array(LogEvent),
    changes: z.array(CheckpointInfo),
  }),
]);

export const runsMethods = {
  'runs.start': { params: RunsStartParams, result: RunInfo },
  'runs.get': { params: RunIdParams, result: RunInfo },
  'runs.list': { params: Empty, result: RunsListResult },
  'runs.cancel': { params: RunIdParams, result: RunsCancelResult },
  'runs.resume': { params: RunIdParams, result: RunInfo },
  /**
   * Stops every running run at once, as a daemon shutdown does: interrupted (resumable, not
   * cancelled), its pending approvals withdrawn; running workforces are paused. New runs still start.
   */
  'runs.pauseAll': { params: Empty, result: RunsPauseResult },
  /**
   * Resumes what `runs.pauseAll` paused and is still interrupted (or paused), after a daemon restart
   * too; not a run a crash or a shutdown interrupted (`runs.resume` is for those).
   */
  'runs.resumeAll': { params: Empty, result: RunsPauseResult },
  'runs.revert': { params: RunRevertParams, result: RunRevertResult },
  'runs.fork': { params: RunForkParams, result: RunInfo },
  'runs.instructions': { params: RunsInstructionsParams, result: RunsInstructionsResult },
  'runs.export': { params: RunsExportParams, result: RunsExportResult },
  'checkpoints.list': { params: RunIdParams, result: CheckpointsListResult },
  'checkpoints.undo': { params: CheckpointUndoParams, result: CheckpointInfo },
  /** Puts an undone step's change back (the same params as undo: `force` overwrites a file changed since). */
  'checkpoints.redo': { params: CheckpointUndoParams, result: CheckpointInfo },
  /** What `checkpoints.undo` or `runs.revert` would change, for the person to confirm first. */
  'checkpoints.preview': { params: CheckpointsPreviewParams, result: CheckpointsPreviewResult },
  'usage.summary': { params: UsageSummaryParams, result: UsageSummaryResult },
} as const satisfies Record<string, RpcMethod>;
