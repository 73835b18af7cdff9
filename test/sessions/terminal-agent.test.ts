import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupDaemon, startTestDaemon, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { RpcClient } from '../helpers/rpc-client.js';
import { replayProvider } from '../replay-llm/provider.js';
import type { ReplayTurn } from '../replay-llm/script.js';
import { startReplayServer } from '../replay-llm/server.js';

let d: TestDaemon;
let c: RpcClient;
let work: string;

beforeAll(async () => {
  d = await startTestDaemon();
  c = await RpcClient.withToken(d.wsUrl, d.token);
  work = realpathSync(mkdtempSync(join(tmpdir(), 'cowork-term-agent-')));
  await c.result('grants.add', { path: work, mode: 'rw' });
});
afterAll(async () => {
  await c.close();
  await cleanupDaemon(d);
  rmSync(work, { recursive: true, force: true });
});

const ID = 'Terminal ([0-9a-f-]{36}) is open';
const done = { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] };

/** Runs a scripted task; `decide` answers each approval the run raises (by its title). */
async function run(
  turns: ReplayTurn[],
  decide: (title: string) => 'approved' | 'rejected',
  during?: () => Promise<void>,
) {
  const model = await startReplayServer({ turns });
  const id = `t${Math.random().toString(36).slice(2, 8)}`;
  await c.result('providers.add', replayProvider(id, model.url));
  const started = await c.result<{ id: string }>('runs.start', {
    prompt: 'task',
    folder: work,
    model: `${id}/replay-model`,
  });
  const titles: string[] = [];
  const seen = new Set<string>();
  const timer = setInterval(async () => {
    const list = await c.result<{ approvals: { id: string; runId: string | null; title: string }[] }>(
      'approvals.list',
      {},
    );
    for (const a of list.approvals) {
      if (a.runId !== started.id || seen.has(a.id)) continue;
      seen.add(a.id);
      titles.push(a.title);
      await c.result('approvals.decide', { id: a.id, status: decide(a.title) });
    }
  }, 25);
  try {
    await during?.();
    await waitUntil(
      async () =>
        (await c.result<{ status: string }>('runs.get', { runId: started.id })).status !== 'running',
      30_000,
    );
    return { model, titles, info: await c.result<{ status: string }>('runs.get', { runId: started.id }) };
  } finally {
    clearInterval(timer);
    await model.close();
  }
}

describe('the agent in a terminal', () => {
  it('opens a shell (asked), types commands (each decided), and reads their output; the person sees the same session', async () => {
    const { model, titles, info } = await run(
      [
        {
          expect: { contains: ['terminal_open', 'terminal_run'] },
          reply: { toolCalls: [{ name: 'terminal_open', arguments: { title: 'build' } }] },
        },
        {
          captures: { id: ID },
          reply: {
            toolCalls: [
              { name: 'terminal_run', arguments: { id: '{{id}}', input: 'echo made > made.txt; ls' } },
            ],
          },
        },
        {
          captures: { id: ID },
          expect: { contains: ['made.txt'] },
          reply: {
            toolCalls: [{ name: 'terminal_run', arguments: { id: '{{id}}', input: 'sudo rm -rf /' } }],
          },
        },
        { expect: { contains: ['PERMISSION_DENIED'] }, reply: done },
      ],
      () => 'approved',
    );
    expect(model.requests.map((r) => r.failure)).toEqual([undefined, undefined, undefined, undefined]);
    expect(info.status).toBe('completed');
    expect(existsSync(join(work, 'made.txt'))).toBe(true);
    // Opening the shell asked; the typed lines (a new file, ls) are allowed by the default rules.
    expect(titles[0]).toContain('Open a terminal');
    const { sessions } = await c.result<{ sessions: { title: string; controller: string }[] }>(
      'sessions.list',
      {},
    );
    expect(sessions).toContainEqual(expect.objectContaining({ title: 'build', controller: 'agent' }));
  });

  it('a line the person refuses is not typed', async () => {
    const { model } = await run(
      [
        { reply: { toolCalls: [{ name: 'terminal_open', arguments: {} }] } },
        {
          captures: { id: ID },
          reply: {
            toolCalls: [
              {
                name: 'terminal_run',
                arguments: { id: '{{id}}', input: 'rm -f refused.txt; touch refused.txt' },
              },
            ],
          },
        },
        { expect: { contains: ['Not approved'] }, reply: done },
      ],
      (title) => (title.includes('Open a terminal') ? 'approved' : 'rejected'),
    );
    expect(model.requests.map((r) => r.failure)).toEqual([undefined, undefined, undefined]);
    expect(existsSync(join(work, 'refused.txt'))).toBe(false);
  });

  it('when the person takes control, the agent is told and its input is refused', async () => {
    const { model } = await run(
      [
        { reply: { toolCalls: [{ name: 'terminal_open', arguments: { title: 'handoff' } }] } },
        {
          captures: { id: ID },
          reply: { toolCalls: [{ name: 'terminal_read', arguments: { id: '{{id}}' } }] },
        },
        {
          captures: { id: ID },
          reply: { toolCalls: [{ name: 'terminal_run', arguments: { id: '{{id}}', input: 'echo agent' } }] },
        },
        { expect: { contains: ['The person has taken control'] }, reply: done },
      ],
      () => 'approved',
      async () => {
        // The person takes over as soon as the terminal exists.
        await waitUntil(async () => {
          const { sessions } = await c.result<{ sessions: { id: string; title: string }[] }>(
            'sessions.list',
            {},
          );
          const mine = sessions.find((s) => s.title === 'handoff');
          if (mine) await c.result('sessions.control', { id: mine.id, controller: 'user' });
          return mine !== undefined;
        }, 10_000);
      },
    );
    expect(model.requests.map((r) => r.failure)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
