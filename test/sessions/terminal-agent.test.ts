import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { runScripted, takeControlOnceOpen } from '../helpers/scripted-run.js';

let c: RpcClient;
let work: string;

beforeAll(async () => {
  const f = await fixture('cowork-term-agent-').withDaemon().withGrant('rw').start();
  ({ client: c, folder: work } = f);
});

const ID = 'Terminal ([0-9a-f-]{36}) is open';
const done = { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] };

/** Runs a scripted task; `decide` answers each approval the run raises (by its title). */
async function run(
  turns: ReplayTurn[],
  decide: (title: string) => 'approved' | 'rejected',
  during?: () => Promise<void>,
) {
  const r = await runScripted(c, work, turns, {
    decide: (a) => ({ status: decide(a.title) }),
    ...(during ? { during } : {}),
  });
  return { model: r.model, info: r.info, titles: r.approvals.map((a) => a.title) };
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
    const { sessions } = await c.result('sessions.list', {});
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
      // The person takes over as soon as the terminal exists.
      () => takeControlOnceOpen(c, 'handoff'),
    );
    expect(model.requests.map((r) => r.failure)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
