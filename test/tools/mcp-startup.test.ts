/**
 * A server that cannot start fails at once with what it said, one that hangs costs only its own
 * start timeout, and both reach the run that needed their tools (its events, `cowork run --json`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/contracts/index.js';
import { replayProvider } from '../../src/gym/scripted-model/provider.js';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { cowork, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { fixtureServer, freePort } from '../helpers/mcp-servers.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const READER = fixtureServer('mcp-reader-server');
/** A server that says why it cannot go on, then exits: what a missing package looks like. */
const DIES = ['-e', 'console.error("Error: Cannot find module dies-7f3c/server"); process.exit(3)'];
/** A server that never answers (an `npx` with no network waits like this). */
const HANGS = ['-e', 'setInterval(() => {}, 1000)'];

let d: TestDaemon;
let c: RpcClient;
let work: string;
let replay: ReplayServer;

beforeAll(async () => {
  const f = await fixture('cowork-mcp-start-').withDaemon().withFolder('work').start();
  ({ daemon: d, client: c } = f);
  work = f.folders['work']!;
  await c.result('events.subscribe', { after: 0, types: ['mcp.', 'run.'] });
});
afterAll(() => replay?.close());

const add = (name: string, config: Record<string, unknown>) =>
  c.result('mcp.add', { name, transport: 'stdio', command: process.execPath, ...config });
const failure = async (name: string) => {
  const r = await c.call('mcp.test', { name });
  if (!('error' in r)) throw new Error(`${name} started`);
  return r.error;
};

describe('MCP server start', () => {
  it('a server that exits before answering fails with its own stderr and exit code', async () => {
    await add('dies', { args: DIES });
    const error = await failure('dies');
    expect(error.data.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/did not start: it exited before it answered \(exit code 3\)/);
    expect(error.message).toContain('Cannot find module dies-7f3c/server');
    expect(error.data.details).toMatchObject({ server: 'dies', exitCode: 3, timedOut: false });
    await c.result('mcp.remove', { name: 'dies' });
  });

  it('a folder on its command line, offered and not taken: the hint says how to grant it', async () => {
    const reads =
      'try { require("fs").readdirSync(process.argv[1]) } catch { console.error("Cannot access directory " + process.argv[1]); process.exit(1) }';
    await add('needs', { args: ['-e', reads, work] });
    const error = await failure('needs');
    expect(error.message).toContain(`Cannot access directory ${work}`);
    expect(error.message).toContain('`cowork mcp enable needs --grant-offered` grants it read-only');
    await c.result('mcp.remove', { name: 'needs' });
  });

  it('keeps only the end of a long stderr, where the reason usually is', async () => {
    const noisy =
      'for (let i = 0; i < 40; i++) console.error("line " + i + " " + "x".repeat(150)); process.exit(1)';
    await add('noisy', { args: ['-e', noisy] });
    const error = await failure('noisy');
    expect(error.message).toContain('line 39 ');
    expect(error.message).not.toContain('line 20 ');
    expect(error.message.length).toBeLessThan(2500);
    await c.result('mcp.remove', { name: 'noisy' });
  });

  it('a command that does not exist says so, with a hint about the runtime', async () => {
    await add('nocmd', { command: '/nonexistent/bin/mcp-server' });
    const error = await failure('nocmd');
    expect(error.message).toMatch(/did not start: it exited before it answered/);
    expect(error.message).toContain('/nonexistent/bin/mcp-server');
    expect(error.message).toMatch(/Hint: .*was not found in the sandbox: is its runtime/);
    await c.result('mcp.remove', { name: 'nocmd' });
  });

  it('an HTTP server nobody runs says where it looked and why it failed', async () => {
    const port = await freePort();
    await c.result('mcp.add', { name: 'down', transport: 'http', url: `http://127.0.0.1:${port}/mcp` });
    const error = await failure('down');
    expect(error.message).toMatch(/did not start: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
    expect(error.message).toContain(`Hint: nothing listens at 127.0.0.1:${port}`);
    await c.result('mcp.remove', { name: 'down' });
  });

  it('a hanging server fails on its own timeout while the server beside it lists its tools', async () => {
    // "a-hangs" sorts first: connected one after another, "works" would start only after its timeout.
    await add('a-hangs', { args: HANGS, startTimeoutMs: 3000, enabled: true });
    await add('works', { args: [READER], enabled: true });
    const { tools, errors } = await c.result('tools.list', {});
    expect(tools.map((t) => t.id)).toContain('mcp:works:read');
    expect(errors).toEqual([
      { server: 'a-hangs', message: expect.stringMatching(/did not answer within 3000 ms[\s\S]*Hint:/) },
    ]);
    const at = (type: string, server: string) =>
      c.events.findIndex(
        (e: LogEvent) => e.type === type && (e.payload as { server: string }).server === server,
      );
    await waitUntil(() => at('mcp.error', 'a-hangs') >= 0);
    expect(at('mcp.started', 'works')).toBeGreaterThanOrEqual(0);
    expect(at('mcp.started', 'works')).toBeLessThan(at('mcp.error', 'a-hangs'));

    // Each run turn lists the tools: the timed-out start is answered from memory, not waited on again…
    const starts = async () => {
      const { entries } = await c.result('audit.read', { after: 0, limit: 1000 });
      return entries.filter((e) => e.action === 'mcp.start' && e.target.startsWith('a-hangs:')).length;
    };
    expect(await starts()).toBe(1);
    expect((await c.result('tools.list', {})).errors).toEqual(errors);
    expect(await starts()).toBe(1);
    // …until the person tries it themselves.
    expect((await failure('a-hangs')).message).toMatch(/did not answer within 3000 ms/);
    expect(await starts()).toBe(2);
    await c.result('mcp.remove', { name: 'a-hangs' });
    await c.result('mcp.remove', { name: 'works' });
  });

  it('a run is told which server is missing and why, in its events and in `cowork run --json`', async () => {
    await add('dies', { args: DIES, enabled: true });
    replay = await startReplayServer({
      turns: [{ reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done' } }] } }],
    });
    await c.result('providers.add', replayProvider('replay', replay.url));
    const r = await cowork([
      '--home',
      d.home,
      'run',
      'Go',
      '--folder',
      work,
      '--trust',
      '--model',
      'replay/m',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const failed = lines.filter((l) => l['type'] === 'run.tool_source_failed');
    expect(failed).toEqual([
      expect.objectContaining({
        server: 'dies',
        message: expect.stringContaining('Cannot find module dies-7f3c'),
      }),
    ]);
    await waitUntil(() => c.events.some((e) => e.type === 'run.tool_source_failed'));
    const runEvent = c.events.find((e) => e.type === 'run.tool_source_failed');
    expect(runEvent?.payload).toMatchObject({ runId: failed[0]!['runId'], server: 'dies' });
  });
});
