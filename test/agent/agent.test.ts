import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/contracts/index.js';
import type { ReplayScript } from '../../src/gym/scripted-model/script.js';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { homePaths } from '../../src/store/index.js';
import { type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { EVERYTHING } from '../helpers/mcp-servers.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { tempDir } from '../helpers/temp-dir.js';

let d: TestDaemon;
let c: RpcClient;
let work: string;
let replay: ReplayServer | undefined;

beforeAll(async () => {
  ({ daemon: d, client: c } = await fixture().withDaemon().start());
  await c.result('events.subscribe', { after: 0, types: ['run.', 'approval.'] });
});
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

async function setup(
  script: ReplayScript,
  kind: 'openai-compatible' | 'openai' | 'anthropic' = 'openai-compatible',
  models = [{ id: 'replay-model' }],
) {
  work = tempDir('cowork-agent-'); // this test's own, removed when it ends
  writeFileSync(join(work, 'notes.txt'), 'original notes');
  await c.result('grants.add', { path: work, mode: 'rw' });
  replay = await startReplayServer(script);
  const id = `p${Math.random().toString(36).slice(2, 8)}`;
  await c.result('providers.add', {
    id,
    kind,
    baseUrl: `${replay.url}/v1`,
    authRef: null,
    models,
    timeouts: { connectMs: 5000, requestMs: 30_000 },
    retries: { max: 2, baseDelayMs: 10 },
  });
  return `${id}/${models[0]!.id}`;
}

const eventsOf = (runId: string): LogEvent[] =>
  c.events.filter((e) => (e.payload as { runId?: string })?.runId === runId);

async function finished(
  runId: string,
): Promise<{ status: string; summary: string | null; error: string | null }> {
  await waitUntil(
    async () => ['completed', 'failed', 'cancelled'].includes((await c.result('runs.get', { runId })).status),
    20_000,
  );
  return c.result('runs.get', { runId });
}

/** Answers every approval of this run as `answer` as soon as it appears. */
function answerApprovals(runId: string, answer: { status: 'approved' | 'rejected'; reason?: string }) {
  const seen = new Set<string>();
  const timer = setInterval(async () => {
    const { approvals } = await c.result('approvals.list', {});
    for (const a of approvals) {
      if (a.runId !== runId || seen.has(a.id)) continue;
      seen.add(a.id);
      await c.result('approvals.decide', { id: a.id, ...answer });
    }
  }, 30);
  return () => clearInterval(timer);
}

describe('agent runs with the replay model', () => {
  it("reads, creates and edits files across several turns, asking before changing the person's file", async () => {
    const model = await setup({
      turns: [
        {
          expect: { contains: ['Summarise my notes', 'fs_read'] },
          reply: {
            text: 'Reading.',
            toolCalls: [
              { id: 'a', name: 'fs_read', arguments: { path: 'notes.txt' } },
              { id: 'b', name: 'fs_list', arguments: { path: '.' } },
            ],
          },
        },
        {
          expect: { contains: ['original notes'] },
          reply: {
            toolCalls: [
              {
                id: 'c',
                name: 'fs_write',
                arguments: { path: 'summary.md', content: '# Summary\noriginal notes\n' },
              },
              {
                id: 'd',
                name: 'fs_write',
                arguments: { path: 'notes.txt', content: 'original notes (summarised)' },
              },
            ],
          },
        },
        {
          expect: { contains: ['created'] },
          reply: {
            toolCalls: [
              {
                id: 'e',
                name: 'complete_task',
                arguments: { summary: 'Wrote summary.md and marked the notes.' },
              },
            ],
          },
        },
      ],
    });
    const run = await c.result('runs.start', {
      prompt: 'Summarise my notes',
      folder: work,
      model,
    });
    const stop = answerApprovals(run.id, { status: 'approved' });
    const done = await finished(run.id);
    stop();
    expect(done).toMatchObject({ status: 'completed', summary: 'Wrote summary.md and marked the notes.' });
    expect(readFileSync(join(work, 'summary.md'), 'utf8')).toBe('# Summary\noriginal notes\n');
    expect(readFileSync(join(work, 'notes.txt'), 'utf8')).toBe('original notes (summarised)');
    const types = eventsOf(run.id).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['run.started', 'run.tool_call', 'run.tool_result', 'run.completed']),
    );
    const states = eventsOf(run.id)
      .filter((e) => e.type === 'run.state')
      .map((e) => (e.payload as { state: string }).state);
    expect(states).toEqual(expect.arrayContaining(['thinking', 'tool-wait', 'observation', 'done']));
    // exactly one approval was needed: overwriting notes.txt (summary.md was new)
    expect(
      c.events.filter(
        (e) =>
          e.type === 'approval.requested' &&
          (e.payload as { approval: { runId: string } }).approval.runId === run.id,
      ),
    ).toHaveLength(1);
    expect(replay!.requests.every((r) => r.failure === undefined)).toBe(true);
    // usage and cost, per run (a local provider costs nothing)
    const usage = await c.result('usage.summary', { runId: run.id });
    expect(usage).toMatchObject({ calls: 3, costUsd: 0 });
    expect(usage.tokensIn).toBeGreaterThan(0);
  });

  it('tells the agent why an approval was denied, and the agent adapts', async () => {
    const model = await setup({
      turns: [
        { reply: { toolCalls: [{ id: 'a', name: 'fs_delete', arguments: { path: 'notes.txt' } }] } },
        {
          expect: { contains: ['keep my notes'] },
          reply: {
            toolCalls: [
              { id: 'b', name: 'complete_task', arguments: { summary: 'Left the notes in place as asked.' } },
            ],
          },
        },
      ],
    });
    const run = await c.result('runs.start', { prompt: 'Clean up', folder: work, model });
    const stop = answerApprovals(run.id, { status: 'rejected', reason: 'keep my notes' });
    const done = await finished(run.id);
    stop();
    expect(done.status).toBe('completed');
    expect(existsSync(join(work, 'notes.txt'))).toBe(true);
    expect(replay!.requests[1]!.failure).toBeUndefined();
  });

  it('denies an approval nobody answers, with reason timeout', async () => {
    const model = await setup({
      turns: [
        { reply: { toolCalls: [{ id: 'a', name: 'fs_delete', arguments: { path: 'notes.txt' } }] } },
        {
          expect: { contains: ['timeout'] },
          reply: {
            toolCalls: [
              { id: 'b', name: 'complete_task', arguments: { summary: 'Could not delete: no answer.' } },
            ],
          },
        },
      ],
    });
    const run = await c.result('runs.start', {
      prompt: 'Delete notes',
      folder: work,
      model,
      approvalTimeoutMs: 150,
    });
    expect((await finished(run.id)).status).toBe('completed');
    expect(existsSync(join(work, 'notes.txt'))).toBe(true);
  });

  it('auto-approves edits inside grants in auto-edit mode, but still asks before deleting', async () => {
    const model = await setup({
      turns: [
        {
          reply: {
            toolCalls: [
              {
                id: 'a',
                name: 'fs_write',
                arguments: { path: 'notes.txt', content: 'edited without asking' },
              },
            ],
          },
        },
        { reply: { toolCalls: [{ id: 'b', name: 'complete_task', arguments: { summary: 'done' } }] } },
      ],
    });
    const run = await c.result('runs.start', {
      prompt: 'Edit',
      folder: work,
      model,
      mode: 'auto-edit',
    });
    expect((await finished(run.id)).status).toBe('completed');
    expect(readFileSync(join(work, 'notes.txt'), 'utf8')).toBe('edited without asking');
  });

  it('offers only read-only tools in read-only mode', async () => {
    const model = await setup({
      turns: [
        {
          expect: { lacks: ['fs_write', 'fs_delete', '"exec"'], contains: ['fs_read'] },
          reply: { toolCalls: [{ id: 'a', name: 'fs_write', arguments: { path: 'x.txt', content: 'x' } }] },
        },
        { reply: { toolCalls: [{ id: 'b', name: 'complete_task', arguments: { summary: 'plan only' } }] } },
      ],
    });
    const run = await c.result('runs.start', {
      prompt: 'Plan',
      folder: work,
      model,
      mode: 'read-only',
    });
    expect((await finished(run.id)).status).toBe('completed');
    expect(existsSync(join(work, 'x.txt'))).toBe(false);
    expect(replay!.requests[0]!.failure).toBeUndefined();
  });

  it('retries a provider that answers 429 first', async () => {
    const model = await setup({
      turns: [
        { status: 429 },
        { reply: { toolCalls: [{ id: 'a', name: 'complete_task', arguments: { summary: 'ok' } }] } },
      ],
    });
    const run = await c.result('runs.start', { prompt: 'Hi', folder: work, model });
    expect((await finished(run.id)).status).toBe('completed');
    expect(eventsOf(run.id).some((e) => e.type === 'run.retry')).toBe(true);
  });

  it('redacts a secret the agent read before it reaches a cloud provider, and restores it in the edit', async () => {
    const secret = 'sk-proj-THISISAREALKEY0123456789abcdefXYZ';
    const model = await setup(
      {
        turns: [
          { reply: { toolCalls: [{ id: 'a', name: 'fs_read', arguments: { path: 'config.txt' } }] } },
          {
            expect: { lacks: ['THISISAREALKEY'], contains: ['[[SECRET_1:openai-key]]'] },
            reply: {
              toolCalls: [
                {
                  id: 'b',
                  name: 'fs_write',
                  arguments: { path: 'config.copy.txt', content: 'key=[[SECRET_1:openai-key]]' },
                },
              ],
            },
          },
          { reply: { toolCalls: [{ id: 'c', name: 'complete_task', arguments: { summary: 'copied' } }] } },
        ],
      },
      'openai',
    );
    writeFileSync(join(work, 'config.txt'), `key=${secret}`);
    const run = await c.result('runs.start', {
      prompt: 'Copy the config',
      folder: work,
      model,
    });
    expect((await finished(run.id)).status).toBe('completed');
    expect(replay!.requests.map((r) => r.failure)).toEqual([undefined, undefined, undefined]);
    expect(readFileSync(join(work, 'config.copy.txt'), 'utf8')).toBe(`key=${secret}`);
    expect(eventsOf(run.id).some((e) => e.type === 'run.redacted')).toBe(true);
  });

  it('refuses a model that cannot call tools, with a clear message', async () => {
    const model = await setup({ turns: [] }, 'openai-compatible', [
      { id: 'tiny', supportsTools: false } as { id: string },
    ]);
    const r = await c.call('runs.start', { prompt: 'Hi', folder: work, model });
    expect('error' in r && r.error).toMatchObject({
      data: { code: 'INVALID_ARGUMENTS' },
      message: expect.stringMatching(/cannot call tools/),
    });
  });

  it('stops a run whose identical call keeps failing', async () => {
    const model = await setup({
      turns: [
        { reply: { toolCalls: [{ id: 'a', name: 'fs_read', arguments: { path: 'missing.txt' } }] } },
        { reply: { toolCalls: [{ id: 'b', name: 'fs_read', arguments: { path: 'missing.txt' } }] } },
        {
          reply: { toolCalls: [{ id: 'c', name: 'complete_task', arguments: { summary: 'never reached' } }] },
        },
      ],
    });
    const run = await c.result('runs.start', { prompt: 'Read', folder: work, model });
    const done = await finished(run.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/same call failed twice/);
  });
});

