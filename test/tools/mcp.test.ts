import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcParamsInput, ToolResult } from '../../src/contracts/index.js';
import { homePaths } from '../../src/store/index.js';
import { CLI, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { EVERYTHING, fixtureServer, freePort, nodeServer, startOAuthServer } from '../helpers/mcp-servers.js';
import { RpcClient } from '../helpers/rpc-client.js';

const READER = fixtureServer('mcp-reader-server');

let d: TestDaemon;
let c: RpcClient;
let outside: string;
let granted: string;
let httpServer: ChildProcess | undefined;

const text = (r: ToolResult) => r.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
const call = (name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  c.result('tools.call', { name, arguments: args, wait: false, ...extra });

beforeAll(async () => {
  // Neither folder is granted to the agent: `granted` is granted to an MCP server, by the tests.
  const f = await fixture('cowork-mcp-')
    .withDaemon()
    .withFolder('outside', { 'secret.txt': 'TOP SECRET' })
    .withFolder('granted', { 'notes.txt': 'granted notes' })
    .start();
  ({ daemon: d, client: c } = f);
  [outside, granted] = [f.folders['outside']!, f.folders['granted']!];
  await c.result('mcp.add', nodeServer('everything', EVERYTHING, 'stdio'));
});

const enable = (name: string) => c.result('mcp.enable', { name, enabled: true });

afterAll(() => httpServer?.kill());

describe('MCP gateway (stdio, sandboxed)', () => {
  it('keeps a new server off until the person has seen its tools', async () => {
    const before = await c.result('tools.list', {});
    expect(before.tools.some((t) => t.id.startsWith('mcp:everything:'))).toBe(false);
    const refused = await call('mcp:everything:echo', { message: 'x' });
    expect(refused.error?.code).toBe('CONFLICT');
    expect(refused.error?.message).toMatch(/mcp test everything/);
  });

  it('starts a server on demand and lists its tools, resources and prompts', async () => {
    const info = await c.result('mcp.test', { name: 'everything' });
    expect(info.tools.map((t) => t.name)).toContain('echo');
    expect(info.resources.length).toBeGreaterThan(0);
    expect(info.prompts.length).toBeGreaterThan(0);
    await enable('everything');
    const { tools, errors } = await c.result('tools.list', {});
    expect(errors).toEqual([]);
    const ids = tools.map((t) => t.id);
    expect(ids).toContain('builtin:fs.read');
    expect(ids).toContain('mcp:everything:echo');
    expect(ids.indexOf('builtin:fs.read')).toBeLessThan(ids.indexOf('mcp:everything:echo'));
  });

  it('asks before an MCP tool runs, then runs it once approved', async () => {
    const first = await call('mcp:everything:echo', { message: 'hello mcp' });
    expect(first.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    const approvalId = first.error?.details?.approvalId as string;
    await c.result('approvals.decide', { id: approvalId, status: 'approved' });
    const second = await call('mcp:everything:echo', { message: 'hello mcp' }, { approvalId });
    expect(second.success).toBe(true);
    expect(text(second)).toContain('hello mcp');
    // The stdio server runs in the sandbox, and its result and audit entry say so.
    expect(second.meta.sandboxed).toBe(true);
    const { entries } = await c.result('audit.read', { after: 0, limit: 5000 });
    const result = entries.filter((e) => e.target === 'mcp:everything:echo' && e.phase === 'result').at(-1);
    expect(result?.sandboxed).toBe(true);
  });

  it("validates arguments against the tool's schema before anything runs", async () => {
    const r = await call('mcp:everything:echo', { message: 42 });
    expect(r.error?.code).toBe('INVALID_ARGUMENTS');
    expect((await call('mcp:everything:no-such-tool', {})).error?.code).toBe('INVALID_ARGUMENTS');
  });

  it('follows policy rules on server and tool, and records a denied call in the audit log', async () => {
    await c.result('policy.set', {
      text: [
        'version: 1',
        'rules:',
        '  - { id: everything-ok, action: mcp.call, match: { mcpServers: [everything] }, decision: allow, reason: trusted server }',
        '  - { id: no-env, action: mcp.call, match: { mcpServers: [everything], mcpTools: [get-env] }, decision: deny, reason: env has secrets }',
      ].join('\n'),
    });
    expect((await call('mcp:everything:echo', { message: 'direct' })).success).toBe(true);
    const denied = await call('mcp:everything:get-env', {});
    expect(denied.error?.code).toBe('PERMISSION_DENIED');
    const { entries } = await c.result('audit.read', { after: 0, limit: 5000 });
    expect(
      entries.some(
        (e) => e.action === 'mcp:everything:get-env' && e.decision === 'deny' && e.ruleId === 'no-env',
      ),
    ).toBe(true);
    expect(entries.some((e) => e.action === 'mcp.start')).toBe(true);
  });

  it('reads resources and gets prompts', async () => {
    const info = await c.result('mcp.test', {
      name: 'everything',
    });
    const resource = await c.result('mcp.readResource', {
      name: 'everything',
      uri: info.resources[0]!.uri,
    });
    expect(resource.contents.length).toBeGreaterThan(0);
    const simple = info.prompts.find((p) => !/arg/i.test(p.name)) ?? info.prompts[0]!;
    const prompt = await c.result('mcp.getPrompt', {
      name: 'everything',
      prompt: simple.name,
    });
    expect(prompt.messages.length).toBeGreaterThan(0);
  });

  it('recovers when the server process dies', async () => {
    execSync(`pkill -9 -f "[s]erver-everything/dist/index.js stdio" || true`);
    await new Promise((r) => setTimeout(r, 200));
    // Backoff: right after a crash the server is not restarted yet, and the caller is told so.
    const early = await call('mcp:everything:echo', { message: 'too soon' });
    expect(early.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/restarting in/),
    });
    await new Promise((r) => setTimeout(r, 1100));
    const r = await call('mcp:everything:echo', { message: 'after crash' });
    expect(text(r)).toContain('after crash');
    const { entries } = await c.result('audit.read', {
      after: 0,
      limit: 5000,
    });
    // it really was restarted: two starts of the same server
    expect(
      entries.filter((e) => e.action === 'mcp.start' && e.target.startsWith('everything:')).length,
    ).toBeGreaterThanOrEqual(2);
    // and the crash was visible to the UI and the timeline
    const watcher = await RpcClient.withToken(d.wsUrl, d.token);
    await watcher.result('events.subscribe', { after: 0, types: ['mcp.'] });
    await waitUntil(() => watcher.events.some((e) => e.type === 'mcp.error'));
    expect(watcher.events.map((e) => e.type)).toEqual(expect.arrayContaining(['mcp.started', 'mcp.error']));
    await watcher.close();
  });

  it('reports a server that cannot start, clearly, without failing the whole tool list', async () => {
    await c.result('mcp.add', {
      name: 'broken',
      transport: 'stdio',
      command: '/nonexistent/server',
      enabled: true,
    });
    const { errors } = await c.result('tools.list', {});
    expect(errors.map((e) => e.server)).toEqual(['broken']);
    expect(errors[0]!.message).toMatch(/did not start/);
    await c.result('mcp.remove', { name: 'broken' });
  });
});

describe('per-session tool selection', () => {
  it('lists and allows only the selected tools in that session', async () => {
    await c.result('tools.select', { sessionId: 'narrow', patterns: ['builtin:fs.*'] });
    const { tools } = await c.result('tools.list', { sessionId: 'narrow' });
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.id.startsWith('builtin:fs.'))).toBe(true);
    const r = await call('mcp:everything:echo', { message: 'x' }, { sessionId: 'narrow' });
    expect(r.error?.code).toBe('PERMISSION_DENIED');
    await c.result('tools.select', { sessionId: 'narrow', patterns: [] });
    expect((await c.result('tools.list', { sessionId: 'narrow' })).tools.length).toBeGreaterThan(
      tools.length,
    );
  });
});

