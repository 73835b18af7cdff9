/**
 * What the model sees of the tools: registry ids become names every provider accepts
 * (`builtin:fs.read` → `fs_read`, `mcp:github:create_issue` → `mcp__github__create_issue`), plus
 * the runner's own tools (runner-tools.ts).
 */
import { type RegisteredTool, UPDATE_PLAN_TOOL } from '../contracts/index.js';
import type { ModelTool } from '../models/index.js';
import { completeTaskTool, READ_OUTPUT, readOutputTool, updatePlanTool } from './runner-tools.js';

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

  /** `only`: the tools a workforce worker is limited to (registry ids or model names); the runner's own stay. */
  constructor(registered: RegisteredTool[], readOnlyMode: boolean, only?: readonly string[]) {
    const allowed = only && new Set(only);
    const offered = registered.filter(
      (t) =>
        (!readOnlyMode || t.spec.annotations.readOnly) &&
        (!allowed || [t.id, t.id.replace(/^builtin:/, ''), modelToolName(t.id)].some((n) => allowed.has(n))),
    );
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
