/**
 * Runs that survive a kill: the options a run started with, cancel with a pending approval, the
 * step journal (done calls not repeated on resume) and approvals that still count after a restart.
 * Each scenario has its own daemon and a replay model keyed to the conversation, so a request cut
 * off by the kill is answered the same when the resumed run asks again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/contracts/index.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { isAlive, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const append = (line: string) => ({
  name: 'fs_append',
  arguments: { path: 'log.txt', content: `${line}\n` },
});
const finish: ReplayTurn = {
  reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done' } }] },
};

async function start(turns: ReplayTurn[], files: Record<string, string> = {}): Promise<DaemonFixture> {
  return fixture('cowork-journal-')
    .withDaemon()
    .withGrant('rw', files)
    .withReplayModel({ turns, keyedBy: 'conversation' })
    .start();
}

/** Resolves with the first event (from now on) that matches. */
async function nextEvent(
  c: RpcClient,
  match: (e: LogEvent) => boolean,
  timeoutMs = 20_000,
): Promise<LogEvent> {
  const deadline = Date.now() + timeoutMs;
  for (let seen = 0; ; ) {
    for (; seen < c.events.length; seen++) if (match(c.events[seen]!)) return c.events[seen]!;
    if (Date.now() > deadline) throw new Error('no matching event');
    await c.waitForEvents(seen + 1).catch(() => {});
  }
}

async function killDaemon(f: DaemonFixture): Promise<void> {
  f.daemon.kill();
  await waitUntil(() => !isAlive(f.daemon.pid));
}

/** Starts a run, kills the daemon (SIGKILL) as soon as the run asks for approval, and restarts it. */
async function killAtApproval(f: DaemonFixture) {
  const before = f.client;
  await before.result('events.subscribe', { after: 0, types: ['approval.'] });
  const run = await before.result('runs.start', { prompt: 'x', folder: f.folder, model: 'replay/m' });
  const asked = await nextEvent(before, (e) => e.type === 'approval.requested');
  const approvalId = (asked.payload as { approval: { id: string } }).approval.id;
  await killDaemon(f);
  const { client } = await f.restart();
  return { run, approvalId, client };
}

async function status(c: RpcClient, runId: string) {
  return (await c.result('runs.get', { runId })).status;
}