describe('a sandboxed stdio server', () => {
  it('cannot read files outside its grants, and can read what it was granted', async () => {
    await c.result('mcp.add', {
      name: 'nosy',
      transport: 'stdio',
      command: process.execPath,
      args: [READER],
      grants: [{ path: granted, mode: 'ro' }],
      enabled: true,
    });
    await c.result('policy.set', {
      text: 'version: 1\nrules:\n  - { id: nosy-ok, action: mcp.call, match: { mcpServers: [nosy] }, decision: allow, reason: test }\n',
    });
    for (const path of [
      join(outside, 'secret.txt'),
      homePaths(d.home).authToken,
      homePaths(d.home).database,
      '/root/.ssh/id_rsa',
    ]) {
      const r = await call('mcp:nosy:read', { path });
      expect(text(r), path).toMatch(/^cannot read: (ENOENT|EACCES)/);
    }
    expect(text(await call('mcp:nosy:read', { path: join(granted, 'notes.txt') }))).toBe('granted notes');
  });
});

describe('MCP gateway (Streamable HTTP)', () => {
  it('connects to an HTTP server and calls its tools', async () => {
    const port = await freePort();
    httpServer = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], {
      env: { ...process.env, PORT: String(port) },
      stdio: 'ignore',
    });
    await waitUntil(async () => {
      try {
        await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'GET' });
        return true;
      } catch {
        return false;
      }
    }, 20_000);
    await c.result('mcp.add', {
      name: 'remote',
      transport: 'http',
      url: `http://127.0.0.1:${port}/mcp`,
      enabled: true,
    });
    const info = await c.result('mcp.test', { name: 'remote' });
    expect(info.tools.map((t) => t.name)).toContain('echo');
    await c.result('policy.set', {
      text: 'version: 1\nrules:\n  - { id: remote-ok, action: mcp.call, match: { mcpServers: [remote] }, decision: allow, reason: test }\n',
    });
    const overHttp = await call('mcp:remote:echo', { message: 'over http' });
    expect(text(overHttp)).toContain('over http');
    expect(overHttp.meta.sandboxed).toBe(false); // a remote server: nothing of it runs here
    // The rest of the surface over HTTP too: resources, prompts, schema validation.
    const described = await c.result('mcp.test', {
      name: 'remote',
    });
    const resource = await c.result('mcp.readResource', {
      name: 'remote',
      uri: described.resources[0]!.uri,
    });
    expect(resource.contents.length).toBeGreaterThan(0);
    const simple = described.prompts.find((p) => !/arg/i.test(p.name)) ?? described.prompts[0]!;
    const prompt = await c.result('mcp.getPrompt', {
      name: 'remote',
      prompt: simple.name,
    });
    expect(prompt.messages.length).toBeGreaterThan(0);
    expect((await call('mcp:remote:echo', { message: 42 })).error?.code).toBe('INVALID_ARGUMENTS');
  });
});

