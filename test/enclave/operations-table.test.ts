/**
 * The operations table and the policy agree: a tool offered as read-only is one a read-only grant
 * allows, and every action that changes files is refused in a read-only grant (a write is a write,
 * whether it creates, replaces, moves or deletes).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyAction } from '../../src/contracts/index.js';
import { AUTO_EDIT_ACTIONS, evaluate, OPERATION_NAMES, OPERATIONS } from '../../src/enclave/index.js';
import { builtinTools } from '../../src/tools/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
beforeAll(() => {
  s = makeSandbox();
});
afterAll(() => s.close());

const FILE_ACTIONS = PolicyAction.options.filter((a) => a.startsWith('fs.'));
const inReadOnlyGrant = (action: PolicyAction) =>
  evaluate(
    s.enclave.policy,
    { action, path: join(s.readOnly, 'ref.txt') },
    { grants: s.enclave.grants.list() },
  );

describe('the operations table', () => {
  it('refuses every file change in a read-only grant, and only those', () => {
    const refused = FILE_ACTIONS.filter((a) => inReadOnlyGrant(a).reasonCode === 'READ_ONLY_GRANT');
    expect(refused).toEqual(['fs.write', 'fs.append', 'fs.mkdir', 'fs.move', 'fs.delete']);
  });

  it('offers as read-only (parallel) exactly the tools a read-only grant allows', () => {
    const tools = builtinTools();
    expect(tools.map((t) => t.spec.name)).toEqual(OPERATION_NAMES);
    for (const t of tools) {
      const { annotations } = t.spec;
      const allowedInReadOnly = inReadOnlyGrant(annotations.policyAction).reasonCode !== 'READ_ONLY_GRANT';
      const isFileTool = annotations.policyAction.startsWith('fs.');
      expect([t.spec.name, annotations.readOnly]).toEqual([t.spec.name, isFileTool && allowedInReadOnly]);
      expect(annotations.concurrency).toBe(annotations.readOnly ? 'parallel' : 'exclusive');
      expect(annotations.policyAction).toBe(OPERATIONS[t.spec.name as keyof typeof OPERATIONS].policyAction);
    }
  });

  it('lets auto-edit approve content edits only: moves and deletes still ask', () => {
    expect([...AUTO_EDIT_ACTIONS]).toEqual(['fs.write', 'fs.append', 'fs.mkdir']);
  });
});
