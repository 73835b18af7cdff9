/**
 * Resources, templates and prompts as the agent's tools and the person's RPCs, against real
 * servers (a paging fixture that records what it is asked, and server-everything): every page is
 * reachable, every read passes the door as `mcp.read` and is audited, and a denied server's
 * resource is never read (the server's own record says so).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ToolResult } from '../../src/contracts/index.js';
import { cowork, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { EVERYTHING, fixtureServer, nodeServer } from '../helpers/mcp-servers.js';
import type { RpcClient } from '../helpers/rpc-client.js';

let c: RpcClient;
let home: string;
let folder: string;
let model: import('../../src/gym/scripted-model/server.js').ReplayServer;

const text = (r: ToolResult) =>
  r.content.map((p) => (p.type === 'text' ? p.text : p.type === 'resource' ? (p.text ?? '') : '')).join('\n');
const call = (name: string, args: Record<string, unknown>) =>
  c.result('tools.call', { name, arguments: args, wait: false });
const RULES = [
  'version: 1',
  'rules:',
  '  - { id: shelf-tools, action: mcp.call, match: { mcpServers: [shelf, everything] }, decision: allow, reason: test servers }',
];
const setRules = (...more: string[]) => c.result('policy.set', { text: [...RULES, ...more].join('\n') });
/** What the shelf server itself says it was asked. */
const shelfWasAsked = async () => JSON.parse(text(await call('mcp:shelf:asked', {}))) as string[];
const audited = async () => (await c.result('audit.read', { after: 0, limit: 5000 })).entries;

beforeAll(async () => {
  const f = await fixture('cowork-mcp-offers-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      {
        expect: { contains: ['mcp_read_resource'] },
        reply: {
          toolCalls: [
            { id: 'r1', name: 'mcp_read_resource', arguments: { server: 'shelf', uri: 'shelf://book/1' } },
          ],
        },
      },
      {
        expect: { contains: ['The text of book 1.'] },
        reply: { toolCalls: [{ id: 'r2', name: 'complete_task', arguments: { summary: 'read it' } }] },
      },
    ])
    .start();
  ({ client: c, home, folder, model } = f);
  await c.result('mcp.add', nodeServer('shelf', fixtureServer('mcp-shelf-server')));
  await c.result('mcp.add', nodeServer('everything', EVERYTHING, 'stdio'));
  await setRules();
});

describe('resources and prompts as agent tools', () => {
  it('are listed only once an enabled server offers them', async () => {
    const offerTools = async () =>
      (await c.result('tools.list', {})).tools.map((t) => t.id).filter((id) => id.startsWith('builtin:mcp.'));
    expect(await offerTools()).toEqual([]);
    await c.result('mcp.enable', { name: 'shelf', enabled: true });
    expect((await offerTools()).sort()).toEqual([
      'builtin:mcp.get_prompt',
      'builtin:mcp.prompts',
      'builtin:mcp.read_resource',
      'builtin:mcp.resources',
    ]);
  });

  it('list every page, with the templates, and say how to get the next one', async () => {
    const first = await call('builtin:mcp.resources', { server: 'shelf' });
    expect(first.success).toBe(true);
    expect(text(first)).toContain('shelf://book/1');
    expect(text(first)).not.toContain('shelf://book/3');
    expect(text(first)).toContain('shelf://book/{n}');
    expect(text(first)).toContain('"cursor": "2"');
    const last = await call('builtin:mcp.resources', { server: 'shelf', cursor: '4' });
    expect(text(last)).toContain('shelf://book/5');
    expect(text(last)).not.toContain('cursor');

    // The review before turning a server on lists all it offers, every page.
    const review = await c.result('mcp.test', { name: 'shelf' });
    expect([review.resources.length, review.prompts.length]).toEqual([5, 3]);

    const uris: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await c.result('mcp.listResources', { name: 'shelf', ...(cursor ? { cursor } : {}) });
      uris.push(...page.resources.map((r) => r.uri));
      cursor = page.nextCursor;
    } while (cursor);
    expect(uris).toEqual([1, 2, 3, 4, 5].map((n) => `shelf://book/${n}`));
    const prompts = await c.result('mcp.listPrompts', { name: 'shelf', cursor: '2' });
    expect(prompts).toEqual({
      prompts: [
        { name: 'review', description: 'review a book', arguments: [{ name: 'book', required: true }] },
      ],
    });
    expect((await c.result('mcp.listResourceTemplates', { name: 'shelf' })).resourceTemplates).toEqual([
      { uriTemplate: 'shelf://book/{n}', name: 'a book by number' },
    ]);
  });

  it('read a resource and get a prompt through the door, audited', async () => {
    const read = await call('builtin:mcp.read_resource', { server: 'shelf', uri: 'shelf://book/3' });
    expect(read.success).toBe(true);
    expect(text(read)).toBe('The text of book 3.');
    const prompt = await call('builtin:mcp.get_prompt', {
      server: 'shelf',
      name: 'summarise',
      arguments: { book: '3' },
    });
    expect(text(prompt)).toBe('user: Please summarise book 3.');
    const viaRpc = await c.result('mcp.readResource', { name: 'shelf', uri: 'shelf://book/2' });
    expect(viaRpc.contents).toEqual([
      { uri: 'shelf://book/2', mimeType: 'text/plain', text: 'The text of book 2.' },
    ]);
    const entries = await audited();
    const of = (target: string) => entries.filter((e) => e.action === 'mcp.read' && e.target === target);
    expect(of('mcp:shelf:shelf://book/3').map((e) => [e.phase, e.decision, e.ruleId])).toEqual([
      ['decision', 'allow', 'default.mcp-read'],
      ['result', 'allow', 'default.mcp-read'],
    ]);
    expect(of('mcp:shelf:prompt summarise').length).toBe(2);
    expect(of('mcp:shelf:shelf://book/2').map((e) => e.phase)).toEqual(['decision', 'result']);
    expect(await shelfWasAsked()).toEqual(['read shelf://book/3', 'prompt summarise', 'read shelf://book/2']);
  });

  it("never reads a denied server's resource, for the agent or the person", async () => {
    await setRules(
      '  - { id: no-shelf-reads, action: mcp.read, match: { mcpServers: [shelf] }, decision: deny, reason: private shelf }',
    );
    const denied = await call('builtin:mcp.read_resource', { server: 'shelf', uri: 'shelf://book/4' });
    expect(denied.error?.code).toBe('PERMISSION_DENIED');
    const rpc = await c.call('mcp.readResource', { name: 'shelf', uri: 'shelf://book/4' });
    expect('error' in rpc && rpc.error.data.code).toBe('PERMISSION_DENIED');
    expect((await call('builtin:mcp.resources', { server: 'shelf' })).error?.code).toBe('PERMISSION_DENIED');
    expect((await shelfWasAsked()).filter((a) => a.includes('book/4'))).toEqual([]);
    const entries = await audited();
    expect(
      entries.some(
        (e) =>
          e.action === 'mcp.read' && e.target === 'mcp:shelf:shelf://book/4' && e.ruleId === 'no-shelf-reads',
      ),
    ).toBe(true);
    await setRules();
  });

  it("are the agent's: a run reads a resource, audited as the agent's read", async () => {
    const run = await c.result('runs.start', { prompt: 'Read the first book', folder, model: 'replay/m' });
    await waitUntil(async () => (await c.result('runs.get', { runId: run.id })).status !== 'running', 20_000);
    const info = await c.result('runs.get', { runId: run.id });
    expect(info.status, JSON.stringify(info)).toBe('completed');
    expect(model.requests.every((r) => r.failure === undefined)).toBe(true);
    const entries = await audited();
    expect(
      entries
        .filter(
          (e) => e.action === 'mcp.read' && e.target === 'mcp:shelf:shelf://book/1' && e.runId === run.id,
        )
        .map((e) => [e.actor, e.phase]),
    ).toEqual([
      ['agent', 'decision'],
      ['agent', 'result'],
    ]);
  });

  it('refuses to read from a server that is off', async () => {
    await c.result('mcp.enable', { name: 'shelf', enabled: false });
    const off = await call('builtin:mcp.read_resource', { server: 'shelf', uri: 'shelf://book/1' });
    expect(off.error?.code).toBe('CONFLICT');
    await c.result('mcp.enable', { name: 'shelf', enabled: true });
  });
});