describe('requests from MCP servers go to the person first', () => {
  async function answerNext(kindOfTitle: RegExp, answer: Omit<RpcParamsInput<'approvals.decide'>, 'id'>) {
    await waitUntil(async () => {
      const { approvals } = await c.result('approvals.list', {});
      const hit = approvals.find((a) => a.kind === 'escalation' && kindOfTitle.test(a.title));
      if (!hit) return false;
      await c.result('approvals.decide', { id: hit.id, ...answer });
      return true;
    }, 20_000);
  }

  it("sampling: the server may use the person's model once they approve", async () => {
    const { startReplayServer } = await import('../../src/gym/scripted-model/server.js');
    const { replayProvider } = await import('../../src/gym/scripted-model/provider.js');
    const model = await startReplayServer({
      turns: [{ expect: { contains: ['hello from the server'] }, reply: { text: 'sampled answer' } }],
    });
    try {
      await c.result('providers.add', replayProvider('sampler', model.url));
      await c.result('policy.set', {
        text: 'version: 1\nrules:\n  - { id: everything-ok, action: mcp.call, match: { mcpServers: [everything] }, decision: allow, reason: trusted }\n',
      });
      await c.result('mcp.enable', { name: 'everything', enabled: false });
      await c.result('mcp.enable', { name: 'everything', enabled: true }); // reconnect, declaring sampling
      // Tools offered only to clients that can sample are registered once the session is up.
      await waitUntil(async () => {
        const { tools } = await c.result('tools.list', {});
        return tools.some((t) => t.id === 'mcp:everything:trigger-sampling-request');
      }, 10_000);
      const pending = call('mcp:everything:trigger-sampling-request', {
        prompt: 'hello from the server',
        maxTokens: 20,
      });
      await answerNext(/wants to use your model/, { status: 'approved' });
      const r = await pending;
      expect(r.success).toBe(true);
      expect(text(r)).toContain('sampled answer');
      expect(model.requests[0]!.failure).toBeUndefined();

      const refused = call('mcp:everything:trigger-sampling-request', { prompt: 'again', maxTokens: 20 });
      await answerNext(/wants to use your model/, { status: 'rejected', reason: 'not now' });
      const denied = await refused;
      expect(JSON.stringify(denied)).toMatch(/declined: not now/);
      expect(model.requests).toHaveLength(1); // the model was never asked
    } finally {
      await model.close();
    }
  });

  it('elicitation: the server asks the person, who answers through the approval', async () => {
    const pending = call('mcp:everything:trigger-elicitation-request', {});
    await answerNext(/asks:/, { status: 'approved', response: { name: 'Ada Lovelace' } });
    const r = await pending;
    expect(r.success).toBe(true);
    expect(text(r)).toContain('Ada Lovelace');
    const declined = call('mcp:everything:trigger-elicitation-request', {});
    await answerNext(/asks:/, { status: 'rejected' });
    expect(text(await declined)).toMatch(/declin/i);
  });
});