describe('the step journal', () => {
  it('a resumed run keeps the maxTurns it was started with (interrupted past turn 30)', async () => {
    const lines = Array.from({ length: 31 }, (_, i) => `line ${i + 1}`);
    const f = await start([
      ...lines.map((l) => ({ reply: { toolCalls: [append(l)] } })),
      { reply: { text: 'Thinking about it, very slowly, word by word, until the end.' }, chunkDelayMs: 300 },
      finish,
    ]);
    const run = await f.client.result('runs.start', {
      prompt: 'log',
      folder: f.folder,
      model: 'replay/m',
      maxTurns: 40,
    });
    await waitUntil(() => f.model.requests.length >= 32, 30_000); // turn 32 is streaming (slowly)
    await killDaemon(f);
    const { client } = await f.restart();
    expect(await status(client, run.id)).toBe('interrupted');
    await client.result('runs.resume', { runId: run.id });
    await waitUntil(async () => (await status(client, run.id)) !== 'running', 30_000);
    expect(await client.result('runs.get', { runId: run.id })).toMatchObject({
      status: 'completed',
      summary: 'done',
    });
    expect(readFileSync(join(f.folder, 'log.txt'), 'utf8')).toBe(lines.map((l) => `${l}\n`).join(''));
  }, 60_000);

  it('cancelling a run that waits on an approval withdraws the card and ends the run at once', async () => {
    const f = await start(
      [
        { reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'x.txt', content: 'new' } }] } },
        finish,
      ],
      { 'x.txt': 'mine' },
    );
    const c = f.client;
    const { headSequence } = await c.result('system.info', {});
    await c.result('events.subscribe', { after: headSequence, types: ['approval.', 'run.'] });
    const run = await c.result('runs.start', { prompt: 'x', folder: f.folder, model: 'replay/m' });
    const asked = await nextEvent(c, (e) => e.type === 'approval.requested');
    const approvalId = (asked.payload as { approval: { id: string } }).approval.id;

    const started = Date.now();
    expect(await c.result('runs.cancel', { runId: run.id })).toEqual({ cancelled: true });
    const withdrawn = await nextEvent(c, (e) => e.type === 'approval.decided', 2_000);
    expect(withdrawn.payload).toMatchObject({
      approval: { id: approvalId },
      decision: { status: 'rejected' },
    });
    await nextEvent(c, (e) => e.type === 'run.cancelled', 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await status(c, run.id)).toBe('cancelled');
    expect((await c.result('approvals.list', {})).approvals).toEqual([]);
    expect(readFileSync(join(f.folder, 'x.txt'), 'utf8')).toBe('mine');
  });

  it('an approval pending at kill -9 survives; approving it after the restart does exactly that call, once', async () => {
    // One turn: four appends, a change to the person's file (asks), three more appends.
    const f = await start(
      [
        {
          reply: {
            toolCalls: [
              append('1'),
              append('2'),
              append('3'),
              append('4'),
              { name: 'fs_write', arguments: { path: 'theirs.txt', content: 'changed' } },
              append('5'),
              append('6'),
              append('7'),
            ],
          },
        },
        finish,
      ],
      { 'theirs.txt': 'original' },
    );
    const { run, approvalId, client: c } = await killAtApproval(f);
    expect(await status(c, run.id)).toBe('interrupted');
    expect((await c.result('approvals.list', {})).approvals.map((a) => a.id)).toEqual([approvalId]);
    await c.result('approvals.decide', { id: approvalId, status: 'approved' });
    await waitUntil(async () => (await status(c, run.id)) === 'completed', 20_000);

    expect(readFileSync(join(f.folder, 'log.txt'), 'utf8')).toBe('1\n2\n3\n4\n5\n6\n7\n');
    expect(readFileSync(join(f.folder, 'theirs.txt'), 'utf8')).toBe('changed');
    await c.result('events.subscribe', { after: 0, types: ['approval.requested'] });
    await c.waitForEvents(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.events.filter((e) => e.type === 'approval.requested')).toHaveLength(1);

    // Every step of the run is undoable, the ones before the kill too.
    await c.result('runs.revert', { runId: run.id });
    expect(readFileSync(join(f.folder, 'theirs.txt'), 'utf8')).toBe('original');
    expect(() => readFileSync(join(f.folder, 'log.txt'))).toThrow();
  }, 60_000);
  it('refusing, after a restart, an approval pending at the kill resumes the run and tells the model', async () => {
    const f = await start(
      [
        {
          reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'theirs.txt', content: 'changed' } }] },
        },
        { expect: { contains: ['Not approved: not this one'] }, ...finish },
      ],
      { 'theirs.txt': 'original' },
    );
    const { run, approvalId, client: c } = await killAtApproval(f);
    await c.result('approvals.decide', { id: approvalId, status: 'rejected', reason: 'not this one' });
    await waitUntil(async () => (await status(c, run.id)) === 'completed', 20_000);
    expect(readFileSync(join(f.folder, 'theirs.txt'), 'utf8')).toBe('original');
    expect(f.model.requests.every((r) => r.failure === undefined)).toBe(true);
    expect((await c.result('approvals.list', {})).approvals).toEqual([]);
  }, 60_000);

  it('a command cut off by a kill is not run again silently: the person is asked, the model told', async () => {
    const f = await start([
      {
        reply: {
          toolCalls: [{ name: 'exec', arguments: { command: 'echo ran >> ran.txt; sleep 5' } }],
        },
      },
      {
        expect: { contains: ['may or may not have happened'] },
        reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'told' } }] },
      },
    ]);
    let c = f.client;
    await c.result('events.subscribe', { after: 0, types: ['approval.requested', 'run.tool_call'] });
    const run = await c.result('runs.start', { prompt: 'x', folder: f.folder, model: 'replay/m' });
    // The command may need the person's approval first: given.
    const first = await nextEvent(c, (e) => e.type === 'approval.requested' || e.type === 'run.tool_call');
    if (first.type === 'approval.requested') {
      const { id } = (first.payload as { approval: { id: string } }).approval;
      await c.result('approvals.decide', { id, status: 'approved' });
    }
    await waitUntil(() => existsSync(join(f.folder, 'ran.txt')), 20_000);
    await killDaemon(f);

    ({ client: c } = await f.restart());
    const { headSequence } = await c.result('system.info', {});
    await c.result('events.subscribe', { after: headSequence, types: ['approval.requested'] });
    await c.result('runs.resume', { runId: run.id });
    const asked = await nextEvent(c, (e) => e.type === 'approval.requested');
    const approval = (asked.payload as { approval: { id: string; title: string } }).approval;
    expect(approval.title).toContain('may or may not have happened');
    await c.result('approvals.decide', { id: approval.id, status: 'rejected' });
    await waitUntil(async () => (await status(c, run.id)) !== 'running', 20_000);
    expect(await c.result('runs.get', { runId: run.id })).toMatchObject({
      status: 'completed',
      summary: 'told',
    });
    expect(readFileSync(join(f.folder, 'ran.txt'), 'utf8')).toBe('ran\n'); // once
    expect(f.model.requests.every((r) => r.failure === undefined)).toBe(true);
  }, 60_000);
});
