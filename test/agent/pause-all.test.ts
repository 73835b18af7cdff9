/**
 * "Pause all" (the tray's, `runs.pauseAll` / `runs.resumeAll`, `cowork pause` / `cowork resume
 * --all`): running runs stop at once as at a shutdown — interrupted, not cancelled, their approvals
 * withdrawn — and resume with every effect made exactly once; the paused set is in the database,
 * so a restart keeps it, and a run a crash cut off is not among it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload, LogEvent } from '../../src/contracts/index.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { cowork, isAlive, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { runPlan, task, waitForStatus, waitForTask, workerTurns } from '../workforce/workforce-helpers.js';

const append = (line: string) => ({
  name: 'fs_append',
  arguments: { path: 'log.txt', content: `${line}\n` },
});
const finish: ReplayTurn = {
  reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done' } }] },
};
const slowText = (text: string): ReplayTurn => ({ reply: { text }, chunkDelayMs: 300 });

/** Resolves with the first event (from now on) that matches. */
async function nextEvent(c: RpcClient, match: (e: LogEvent) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (let seen = 0; ; ) {
    for (; seen < c.events.length; seen++) if (match(c.events[seen]!)) return c.events[seen]!;
    if (Date.now() > deadline) throw new Error('no matching event');
    await c.waitForEvents(seen + 1).catch(() => {});
  }
}

async function status(c: RpcClient, runId: string) {
  return (await c.result('runs.get', { runId })).status;
}

const approvalOf = (e: LogEvent) => (e.payload as EventPayload<'approval.requested'>).approval;

