/**
 * What the model sees of the tools: registry ids become names every provider accepts
 * (`builtin:fs.read` → `fs_read`, `mcp:github:create_issue` → `mcp__github__create_issue`), plus
 * `complete_task`, the only way to finish a run.
 */
import type { RegisteredTool } from '../contracts/index.js';
import type { ModelTool } from '../models/index.js';

export const COMPLETE_TASK = 'complete_task';
export const READ_OUTPUT = 'read_output';

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
      readOutputTool,
      completeTaskTool,
    ];
  }

  idFor(name: string): string | undefined {
    return this.#idByName.get(name);
  }

  isReadOnly(name: string): boolean {
    return name === READ_OUTPUT || this.#readOnly.has(name);
  }
}
