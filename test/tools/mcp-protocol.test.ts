/**
 * The client side of the MCP spec (2025-11-25) against real servers: pagination, roots,
 * progress and cancellation, logging, results, instructions, and the HTTP transports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolResult } from '../../src/contracts/index.js';
import { type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { EVERYTHING, fixtureServer, freePort } from '../helpers/mcp-servers.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const PROTOCOL = fixtureServer('mcp-protocol-server');

let d: TestDaemon;
let c: RpcClient;
let granted: string;
let other: string;
const children: ChildProcess[] = [];

const text = (r: ToolResult) => r.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
const call = (name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  c.result('tools.call', { name, arguments: args, wait: false, ...extra });
const allow = (server: string) =>
  c.result('policy.set', {
    text: `version: 1\nrules:\n  - { id: ${server}-ok, action: mcp.call, match: { mcpServers: [${server}] }, decision: allow, reason: test }\n`,
  });

/** server-everything over HTTP (`streamableHttp` or `sse`) on a free port, once it answers. */
async function everythingOverHttp(mode: 'streamableHttp' | 'sse'): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  children.push(child);
  const path = mode === 'sse' ? '/sse' : '/mcp';
  await waitUntil(async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health-check-none`);
      await res.body?.cancel();
      return true;
    } catch {
      return false;
    }
  }, 20_000);
  return `http://127.0.0.1:${port}${path}`;
}

beforeAll(async () => {
  const f = await fixture('cowork-mcp-protocol-')
    .withDaemon()
    .withFolder('granted', { 'notes.txt': 'granted notes' })
    .withFolder('other', {})
    .start();
  ({ daemon: d, client: c } = f);
  [granted, other] = [f.folders['granted']!, f.folders['other']!];
  await c.result('mcp.add', {
    name: 'proto',
    transport: 'stdio',
    command: process.execPath,
    args: [PROTOCOL],
    grants: [{ path: granted, mode: 'ro' }],
    enabled: true,
  });
  await allow('proto');
  await c.result('events.subscribe', { after: 0, types: ['mcp.'] });
});

afterAll(() => {
  for (const child of children) child.kill();
});

describe('pagination', () => {
  it('lists every page of tools, resources and prompts, and every tool is callable', async () => {
    const { tools } = await c.result('tools.list', {});
    const names = tools.filter((t) => t.id.startsWith('mcp:proto:')).map((t) => t.spec.name);
    expect(names).toEqual(
      expect.arrayContaining(['echo', 'roots', 'slow', 'cancellations', 'log', 'weather', 'media', 'think']),
    );
    expect(text(await call('mcp:proto:echo', { text: 'page one' }))).toBe('page one');
    // The last page's tool: found and run, not "unknown tool".
    expect(text(await call('mcp:proto:think', {}))).toBe('thought');
    const info = await c.result('mcp.test', { name: 'proto' });
    expect(info.resources.map((r) => r.uri)).toEqual(['fixture://a', 'fixture://b', 'fixture://c']);
    expect(info.prompts.map((p) => p.name)).toEqual(['p1', 'p2', 'p3']);
  });

  it('stops asking a server that never stops paging', async () => {
    await c.result('mcp.add', {
      name: 'endless',
      transport: 'stdio',
      command: process.execPath,
      args: [PROTOCOL, 'endless'],
      enabled: true,
    });
    const info = await c.result('mcp.test', { name: 'endless' });
    expect(info.tools.length).toBe(100);
  });
});

describe('roots', () => {
  it("answers roots/list with the server's grants, as file:// URIs with names", async () => {
    const r = await call('mcp:proto:roots', {});
    expect(r.success).toBe(true);
    expect(JSON.parse(text(r)).roots).toEqual([
      { uri: pathToFileURL(granted).href, name: expect.stringMatching(/granted.*\(read-only\)$/) },
    ]);
  });

  it('tells a running HTTP server its roots changed when its grants change', async () => {
    const url = await everythingOverHttp('streamableHttp');
    const config = { name: 'roots-http', transport: 'http' as const, url, enabled: true };
    await c.result('mcp.add', { ...config, grants: [{ path: granted, mode: 'ro' }] });
    await allow('roots-http');
    const before = text(await call('mcp:roots-http:get-roots-list', {}));
    expect(before).toContain(pathToFileURL(granted).href);
    expect(before).not.toContain(pathToFileURL(other).href);
    await c.result('mcp.add', {
      ...config,
      grants: [
        { path: granted, mode: 'ro' },
        { path: other, mode: 'rw' },
      ],
    });
    // The same session (no restart) asks again when told; its next answer has the new grant.
    await waitUntil(async () =>
      text(await call('mcp:roots-http:get-roots-list', {})).includes(pathToFileURL(other).href),
    );
    const starts = c.events.filter(
      (e) => e.type === 'mcp.started' && (e.payload as { server?: string }).server === 'roots-http',
    );
    expect(starts.length).toBe(1);
  });
});