describe('completions', () => {
  it("suggests a prompt's argument values, narrowed by the arguments already given", async () => {
    await c.result('mcp.enable', { name: 'everything', enabled: true });
    const department = await c.result('mcp.complete', {
      name: 'everything',
      ref: { type: 'prompt', name: 'completable-prompt' },
      argument: { name: 'department', value: 'S' },
    });
    expect(department.values).toEqual(['Sales', 'Support']);
    const lead = await c.result('mcp.complete', {
      name: 'everything',
      ref: { type: 'prompt', name: 'completable-prompt' },
      argument: { name: 'name', value: '' },
      context: { department: 'Engineering' },
    });
    expect(lead.values).toEqual(['Alice', 'Bob', 'Charlie']);
    // A server without completions answers none rather than an error.
    const none = await c.result('mcp.complete', {
      name: 'shelf',
      ref: { type: 'prompt', name: 'summarise' },
      argument: { name: 'book', value: '' },
    });
    expect(none.values).toEqual([]);
  });
});

describe('in the CLI', () => {
  const cli = (...args: string[]) => cowork(['mcp', ...args, '--home', home]);

  it('lists every page of resources and prompts, reads one, and fills a prompt in', async () => {
    const resources = await cli('resources', 'shelf');
    expect(resources.code).toBe(0);
    expect(
      resources.stdout
        .split('\n')
        .filter((l) => l.startsWith('shelf://book/'))
        .map((l) => l.split(' ')[0]),
    ).toEqual([...[1, 2, 3, 4, 5].map((n) => `shelf://book/${n}`), 'shelf://book/{n}']);
    expect(resources.stdout).toContain('Templates:');
    const asJson = JSON.parse((await cli('resources', 'shelf', '--json')).stdout);
    expect(asJson.resources).toHaveLength(5);
    expect(asJson.resourceTemplates).toEqual([{ uriTemplate: 'shelf://book/{n}', name: 'a book by number' }]);

    expect((await cli('read', 'shelf', 'shelf://book/5')).stdout).toBe('The text of book 5.\n');
    expect(JSON.parse((await cli('read', 'shelf', 'shelf://book/5', '--json')).stdout).contents[0].text).toBe(
      'The text of book 5.',
    );

    const prompts = await cli('prompts', 'shelf');
    expect(prompts.stdout).toBe(
      'summarise book  — summarise a book\ntranslate book  — translate a book\nreview book  — review a book\n',
    );
    expect((await cli('prompt', 'shelf', 'review', 'book=Moby Dick')).stdout).toBe(
      'user: Please review book Moby Dick.\n',
    );
    const bad = await cli('prompt', 'shelf', 'review', 'book');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/NAME=VALUE/);
  });
});