describe('pause all', () => {
  it('pauses a run mid-turn (approval withdrawn, interrupted), resumes it: every effect exactly once', async () => {
    // Turn 1 appends; turn 2 appends, changes the person's file (asks), appends again; turn 3 ends.
    const f = await fixture('cowork-pause-')
      .withDaemon()
      .withGrant('rw', { 'theirs.txt': 'original' })
      .withReplayModel({
        turns: [
          { reply: { toolCalls: [append('1')] } },
          {
            reply: {
              toolCalls: [
                append('2'),
                { name: 'fs_write', arguments: { path: 'theirs.txt', content: 'changed' } },
                append('3'),
              ],
            },
          },
          finish,
        ],
        keyedBy: 'conversation',
      })
      .start();
    const c = f.client;
    // Nothing running: nothing paused, nothing to resume.
    expect(await c.result('runs.pauseAll', {})).toEqual({ runIds: [], workforceIds: [] });
    expect(await c.result('runs.resumeAll', {})).toEqual({ runIds: [], workforceIds: [] });

    await c.result('events.subscribe', { after: 0, types: ['approval.', 'run.interrupted'] });
    const run = await c.result('runs.start', { prompt: 'x', folder: f.folder, model: 'replay/m' });
    const asked = approvalOf(await nextEvent(c, (e) => e.type === 'approval.requested'));

    expect(await c.result('runs.pauseAll', {})).toEqual({ runIds: [run.id], workforceIds: [] });
    const withdrawn = await nextEvent(c, (e) => e.type === 'approval.decided', 2_000);
    expect(withdrawn.payload).toMatchObject({
      approval: { id: asked.id },
      decision: { status: 'rejected', decidedBy: 'system' },
    });
    const interrupted = await nextEvent(c, (e) => e.type === 'run.interrupted', 2_000);
    expect(interrupted.payload).toEqual({ runId: run.id, turn: 1, reason: 'paused by you' });
    await new Promise((r) => setTimeout(r, 300)); // the loop has unwound: it must not end the run
    expect(await status(c, run.id)).toBe('interrupted');
    expect((await c.result('approvals.list', {})).approvals).toEqual([]);
    expect(readFileSync(join(f.folder, 'log.txt'), 'utf8')).toBe('1\n2\n');
    expect(readFileSync(join(f.folder, 'theirs.txt'), 'utf8')).toBe('original');

    // Resumed: the change of the person's file is asked again (it had not acted), the rest goes on.
    expect(await c.result('runs.resumeAll', {})).toEqual({ runIds: [run.id], workforceIds: [] });
    const again = approvalOf(
      await nextEvent(c, (e) => e.type === 'approval.requested' && approvalOf(e).id !== asked.id),
    );
    expect(again.runId).toBe(run.id);
    await c.result('approvals.decide', { id: again.id, status: 'approved' });
    await waitUntil(async () => (await status(c, run.id)) !== 'running', 20_000);
    expect(await c.result('runs.get', { runId: run.id })).toMatchObject({
      status: 'completed',
      summary: 'done',
    });
    expect(readFileSync(join(f.folder, 'log.txt'), 'utf8')).toBe('1\n2\n3\n');
    expect(readFileSync(join(f.folder, 'theirs.txt'), 'utf8')).toBe('changed');
    // The model was not asked turn 2 again (its calls came from the saved turn and the journal).
    expect(f.model.requests).toHaveLength(3);
    expect(f.model.requests.every((r) => r.failure === undefined)).toBe(true);
    // Resumed once: a second "Resume all" has nothing to do.
    expect(await c.result('runs.resumeAll', {})).toEqual({ runIds: [], workforceIds: [] });
    // Every step is undoable, the ones before the pause too.
    await c.result('runs.revert', { runId: run.id });
    expect(readFileSync(join(f.folder, 'theirs.txt'), 'utf8')).toBe('original');
    expect(existsSync(join(f.folder, 'log.txt'))).toBe(false);
  }, 60_000);

  it('`cowork pause`, a kill -9, `cowork resume --all`: the paused run goes on, not the one the crash cut off; runs start while paused', async () => {
    const f = await fixture('cowork-pause-restart-')
      .withDaemon()
      .withGrant('rw')
      .withReplayModel({
        turns: [{ reply: { toolCalls: [append('a')] } }, slowText('Thinking it over, slowly.'), finish],
        keyedBy: 'conversation',
      })
      .withReplayModel([slowText('A long answer, streamed so slowly that a kill comes first.')], {
        id: 'crash',
      })
      .start();
    let c = f.client;
    const paused = await c.result('runs.start', { prompt: 'a', folder: f.folder, model: 'replay/m' });
    await waitUntil(() => existsSync(join(f.folder, 'log.txt')), 20_000);
    await waitUntil(() => f.model.requests.length >= 2, 20_000); // turn 2 streams (slowly)
    const pause = await cowork(['--home', f.home, 'pause']);
    expect(pause).toMatchObject({
      code: 0,
      stdout: `paused 1 run:\n  ${paused.id}  a\nresume them: cowork resume --all\n`,
    });
    expect(await status(c, paused.id)).toBe('interrupted');

    // Pause is about what runs now: a new run starts, and a kill -9 cuts it off.
    const crashed = await c.result('runs.start', { prompt: 'b', folder: f.folder, model: 'crash/m' });
    await waitUntil(() => f.models.crash!.requests.length >= 1, 20_000);
    expect(await status(c, crashed.id)).toBe('running');
    f.daemon.kill();
    await waitUntil(() => !isAlive(f.daemon.pid));

    ({ client: c } = await f.restart());
    expect(await status(c, paused.id)).toBe('interrupted');
    expect(await status(c, crashed.id)).toBe('interrupted');
    expect((await cowork(['--home', f.home, 'resume'])).code).toBe(2); // resume what? --all
    const resume = await cowork(['--home', f.home, 'resume', '--all', '--json']);
    expect(JSON.parse(resume.stdout)).toEqual({ runIds: [paused.id], workforceIds: [] });
    await waitUntil(async () => (await status(c, paused.id)) !== 'running', 30_000);
    expect(await c.result('runs.get', { runId: paused.id })).toMatchObject({
      status: 'completed',
      summary: 'done',
    });
    expect(readFileSync(join(f.folder, 'log.txt'), 'utf8')).toBe('a\n');
    expect(await status(c, crashed.id)).toBe('interrupted');
    expect(f.models.crash!.requests).toHaveLength(1);
    expect((await cowork(['--home', f.home, 'resume', '--all'])).stdout).toBe(
      'No runs paused: nothing resumed.\n',
    );
  }, 60_000);

  it('pauses a workforce and its running worker; after a kill -9 both wait for Resume all, then finish, each effect once', async () => {
    const [p1First, p1Done] = workerTurns('p1', 'P1');
    const f = await fixture('cowork-pause-wf-')
      .withDaemon()
      .withGrant('rw')
      .withReplayModel([
        // p1's first answer streams slowly and is cut off by the pause; asked again, it is answered.
        { ...p1First!, chunkDelayMs: 300, reply: { ...p1First!.reply, text: 'working on p1 '.repeat(6) } },
        p1First!,
        p1Done!,
        ...workerTurns('p2', 'P2'),
      ])
      .start();
    let c = f.client;
    const wf = await runPlan(f, 'pause the team', [task('p1'), task('p2', ['p1'])]);
    const worker = `${wf.id}.p1.1`;
    await waitForTask(c, wf.id, (t) => t.spec.id === 'p1' && t.status === 'running');
    await waitUntil(() => f.model.requests.length >= 1, 20_000);
    expect(await c.result('runs.pauseAll', {})).toEqual({ runIds: [worker], workforceIds: [wf.id] });
    await waitForStatus(c, wf.id, ['paused']);
    expect(await status(c, worker)).toBe('interrupted');

    f.daemon.kill();
    await waitUntil(() => !isAlive(f.daemon.pid));
    ({ client: c } = await f.restart());
    await new Promise((r) => setTimeout(r, 1_000)); // a workforce recovering would resume its worker now
    expect(await status(c, worker)).toBe('interrupted');
    expect((await c.result('workforce.show', { id: wf.id })).workforce.status).toBe('paused');
    expect(f.model.requests).toHaveLength(1);

    expect(await c.result('runs.resumeAll', {})).toEqual({ runIds: [worker], workforceIds: [wf.id] });
    const done = await waitForStatus(c, wf.id, ['completed']);
    expect(done.tasks.map((t) => t.result?.summary)).toEqual(['P1', 'P2']);
    expect(readFileSync(join(f.folder, 'p1.txt'), 'utf8')).toBe('p1 done\n');
    expect(readFileSync(join(f.folder, 'p2.txt'), 'utf8')).toBe('p2 done\n');
    expect(await c.result('runs.resumeAll', {})).toEqual({ runIds: [], workforceIds: [] });
  }, 60_000);

  it('resumed while a paused call still runs, the run goes on after it: the call counts once, nothing is asked twice', async () => {
    const f = await fixture('cowork-pause-unwind-')
      .withDaemon()
      .withGrant('rw')
      .withReplayModel({
        turns: [
          {
            reply: {
              toolCalls: [{ name: 'exec', arguments: { command: 'sleep 1.5; echo ran >> ran.txt' } }],
            },
          },
          finish,
        ],
        keyedBy: 'conversation',
      })
      .start();
    const c = f.client;
    await c.result('events.subscribe', { after: 0, types: ['approval.requested', 'run.tool_call'] });
    const run = await c.result('runs.start', { prompt: 'x', folder: f.folder, model: 'replay/m' });
    // The command may need the person's approval first: given.
    const first = await nextEvent(c, (e) => e.type === 'approval.requested' || e.type === 'run.tool_call');
    if (first.type === 'approval.requested')
      await c.result('approvals.decide', { id: approvalOf(first).id, status: 'approved' });
    await nextEvent(c, (e) => e.type === 'run.tool_call');
    expect((await c.result('runs.pauseAll', {})).runIds).toEqual([run.id]);
    expect((await c.result('runs.resumeAll', {})).runIds).toEqual([run.id]);
    await waitUntil(async () => (await status(c, run.id)) !== 'running', 20_000);
    expect(await c.result('runs.get', { runId: run.id })).toMatchObject({ status: 'completed' });
    expect(readFileSync(join(f.folder, 'ran.txt'), 'utf8')).toBe('ran\n');
    // Not asked whether it "may or may not have happened": the call had finished and said so.
    const titles = c.events.filter((e) => e.type === 'approval.requested').map((e) => approvalOf(e).title);
    expect(titles.filter((t) => t.includes('may or may not have happened'))).toEqual([]);
    expect(f.model.requests).toHaveLength(2);
  }, 60_000);
});
