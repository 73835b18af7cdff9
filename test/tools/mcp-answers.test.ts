import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { fixtureServer } from '../helpers/mcp-servers.js';
import type { RpcClient } from '../helpers/rpc-client.js';

// A server's answers reach the person's clients only in the contract's shape (rpc `mcp.*` results).
const ODD = fixtureServer('mcp-odd-server');

let c: RpcClient;

beforeAll(async () => {
  ({ client: c } = await fixture('cowork-mcp-answers-').withDaemon().start());
  await c.result('mcp.add', { name: 'odd', transport: 'stdio', command: process.execPath, args: [ODD] });
  // Resources and prompts are read only from a server that is on, like its tools are called.
  await c.result('mcp.enable', { name: 'odd', enabled: true });
});

describe('MCP answers that do not fit the contract', () => {
  it('passes on only the fields the contract names', async () => {
    const info = await c.call('mcp.test', { name: 'odd' });
    expect(JSON.stringify(info)).not.toContain('EXTRA');
    expect(info).toMatchObject({ result: { server: { name: 'odd', version: '1.0.0' } } });
    const resource = await c.call('mcp.readResource', { name: 'odd', uri: 'odd://extra' });
    expect(resource).toMatchObject({ result: { contents: [{ uri: 'odd://extra', text: 'hello' }] } });
    expect(JSON.stringify(resource)).not.toContain('EXTRA');
    const prompt = await c.call('mcp.getPrompt', { name: 'odd', prompt: 'extra' });
    expect(prompt).toMatchObject({
      result: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }] },
    });
    expect(JSON.stringify(prompt)).not.toContain('EXTRA');
  });

  it('answers a malformed or failed answer with a stable code, not INTERNAL', async () => {
    for (const [method, params] of [
      ['mcp.readResource', { name: 'odd', uri: 'odd://empty' }],
      ['mcp.readResource', { name: 'odd', uri: 'odd://missing' }],
      ['mcp.getPrompt', { name: 'odd', prompt: 'unknown-content' }],
    ] as const) {
      const r = await c.call(method, params);
      expect('error' in r && r.error.data.code, `${method} ${JSON.stringify(params)}`).toBe('UNAVAILABLE');
      expect(JSON.stringify(r)).not.toContain('EXTRA');
    }
    expect(await c.result('system.ping', {})).toEqual({ pong: true });
  });
});
