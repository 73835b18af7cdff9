import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { isAlive, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { entriesOf, task, taskMatch, waitForStatus, workerTurns } from './workforce-helpers.js';

const streaming = (id: string): ReplayTurn => ({
  match: taskMatch(id),
  chunkDelayMs: 300,
  reply: { text: 'an answer the kill cuts off '.repeat(4) },
});

let f: DaemonFixture;

beforeAll(async () => {
  f = await fixture('cowork-wf-recovery-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      streaming('g'),
      streaming('h'),
      // Only g asks again: its run is started afresh; h's outcome is taken as it was found.
      {
        match: taskMatch('g'),
        reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'G-FRESH' } }] },
      },
    ])
    .withReplayModel(workerTurns('q', 'Q-DONE'), { id: 'other' })
    .start();
});

/**
 * Restarts the daemon with a workforce row written straight into its database while it is down
 * (what a kill leaves between two writes): its plan (null while planning), status, and optionally
 * a stop request not applied yet.
 */
async function restartWithStored(w: {
  id: string;
  prompt: string;
  plan: unknown;
  status: 'running' | 'planning';
  stop?: boolean;
}) {
  const now = new Date().toISOString();
  await f.restart({
    whileStopped: () => {
      const db = new BetterSqlite3(join(f.home, 'cowork.db'));
      db.prepare(
        `INSERT INTO workforces (id, session_id, prompt, folder, plan, options, status, error, created_at, updated_at, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
      ).run(
        w.id,
        `session-${w.id}`,
        w.prompt,
        f.folder,
        w.plan === null ? null : JSON.stringify(w.plan),
        JSON.stringify({ workers: 2, mode: 'auto-edit', model: 'other/m' }),
        w.status,
        now,
        now,
        Date.now(),
      );
      if (w.stop)
        db.prepare(
          `INSERT INTO workforce_commands (workforce_id, kind, task, args, created_at) VALUES (?, 'stop', NULL, '{}', ?)`,
        ).run(w.id, now);
      db.close();
    },
  });
}

describe('a restart after a kill that fell between the log and the runs', () => {
  it('starts a run the assignment never reached, and takes the outcome of one that ended meanwhile', async () => {
    const wf = await f.client.result('workforce.run', {
      prompt: 'recover',
      folder: f.folder,
      model: 'replay/m',
      mode: 'auto-edit',
      workers: 2,
      plan: { tasks: [task('g'), task('h')] },
    });
    await waitUntil(() => f.model.requests.length >= 2, 20_000);
    const killed = f.daemon.pid;
    f.daemon.kill();
    await waitUntil(() => !isAlive(killed));

    const { client: c } = await f.restart({
      whileStopped: () => {
        const db = new BetterSqlite3(join(f.home, 'cowork.db'));
        // As if the kill came after g's assignment was written but before its run was made…
        db.prepare('DELETE FROM runs WHERE id = ?').run(`${wf.id}.g.1`);
        db.prepare(
          `DELETE FROM events WHERE type = 'workforce.entry' AND json_extract(payload, '$.entry.kind') = 'task_started'
             AND json_extract(payload, '$.entry.task') = 'g'`,
        ).run();
        // …and after h's run ended but before its outcome reached the log.
        db.prepare("UPDATE runs SET status = 'completed', summary = 'H-DONE-WHILE-DOWN' WHERE id = ?").run(
          `${wf.id}.h.1`,
        );
        db.close();
      },
    });
    const done = await waitForStatus(c, wf.id, ['completed', 'needs_you', 'failed'], 20_000);
    expect(done.workforce.status).toBe('completed');
    expect(done.tasks.map((t) => [t.spec.id, t.attempts, t.runIds, t.result?.summary])).toEqual([
      ['g', 1, [`${wf.id}.g.1`], 'G-FRESH'],
      ['h', 1, [`${wf.id}.h.1`], 'H-DONE-WHILE-DOWN'],
    ]);
    expect((await entriesOf(c, wf.id)).filter((e) => e.kind === 'task_started')).toHaveLength(2);
    expect((await c.result('workforce.replay', { id: wf.id })).identical).toBe(true);
    expect(f.model.remaining()).toBe(0);
  });

  it('sets up a workforce whose plan was stored but whose log was never begun', async () => {
    const id = 'wf-stored-only';
    await restartWithStored({
      id,
      prompt: 'stored',
      plan: { tasks: [{ ...task('q'), capabilities: [], priority: 0, review: false }] },
      status: 'running',
    });
    const done = await waitForStatus(f.client, id, ['completed', 'needs_you'], 20_000);
    expect(done.workforce.status, JSON.stringify(done.tasks)).toBe('completed');
    expect(done.workerPool.map((w) => w.info.id)).toEqual(['w1', 'w2']);
    const entries = await entriesOf(f.client, id);
    const setUp = entries.map((e) => e.kind).filter((k) => k === 'plan_created' || k === 'worker_registered');
    expect(setUp).toEqual(['plan_created', 'worker_registered', 'worker_registered']);
    expect((await f.client.result('workforce.replay', { id })).identical).toBe(true);
  });

  it('applies a stop asked while it planned but cut off before it was applied: nothing else starts', async () => {
    const id = 'wf-stop-planning';
    await restartWithStored({ id, prompt: 'never planned', plan: null, status: 'planning', stop: true });
    const stopped = await waitForStatus(f.client, id, ['stopped', 'planning', 'running', 'failed'], 20_000);
    expect(stopped.workforce.status).toBe('stopped');
    expect(stopped.pending).toEqual([]);
    const { runs } = await f.client.result('runs.list', {});
    expect(runs.filter((r) => r.sessionId === `session-${id}`)).toEqual([]); // no planner was started
  });
});
