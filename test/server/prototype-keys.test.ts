/**
 * Every name a client sends over the API that the daemon looks up in a table — an RPC method, a
 * tool, an operation, a policy action — is an unknown name when it is a key of `Object.prototype`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);

let c: RpcClient;
beforeAll(async () => {
  ({ client: c } = await fixture('cowork-proto-').withDaemon().start());
});

/** The tool result of `tools.call`; the call itself must never fail. */
async function toolCall(name: string) {
  const r = await c.call('tools.call', { name, arguments: {} });
  expect(r).not.toHaveProperty('error');
  return (r as { result: { success: boolean; error: { code: string; message: string } | null } }).result;
}

describe('Object.prototype keys over the API', () => {
  it('covers the keys that matter', () => {
    expect(PROTOTYPE_KEYS).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'toString']));
  });

  it.each(PROTOTYPE_KEYS)('tools.call %s is an unknown operation (INVALID_ARGUMENTS)', async (key) => {
    for (const name of [key, `builtin:${key}`]) {
      const result = await toolCall(name);
      expect(result.success).toBe(false);
      expect(result.error).toEqual({ code: 'INVALID_ARGUMENTS', message: `Unknown operation "${key}".` });
    }
  });

  it.each(PROTOTYPE_KEYS)('tools.call of MCP server and tool %s is like any unknown one', async (key) => {
    const other = await toolCall('mcp:other:other');
    const result = await toolCall(`mcp:${key}:${key}`);
    expect(result.success).toBe(false);
    expect(result.error?.code).toBe(other.error?.code);
  });

  it.each(PROTOTYPE_KEYS)('policy.check of action %s denies it as unknown', async (key) => {
    for (const params of [{ action: key }, { action: key, args: {} }]) {
      const decision = await c.result('policy.check', params);
      expect([decision.decision, decision.reasonCode]).toEqual(['deny', 'UNKNOWN_ACTION']);
    }
  });

  it.each(PROTOTYPE_KEYS)('method %s is not found', async (key) => {
    const r = await c.call(key, {});
    expect(r).toMatchObject({ error: { data: { code: 'METHOD_NOT_FOUND' } } });
  });
});
