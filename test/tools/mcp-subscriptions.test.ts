/**
 * Resource subscriptions are kept: a server that connects again, or a daemon that restarts, is
 * asked again for each one (the fixture server's own record of what it was asked says so), and an
 * unsubscribe is told to the server and forgotten for good.
 */
import { beforeAll, expect, it } from 'vitest';
import type { ToolResult } from '../../src/contracts/index.js';
import { waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { fixtureServer, nodeServer } from '../helpers/mcp-servers.js';
import { RpcClient } from '../helpers/rpc-client.js';

let f: DaemonFixture;
let c: RpcClient;

const text = (r: ToolResult) => r.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
/** What this run of the shelf server was asked (a new process starts with an empty record). */
const shelfWasAsked = async () => {
  const r = await c.result('tools.call', { name: 'mcp:shelf:asked', arguments: {}, wait: false });
  if (!r.success) throw new Error(JSON.stringify(r.error));
  return JSON.parse(text(r)) as string[];
};
const reconnect = async () => {
  await c.result('mcp.enable', { name: 'shelf', enabled: false });
  await c.result('mcp.enable', { name: 'shelf', enabled: true });
};

beforeAll(async () => {
  f = await fixture('cowork-mcp-subs-').withDaemon().start();
  c = f.client;
  await c.result('mcp.add', nodeServer('shelf', fixtureServer('mcp-shelf-server')));
  await c.result('mcp.enable', { name: 'shelf', enabled: true });
  await c.result('policy.set', {
    text: 'version: 1\nrules:\n  - { id: shelf, action: mcp.call, match: { mcpServers: [shelf] }, decision: allow, reason: test }\n',
  });
});

it('renews a subscription when the server connects again', async () => {
  expect(await c.result('mcp.subscribeResource', { name: 'shelf', uri: 'shelf://book/1' })).toEqual({
    subscribed: true,
  });
  expect(await shelfWasAsked()).toEqual(['subscribe shelf://book/1']);
  expect(await c.result('mcp.subscriptions', {})).toEqual({
    subscriptions: [{ server: 'shelf', uri: 'shelf://book/1' }],
  });
  await reconnect();
  await waitUntil(async () => (await shelfWasAsked()).includes('subscribe shelf://book/1'), 10_000);
});

it('after a daemon restart, starts the server and subscribes again', async () => {
  ({ client: c } = await f.restart());
  const watcher = await RpcClient.withToken(f.daemon.wsUrl, f.daemon.token);
  try {
    await watcher.result('events.subscribe', { after: 0, types: ['mcp.'] });
    // Nobody used the server since the restart: the daemon started it for the subscription.
    await waitUntil(
      () =>
        watcher.events.some(
          (e) => e.type === 'mcp.started' && (e.payload as { server?: string }).server === 'shelf',
        ),
      15_000,
    );
  } finally {
    await watcher.close();
  }
  await waitUntil(async () => (await shelfWasAsked()).includes('subscribe shelf://book/1'), 10_000);
  const { entries } = await c.result('audit.read', { after: 0, limit: 5000 });
  expect(
    entries.some(
      (e) => e.action === 'mcp.read' && e.actor === 'system' && e.target === 'mcp:shelf:shelf://book/1',
    ),
  ).toBe(true);
});

it('unsubscribes: the server is told, and nothing is renewed afterwards', async () => {
  expect(await c.result('mcp.unsubscribeResource', { name: 'shelf', uri: 'shelf://book/1' })).toEqual({
    unsubscribed: true,
  });
  expect(await shelfWasAsked()).toContain('unsubscribe shelf://book/1');
  expect((await c.result('mcp.subscriptions', {})).subscriptions).toEqual([]);
  await reconnect();
  await new Promise((r) => setTimeout(r, 300));
  expect(await shelfWasAsked()).toEqual([]);
});