describe('the plan', () => {
  it('records each plan as a run.plan event, answers a bad plan with INVALID_ARGUMENTS, and goes on', async () => {
    const first = [
      { step: 'Read the notes', status: 'in_progress' },
      { step: 'Write the summary', status: 'pending' },
    ];
    const second = [
      { step: 'Read the notes', status: 'completed' },
      { step: 'Write the summary', status: 'completed' },
    ];
    const model = await setup({
      turns: [
        {
          expect: { contains: ['update_plan'] },
          reply: {
            toolCalls: [
              {
                id: 'p1',
                name: 'update_plan',
                arguments: { explanation: 'Two steps.', steps: first },
              },
            ],
          },
        },
        {
          expect: { contains: ['Plan updated: 0 of 2'] },
          reply: {
            toolCalls: [
              {
                id: 'bad1',
                name: 'update_plan',
                arguments: {
                  steps: [
                    { step: 'a', status: 'in_progress' },
                    { step: 'b', status: 'in_progress' },
                  ],
                },
              },
              { id: 'bad2', name: 'update_plan', arguments: { steps: [] } },
            ],
          },
        },
        {
          expect: { contains: ['INVALID_ARGUMENTS', 'at most one step can be in_progress'] },
          reply: { toolCalls: [{ id: 'p2', name: 'update_plan', arguments: { steps: second } }] },
        },
        {
          expect: { contains: ['Plan updated: 2 of 2'] },
          reply: { toolCalls: [{ id: 'done', name: 'complete_task', arguments: { summary: 'Planned.' } }] },
        },
      ],
    });
    const run = await c.result('runs.start', { prompt: 'Summarise', folder: work, model });
    const done = await finished(run.id);
    expect(done.status).toBe('completed');
    expect(replay!.requests.every((r) => r.failure === undefined)).toBe(true);

    const plans = eventsOf(run.id).filter((e) => e.type === 'run.plan');
    expect(plans.map((e) => e.payload)).toEqual([
      { runId: run.id, explanation: 'Two steps.', steps: first },
      { runId: run.id, steps: second },
    ]);
    const bad = eventsOf(run.id).filter(
      (e) =>
        e.type === 'run.tool_result' && ['bad1', 'bad2'].includes((e.payload as { callId: string }).callId),
    );
    expect(bad.map((e) => (e.payload as { error: { code: string } }).error.code)).toEqual([
      'INVALID_ARGUMENTS',
      'INVALID_ARGUMENTS',
    ]);
    expect((bad[1]!.payload as { error: { message: string } }).error.message).toMatch(/steps/);
    // runs.get carries the latest plan, for a client that did not replay the events.
    expect((await c.result('runs.get', { runId: run.id })).plan).toEqual({
      steps: second,
    });
  });
});

