/** What an agent run records as it goes (src/agent): its states, the model's text, tools, usage. */
import * as z from 'zod/mini';
import { Artifact } from '../documents.js';
import { ErrorCode, ErrorInfo } from '../errors.js';
import { RoutingDecision, UsageEvent } from '../routing.js';
import { ApprovalMode, UndoChange } from '../rpc/runs.js';
import { payload, runPayload } from './payload.js';
import { RunPlanEvent } from './plan.js';

const count = () => z.int().check(z.nonnegative());
/** Why a run is interrupted when the person paused it (`runs.pauseAll`). */
export const PAUSED_BY_YOU = 'paused by you';

/** Built when first asked for (see eventPayloads in index.ts). */

/** One secret replaced by a placeholder before a prompt left for a cloud model: what kind, and where. */
export const Redaction = z.strictObject({ kind: z.string(), where: z.string() });
export type Redaction = z.infer<typeof Redaction>;
/** Which provider and model a run's failed model call went to, why, and what to try next. */
export const ProviderFailureInfo = z.strictObject({
  id: z.string(),
  model: z.string(),
  baseUrl: z.optional(z.string()),
  /** The provider's own words. */
  reason: z.string(),
  hint: z.string(),
});
export type ProviderFailureInfo = z.infer<typeof ProviderFailureInfo>;
export const runEvents = () => ({
  'run.started': runPayload('The run began its loop (a new run, or one resumed).', {
    model: z.string(),
    mode: ApprovalMode,
    folder: z.string(),
  }),
  'run.routing': runPayload(
    'Which model the run uses and why; again with `fallbackFrom` when a failing model was replaced.',
    RoutingDecision.shape,
  ),
  'run.state': runPayload(
    'Where the loop is: each turn thinks, waits on tools, observes; then done or error.',
    {
      state: z.enum(['thinking', 'tool-wait', 'observation', 'done', 'error']),
      turn: z.optional(count()),
    },
  ),
  'run.text': runPayload("A piece of the model's answer, as it streams.", { delta: z.string() }),
  'run.redacted': runPayload(
    'Secrets were replaced by placeholders before the request left for a cloud model.',
    {
      redactions: z.array(Redaction),
    },
  ),
  'run.retry': runPayload('The model call failed and is tried again after a delay.', {
    attempt: z.int().check(z.positive()),
    error: z.string(),
    delayMs: z.number().check(z.nonnegative()),
  }),
  'run.compressed': runPayload('Older turns were folded into a note to stay within the context window.', {
    tokensBefore: count(),
    tokensAfter: count(),
    foldedMessages: count(),
  }),
  'run.plan': RunPlanEvent.check(z.describe("The run's whole current plan, replacing the one before.")),
  'run.usage': payload("One model call's tokens, latency and cost (null when the price is unknown).", {
    ...UsageEvent.shape,
    runId: z.string(),
    sessionId: z.string(),
  }),
  'run.tool_source_failed': runPayload(
    'A tool source (an MCP server) could not give its tools: the run goes on without them. Said once per run, again when the error changes.',
    { server: z.string(), message: z.string() },
  ),
  'run.tool_call': runPayload('The model called a tool (its registry id, or the name the model used).', {
    callId: z.string(),
    tool: z.string(),
    arguments: z.record(z.string(), z.unknown()),
  }),
  'run.tool_result': runPayload(
    'What a tool call returned: a preview of what the model saw, and whether that was truncated.',
    {
      callId: z.string(),
      tool: z.string(),
      success: z.boolean(),
      error: z.nullable(ErrorInfo),
      preview: z.string(),
      truncated: z.boolean(),
      durationMs: z.number().check(z.nonnegative()),
    },
  ),
  'run.artifact': runPayload(
    'A document tool of the run wrote a file (a DOCX, a sheet, a note): the artifact.',
    {
      artifact: Artifact,
    },
  ),
  'run.completed': runPayload('The model called complete_task.', { summary: z.string() }),
  'run.failed': runPayload(
    'The run stopped on an error. A provider failure names the provider, so a client can offer its settings without reading the text.',
    {
      error: z.string(),
      code: z.optional(ErrorCode),
      provider: z.optional(ProviderFailureInfo),
    },
  ),
  'run.cancelled': runPayload('The run was stopped on request.', { error: z.string() }),
  'run.interrupted': runPayload(
    'The run was stopped while going — the daemon stopped, or the person paused it (`reason`); it can be resumed.',
    {
      turn: count(),
      /** Set when the person paused it (`runs.pauseAll`, the tray's "Pause all"); absent when the daemon stopped. */
      reason: z.optional(z.literal(PAUSED_BY_YOU)),
    },
  ),
  'run.resumed': runPayload('An interrupted run goes on from its last saved turn.', { turn: count() }),
  'run.forked': runPayload(
    'This run branched from another at a checkpoint; it starts interrupted, ready to resume.',
    { from: z.string(), checkpointId: z.int() },
  ),
  'run.undone': runPayload(
    'The person undid a step of the run, reverted all of it, or redid an undone step: the files it changed.',
    {
      how: z.enum(['undo', 'revert', 'redo']),
      checkpointIds: z.array(z.int()),
      files: z.array(UndoChange),
    },
  ),
  'checkpoint.skipped': runPayload(
    "The session's checkpoint space is full: a change was made that cannot be undone.",
    {
      message: z.string(),
    },
  ),
});
