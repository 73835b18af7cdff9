import { describe, expect, it } from 'vitest';
import { ToolBridge } from '../../src/agent/tool-bridge.js';
import { builtinTools } from '../../src/tools/builtin.js';

const names = (b: ToolBridge) => b.tools.map((t) => t.name);

describe('the tools a run is offered', () => {
  it('offers a worker only its subset, named by registry id, bare operation or model name, plus the runner’s own', () => {
    const all = builtinTools();
    const bridge = new ToolBridge(all, false, ['builtin:fs.read', 'fs.list', 'fs_search']);
    expect(names(bridge)).toEqual([
      'fs_read',
      'fs_list',
      'fs_search',
      'update_plan',
      'read_output',
      'complete_task',
    ]);
    expect(bridge.idFor('fs_write')).toBeUndefined();
  });

  it('narrows a subset further in read-only mode, and offers everything without one', () => {
    const all = builtinTools();
    expect(names(new ToolBridge(all, true, ['fs.read', 'fs.write']))).not.toContain('fs_write');
    expect(names(new ToolBridge(all, false)).length).toBe(all.length + 3);
  });
});