describe('provider keys', () => {
  it('sends the key to the provider and nowhere else', async () => {
    const key = 'sk-proj-PROVIDERKEY0123456789abcdefABCDEF';
    const model = await setup(
      { turns: [{ reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] } }] },
      'openai',
    );
    const providerId = model.split('/')[0]!;
    const updated = await c.result('providers.setKey', { id: providerId, key });
    expect(updated.authRef).toBe(`secret:provider:${providerId}`);
    const run = await c.result('runs.start', { prompt: 'Hi', folder: work, model });
    expect((await finished(run.id)).status).toBe('completed');
    expect(replay!.requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
    // not in events, the audit log, the database files, or the daemon log
    const { providers } = await c.result('providers.list', {});
    expect(JSON.stringify(providers)).not.toContain('PROVIDERKEY');
    expect(JSON.stringify(c.events)).not.toContain('PROVIDERKEY');
    const { readdirSync } = await import('node:fs');
    for (const f of readdirSync(d.home).filter((f) => f.startsWith('cowork.db'))) {
      expect(readFileSync(join(d.home, f)).includes('PROVIDERKEY'), f).toBe(false);
    }
    expect(readFileSync(homePaths(d.home).daemonLog, 'utf8')).not.toContain('PROVIDERKEY');
  });
});

