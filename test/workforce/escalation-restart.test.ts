import { beforeAll, describe, expect, it } from 'vitest';
import { isAlive, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { failingTurn, task, waitForStatus, workerTurns } from './workforce-helpers.js';

let f: DaemonFixture;

beforeAll(async () => {
  f = await fixture('cowork-wf-escalation-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([failingTurn('k'), ...workerTurns('k', 'K-RESULT')])
    .start();
});

describe('an escalation across a kill -9', () => {
  it('is still the task’s after a restart: approving it then retries the task', async () => {
    const wf = await f.client.result('workforce.run', {
      prompt: 'escalate me',
      folder: f.folder,
      model: 'replay/m',
      mode: 'auto-edit',
      plan: { tasks: [task('k', [], { policy: { retries: 0, escalateAfter: 1 } })] },
    });
    await waitForStatus(f.client, wf.id, ['needs_you']);
    const killed = f.daemon.pid;
    f.daemon.kill();
    await waitUntil(() => !isAlive(killed));
    const { client: c } = await f.restart();

    const { approvals } = await c.result('approvals.list', {});
    const asked = approvals.filter((a) => a.sessionId === wf.sessionId && a.kind === 'escalation');
    expect(asked).toHaveLength(1); // not asked again by the restart
    await c.result('approvals.decide', { id: asked[0]!.id, status: 'approved' });
    const done = await waitForStatus(c, wf.id, ['completed'], 20_000);
    expect(done.tasks[0]).toMatchObject({ attempts: 2, result: { summary: 'K-RESULT' } });
    expect((await c.result('workforce.replay', { id: wf.id })).identical).toBe(true);
  });
});
