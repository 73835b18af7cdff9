/**
 * Names a client sends are looked up in tables (operations, risks, program tables). A name that is
 * a key of `Object.prototype` (`toString`, `constructor`, `__proto__`…) must be an unknown name
 * like any other, never a hit on the prototype.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDecision } from '../../src/contracts/index.js';
import { type CallContext, evaluate } from '../../src/enclave/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);

let s: Sandbox;
beforeAll(() => {
  s = makeSandbox();
});
afterAll(() => s.close());

const ctx = (): CallContext => ({ actor: 'agent', sessionId: 's1', runId: null, cwd: s.grant, wait: false });
/** What is compared between a prototype key and an ordinary unknown name. */
const gist = (d: PolicyDecision) => ({
  decision: d.decision,
  reasonCode: d.reasonCode,
  riskScore: d.riskScore,
});
const checked = (params: Parameters<Sandbox['enclave']['check']>[0]) =>
  s.enclave.check({ cwd: s.grant, sessionId: 's1', ...params }).then(gist);

describe('Object.prototype keys are unknown names', () => {
  it('covers the keys that matter', () => {
    expect(PROTOTYPE_KEYS).toEqual(
      expect.arrayContaining(['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf']),
    );
  });

  it.each(PROTOTYPE_KEYS)('perform(%s) is an unknown operation', async (key) => {
    const result = await s.call(key, {});
    expect(result.success).toBe(false);
    expect(result.error?.code).toBe('INVALID_ARGUMENTS');
    expect(result.error?.message).toBe(`Unknown operation "${key}".`);
    const last = [...s.enclave.audit.entriesAfter(0)].at(-1)!;
    expect([last.action, last.decision, last.reasonCode]).toEqual([key, 'deny', 'UNKNOWN_ACTION']);
  });

  it.each(PROTOTYPE_KEYS)('dryRun and policy.check of %s deny it as unknown', async (key) => {
    const unknown = { decision: 'deny', reasonCode: 'UNKNOWN_ACTION', riskScore: 0 };
    expect(gist(await s.enclave.dryRun(key, {}, ctx()))).toEqual(unknown);
    expect(await checked({ action: key })).toEqual(unknown);
    expect(await checked({ action: key, args: {} })).toEqual(unknown);
  });

  it.each(PROTOTYPE_KEYS)('the policy denies action %s as unknown, with a numeric risk', (key) => {
    const d = evaluate(s.enclave.policy, { action: key as 'fs.read' }, { grants: s.enclave.grants.list() });
    expect(gist(d)).toEqual({ decision: 'deny', reasonCode: 'UNKNOWN_ACTION', riskScore: 50 });
  });

  it.each(PROTOTYPE_KEYS)('a program named %s is judged like any unknown program', async (key) => {
    const other = 'no-such-program';
    expect(await checked({ action: 'exec', argv: [key, key] })).toEqual(
      await checked({ action: 'exec', argv: [other, other] }),
    );
    expect(await checked({ action: 'exec', argv: [key, '-c', 'x'] })).toEqual(
      await checked({ action: 'exec', argv: [other, '-c', 'x'] }),
    );
    expect(await checked({ action: 'exec', argv: ['env', key, '-e', 'x'] })).toEqual(
      await checked({ action: 'exec', argv: ['env', other, '-e', 'x'] }),
    );
    expect(await checked({ action: 'pty.spawn', argv: [key, '-o', 'out'] })).toEqual(
      await checked({ action: 'pty.spawn', argv: [other, '-o', 'out'] }),
    );
  });

  it.each(PROTOTYPE_KEYS)('an MCP server or tool named %s is judged like any other', async (key) => {
    expect(await checked({ action: 'mcp.call', server: key, tool: key })).toEqual(
      await checked({ action: 'mcp.call', server: 'other', tool: 'other' }),
    );
  });
});