describe('MCP tools in a run', () => {
  it('uses an MCP tool, after the person approves it', async () => {
    await c.result('mcp.add', {
      name: 'everything',
      transport: 'stdio',
      command: process.execPath,
      args: [EVERYTHING, 'stdio'],
      enabled: true,
    });
    const model = await setup({
      turns: [
        {
          expect: { contains: ['mcp__everything__echo'] },
          reply: {
            toolCalls: [
              { id: 'm1', name: 'mcp__everything__echo', arguments: { message: 'from the agent' } },
            ],
          },
        },
        {
          expect: { contains: ['from the agent'] },
          reply: { toolCalls: [{ id: 'm2', name: 'complete_task', arguments: { summary: 'echoed' } }] },
        },
      ],
    });
    const run = await c.result('runs.start', {
      prompt: 'Echo something',
      folder: work,
      model,
    });
    const stop = answerApprovals(run.id, { status: 'approved' });
    const done = await finished(run.id);
    stop();
    expect(done.status).toBe('completed');
    const approvals = c.events.filter(
      (e) =>
        e.type === 'approval.requested' &&
        (e.payload as { approval: { runId: string } }).approval.runId === run.id,
    );
    expect(approvals).toHaveLength(1);
    expect(JSON.stringify(approvals[0]!.payload)).toContain('Call echo on MCP server everything');
    expect(replay!.requests.every((r) => r.failure === undefined)).toBe(true);
    await c.result('mcp.remove', { name: 'everything' });
  });
});