describe('notifications and timeouts', () => {
  it('turns resource updates and list changes into events the UI and the timeline see', async () => {
    const watcher = await RpcClient.withToken(d.wsUrl, d.token);
    try {
      await watcher.result('events.subscribe', { after: 0, types: ['mcp.'] });
      const info = await c.result('mcp.test', { name: 'everything' });
      const uri = info.resources[0]!.uri;
      expect(await c.result('mcp.subscribeResource', { name: 'everything', uri })).toEqual({
        subscribed: true,
      });
      await call('mcp:everything:toggle-subscriber-updates', {});
      await waitUntil(() =>
        watcher.events.some(
          (e) => e.type === 'mcp.resource_updated' && (e.payload as { uri?: string }).uri === uri,
        ),
      );
      // A tool that adds a resource makes the server announce a changed list.
      const r = await call('mcp:everything:gzip-file-as-resource', {
        name: 'hello.gz',
        data: 'data:text/plain;base64,aGVsbG8=',
      });
      expect(r.success).toBe(true);
      await waitUntil(() => watcher.events.some((e) => e.type === 'mcp.resources_changed'));
    } finally {
      await watcher.close();
    }
  });

  it('abandons a call that takes longer than the server is allowed, with TIMEOUT, and stays usable', async () => {
    await c.result('mcp.add', {
      name: 'slow',
      transport: 'stdio',
      command: process.execPath,
      args: [EVERYTHING, 'stdio'],
      callTimeoutMs: 500,
      enabled: true,
    });
    await c.result('policy.set', {
      text: 'version: 1\nrules:\n  - { id: slow-ok, action: mcp.call, match: { mcpServers: [slow] }, decision: allow, reason: test }\n',
    });
    const r = await call('mcp:slow:trigger-long-running-operation', { duration: 5, steps: 5 });
    expect(r.error?.code).toBe('TIMEOUT');
    expect(r.error?.message).toMatch(/500 ms/);
    expect(text(await call('mcp:slow:echo', { message: 'still here' }))).toContain('still here');
    const { entries } = await c.result('audit.read', { after: 0, limit: 5000 });
    expect(
      entries.some((e) => e.phase === 'result' && e.target === 'mcp:slow:trigger-long-running-operation'),
    ).toBe(true);
  });
});

