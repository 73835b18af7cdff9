/**
 * The agent-level tools that touch nothing on the machine, so the runner answers them itself, not
 * the door: `update_plan` (the run's checklist), `read_output` (pages through a long output) and
 * `complete_task`, the only way to finish a run.
 */
import {
  issuesText,
  PLAN_STEP_STATUSES,
  Plan,
  type RecordedPlan,
  type ToolResult,
  UPDATE_PLAN_TOOL,
} from '../contracts/index.js';
import { toolFailure, toolText } from '../enclave/index.js';
import type { ModelTool, ToolCallRequest } from '../models/index.js';
import { type BlobStore, readSpooled } from '../store/index.js';
import { RESULT_CAP_BYTES } from './output-cap.js';

export const COMPLETE_TASK = 'complete_task';
export const READ_OUTPUT = 'read_output';

/**
 * The run's plan, shown to the person as a checklist. It changes nothing on the machine; the plan
 * is recorded as a `run.plan` event.
 */
export const updatePlanTool: ModelTool = {
  name: UPDATE_PLAN_TOOL,
  description:
    'Share or update your plan for a multi-step task as a short checklist the person sees. Send the whole list each time; mark a step in_progress before you start it and completed when it is done. At most one step is in_progress.',
  inputSchema: {
    type: 'object',
    properties: {
      explanation: { type: 'string', maxLength: 1000, description: 'Why the plan changed, if it did.' },
      steps: {
        type: 'array',
        minItems: 1,
        maxItems: 30,
        items: {
          type: 'object',
          properties: {
            step: { type: 'string', maxLength: 300, description: 'One short step.' },
            status: { type: 'string', enum: [...PLAN_STEP_STATUSES] },
          },
          required: ['step', 'status'],
        },
      },
    },
    required: ['steps'],
  },
};

/** Pages through a tool output that was too long to show at once. */
export const readOutputTool: ModelTool = {
  name: READ_OUTPUT,
  description:
    'Read more of a long tool output that was truncated. Pass the ref it gave, and an offset in characters.',
  inputSchema: {
    type: 'object',
    properties: {
      ref: { type: 'string' },
      offset: { type: 'integer', minimum: 0 },
      length: { type: 'integer', minimum: 1 },
    },
    required: ['ref', 'offset'],
  },
};

export const completeTaskTool: ModelTool = {
  name: COMPLETE_TASK,
  description: 'Finish the task. Call this once the work is done, with a short summary for the person.',
  inputSchema: {
    type: 'object',
    properties: {
      summary: { type: 'string', description: 'What was done, in a few sentences.' },
      artifacts: { type: 'array', items: { type: 'string' }, description: 'Files created or changed.' },
    },
    required: ['summary'],
  },
};

/** The summary of the turn's complete_task call, if the model made one: the run is done. */
export function completion(calls: ToolCallRequest[]): { summary: string } | undefined {
  const finish = calls.find((c) => c.name === COMPLETE_TASK);
  return finish ? { summary: String(finish.arguments.summary ?? '') } : undefined;
}

/**
 * update_plan: the whole plan, checked, then handed to `record` (the `run.plan` event, the person's
 * checklist). A bad plan goes back to the model as a tool error; the run goes on.
 */
export function updatePlan(call: ToolCallRequest, record: (plan: RecordedPlan) => void): ToolResult {
  const parsed = Plan.safeParse(call.arguments);
  if (!parsed.success) {
    const why = issuesText(parsed.error, 'plan', 5);
    return toolFailure(
      call.id,
      'INVALID_ARGUMENTS',
      `Invalid plan (${why}). Send the whole plan again, fixed.`,
    );
  }
  const { explanation, steps } = parsed.data;
  record({ ...(explanation ? { explanation } : {}), steps });
  const done = steps.filter((s) => s.status === 'completed').length;
  return toolText(call.id, `Plan updated: ${done} of ${steps.length} steps completed.`);
}

/** Where long outputs were kept: blobs (`blob:`) and the command output spools (`spool:`). */
export interface KeptOutputs {
  blobs: BlobStore;
  /** Cowork's data folder, where the spools are. */
  home: string;
}

/** read_output: a window of a long output the model only saw the start of. */
export function readOutput(call: ToolCallRequest, kept: KeptOutputs): ToolResult {
  const ref = String(call.arguments.ref ?? '');
  const offset = Math.max(0, Number(call.arguments.offset ?? 0) || 0);
  const length = Math.min(
    RESULT_CAP_BYTES,
    Math.max(1, Number(call.arguments.length ?? RESULT_CAP_BYTES) || RESULT_CAP_BYTES),
  );
  try {
    let window: string;
    let size: number;
    if (ref.startsWith('blob:')) {
      const full = kept.blobs.get(ref.slice(5)).toString('utf8');
      window = full.slice(offset, offset + length);
      size = full.length;
    } else if (ref.startsWith('spool:')) {
      ({ text: window, size } = readSpooled(kept.home, ref.slice(6), offset, length));
    } else {
      return toolFailure(call.id, 'INVALID_ARGUMENTS', `Unknown output ref "${ref}".`);
    }
    const more =
      offset + window.length < size
        ? `\n[${size - offset - window.length} more characters from offset ${offset + window.length}]`
        : '\n[end]';
    return toolText(call.id, window + more);
  } catch {
    return toolFailure(call.id, 'INVALID_ARGUMENTS', `Output ${ref} is not available.`);
  }
}