describe('long outputs', () => {
  it('shows the model the start of a long result, and lets it page through the rest', async () => {
    const model = await setup({
      turns: [
        { reply: { toolCalls: [{ id: 'r1', name: 'fs_read', arguments: { path: 'long.txt' } }] } },
        // the first 200 lines were shown; the tail is only reachable through read_output
        {
          expect: { contains: ['line 199', 'read_output'], lacks: ['line 999'] },
          reply: {
            toolCalls: [{ id: 'r2', name: 'read_output', arguments: { ref: 'PLACEHOLDER', offset: 0 } }],
          },
        },
        {
          reply: { toolCalls: [{ id: 'r3', name: 'complete_task', arguments: { summary: 'read it all' } }] },
        },
      ],
    });
    writeFileSync(join(work, 'long.txt'), Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    const run = await c.result('runs.start', {
      prompt: 'Read long.txt',
      folder: work,
      model,
    });
    const done = await finished(run.id);
    expect(done.status).toBe('completed');
    const firstResult = c.events.find(
      (e) =>
        e.type === 'run.tool_result' &&
        (e.payload as { runId: string; callId: string }).runId === run.id &&
        (e.payload as { callId: string }).callId === 'r1',
    );
    expect((firstResult!.payload as { truncated: boolean }).truncated).toBe(true);
    // The replay model could not know the ref; a wrong ref is a clear failure, not a crash.
    const second = c.events.find(
      (e) =>
        e.type === 'run.tool_result' &&
        (e.payload as { callId: string }).callId === 'r2' &&
        (e.payload as { runId: string }).runId === run.id,
    );
    expect((second!.payload as { error: { message: string } }).error.message).toMatch(/Unknown output ref/);

    // With the real ref (from what the model was shown), the rest of the output comes back.
    const shown = JSON.stringify(replay!.requests[1]!.body);
    const ref = /ref \\"(blob:[0-9a-f]{64})\\"/.exec(shown)?.[1];
    expect(ref).toBeDefined();
    const model2 = await setup({
      turns: [
        { reply: { toolCalls: [{ id: 'p1', name: 'read_output', arguments: { ref, offset: 8500 } }] } },
        {
          expect: { contains: ['line 999'] },
          reply: { toolCalls: [{ id: 'p2', name: 'complete_task', arguments: { summary: 'paged' } }] },
        },
      ],
    });
    const run2 = await c.result('runs.start', {
      prompt: 'Page',
      folder: work,
      model: model2,
    });
    const done2 = await finished(run2.id);
    expect(done2.status).toBe('completed');
    expect(replay!.requests.every((r) => r.failure === undefined)).toBe(true);
  });
});