describe('OAuth for HTTP servers', () => {
  // One server for both tests: the second signs in again to the server the first added.
  let oauthPort = 0;
  beforeAll(async () => {
    ({ port: oauthPort } = await startOAuthServer());
  });

  it('sends the person to sign in, finishes on the daemon callback, keeps the tokens out of SQLite', async () => {
    await c.result('mcp.add', {
      name: 'secure',
      transport: 'http',
      url: `http://127.0.0.1:${oauthPort}/mcp`,
      enabled: true,
    });

    const first = await c.call('mcp.test', { name: 'secure' });
    if (!('error' in first)) throw new Error('expected a sign-in request');
    const data = first.error.data as { code: string; details: { signInUrl: string } };
    expect(data.code).toBe('UNAUTHENTICATED');
    const signIn = new URL(data.details.signInUrl);
    expect(signIn.searchParams.get('code_challenge_method')).toBe('S256');
    expect(signIn.searchParams.get('redirect_uri')).toBe(`${d.url}/oauth/callback`);

    // Asking again while the link is open gives the same link (a new one would void it).
    const again = await c.call('mcp.test', { name: 'secure' });
    expect('error' in again && (again.error.data as { details: unknown }).details).toEqual(data.details);

    // A forged callback (wrong state) is refused and changes nothing.
    const forged = await fetch(`${d.url}/oauth/callback?state=guess&code=stolen`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/unknown or has expired/);

    // The "browser": the provider redirects back to the daemon with a code and the state.
    const authorize = await fetch(signIn, { redirect: 'manual' });
    const back = authorize.headers.get('location')!;
    expect(back.startsWith(`${d.url}/oauth/callback?`)).toBe(true);
    const done = await fetch(back);
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(/Signed in to secure/);
    // Replaying the callback is refused (its state is used up: see mcp-oauth.test.ts).
    expect((await fetch(back)).status).toBe(400);

    const info = await c.result('mcp.test', { name: 'secure' });
    expect(info.tools.map((t) => t.name)).toEqual(['whoami']);
    await c.result('policy.set', {
      text: 'version: 1\nrules:\n  - { id: secure-ok, action: mcp.call, match: { mcpServers: [secure] }, decision: allow, reason: test }\n',
    });
    expect(text(await call('mcp:secure:whoami', {}))).toMatch(/^client /);

    // Tokens live in the secret store, not in the database (or its write-ahead log).
    const { database } = homePaths(d.home);
    for (const file of [database, `${database}-wal`].filter((f) => existsSync(f)))
      expect(readFileSync(file).includes('access_token')).toBe(false);
    await c.result('mcp.remove', { name: 'secure' });
  });

  it('`cowork mcp login` prints the sign-in page and returns once the person has signed in', async () => {
    await c.result('mcp.add', {
      name: 'again',
      transport: 'http',
      url: `http://127.0.0.1:${oauthPort}/mcp`,
      enabled: true,
    });
    const login = spawn(process.execPath, [CLI, 'mcp', 'login', 'again', '--home', d.home], {
      env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    login.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const exited = new Promise<number | null>((resolve) => login.on('exit', resolve));
    await waitUntil(() => /https?:\/\/\S+authorize\S*/.test(out), 20_000);
    const signIn = out.match(/https?:\/\/\S+authorize\S*/)![0];
    const back = (await fetch(signIn, { redirect: 'manual' })).headers.get('location')!;
    expect((await fetch(back)).status).toBe(200);
    expect(await exited).toBe(0);
    expect(out).toMatch(/Signed in to again/);
  });
});
