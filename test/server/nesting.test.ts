/**
 * Issue 15, finding 8: hostile input nested deeper than ~5,000 levels answered INTERNAL (a stack
 * overflow somewhere past the parser). Every parser of client input has one bound (MAX_NESTING):
 * 10,000 levels over real RPC — in a frame's params, a client event's payload, an MCP import, a
 * policy's YAML or JSON text — answer INVALID_ARGUMENTS, and the daemon goes on answering.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../src/contracts/index.js';
import { isAlive } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';

const DEEP = 10_000;
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

let f: DaemonFixture;
beforeAll(async () => {
  f = await fixture('cowork-nest-').withDaemon().withGrant('rw').start();
});

interface Reply {
  id?: unknown;
  result?: unknown;
  error?: { message: string; data: { code: string } };
}

/** Sends one frame as text (deep JSON cannot be built as a value and stringified: that overflows too). */
async function frame(text: string): Promise<Reply> {
  const ws = f.client.ws;
  const reply = new Promise<Reply>((resolve) => {
    const onMessage = (m: unknown) => {
      const r = JSON.parse(String(m)) as Reply | Reply[];
      if (!Array.isArray(r) && !('id' in r)) return; // a notification, not our answer
      ws.off('message', onMessage);
      resolve(Array.isArray(r) ? r[0]! : r);
    };
    ws.on('message', onMessage);
  });
  ws.send(text);
  return reply;
}

const request = (method: string, paramsJson: string) =>
  `{"jsonrpc":"2.0","id":7,"method":"${method}","params":${paramsJson}}`;

describe(`input nested ${DEEP} levels deep`, () => {
  const cases: [string, string][] = [
    ['params of a method', request('system.ping', `{"x":${deepArray(DEEP)}}`)],
    ['tool-call arguments', request('tools.call', `{"name":"fs.read","arguments":${deepObject(DEEP)}}`)],
    [
      'a client event payload',
      request('events.publish', `{"type":"client.note","payload":${deepArray(DEEP)}}`),
    ],
    ['an MCP import', request('mcp.import', JSON.stringify({ text: `{"mcpServers":${deepObject(DEEP)}}` }))],
    ['policy YAML text', request('policy.set', JSON.stringify({ text: `rules: ${deepArray(DEEP)}` }))],
    ['policy JSON text', request('policy.set', JSON.stringify({ text: deepObject(DEEP) }))],
    ['policy YAML blocks', request('policy.set', JSON.stringify({ text: yamlBlocks(1_200) }))],
  ];

  it.each(cases)('%s: INVALID_ARGUMENTS', async (_what, text) => {
    const reply = await frame(text);
    expect(reply.error?.data.code).toBe('INVALID_ARGUMENTS');
    expect(reply.error?.message).toContain(String(MAX_NESTING));
    expect(reply.id).toBe(7);
  });

  it('a batch of deep requests: one refusal for the frame', async () => {
    const reply = (await frame(`[${request('system.ping', deepArray(DEEP))}]`)) as Reply | Reply[];
    expect(Array.isArray(reply) ? reply[0]?.error?.data.code : reply.error?.data.code).toBe(
      'INVALID_ARGUMENTS',
    );
  });

  it('just under the bound is still parsed (the method answers for itself)', async () => {
    const reply = await frame(
      request('events.publish', `{"type":"client.note","payload":${deepArray(MAX_NESTING - 8)}}`),
    );
    expect(reply.error).toBeUndefined();
  });

  it('the daemon is alive and answers', async () => {
    expect(isAlive(f.daemon.pid)).toBe(true);
    expect(await f.client.result('system.ping')).toEqual({ pong: true });
  });
});

/** YAML nested by indentation: `a:` then ` a:` … (1 MiB of text holds about 1,400 levels). */
function yamlBlocks(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`${' '.repeat(i)}a:`);
  return `${lines.join('\n')} 1\n`;
}
