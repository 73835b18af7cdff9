/**
 * What the model sees of the tools: registry ids become names every provider accepts
 * (`builtin:fs.read` → `fs_read`, `mcp:github:create_issue` → `mcp__github__create_issue`), plus
 * the agent-level tools that touch nothing on the machine: `update_plan` (the run's checklist),
 * `read_output` and `complete_task`, the only way to finish a run.
 */
import { PLAN_STEP_STATUSES, type RegisteredTool, UPDATE_PLAN_TOOL } from '../contracts/index.js';
import type { ModelTool } from '../models/index.js';

export const COMPLETE_TASK = 'complete_task';
export const READ_OUTPUT = 'read_output';

/**
 * The run's plan, shown to the person as a checklist. It changes nothing on the machine, so it is
 * answered by the runner itself, not the door; the plan is recorded as a `run.plan` event.
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

export function modelToolName(id: string): string {
  const name = id.startsWith('builtin:')
    ? id.slice(8)
    : id.startsWith('mcp:')
      ? `mcp__${id.slice(4).replace(':', '__')}`
      : id;
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

export class ToolBridge {
  readonly tools: ModelTool[];
  readonly #idByName = new Map<string, string>();
  readonly #readOnly = new Set<string>();

  constructor(registered: RegisteredTool[], readOnlyMode: boolean) {
    const offered = readOnlyMode ? registered.filter((t) => t.spec.annotations.readOnly) : registered;
    this.tools = [
      ...offered.map((t) => {
        const name = modelToolName(t.id);
        this.#idByName.set(name, t.id);
        if (t.spec.annotations.readOnly) this.#readOnly.add(name);
        const { $schema: _drop, ...schema } = t.spec.inputSchema;
        return { name, description: t.spec.description, inputSchema: schema };
      }),
      updatePlanTool,
      readOutputTool,
      completeTaskTool,
    ];
  }

  idFor(name: string): string | undefined {
    return this.#idByName.get(name);
  }

  isReadOnly(name: string): boolean {
    return name === READ_OUTPUT || name === UPDATE_PLAN_TOOL || this.#readOnly.has(name);
  }
}
