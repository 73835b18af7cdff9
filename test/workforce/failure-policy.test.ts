import { beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { entriesOf, failingTurn, runPlan, task, waitForStatus, workerTurns } from './workforce-helpers.js';

let f: DaemonFixture;

beforeAll(async () => {
  f = await fixture('cowork-wf-policy-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      // x: two failures, then escalated to the stronger model (another server).
      failingTurn('x'),
      failingTurn('x'),
      // y: fails, escalated to the person, approved, fails again → dead-lettered; the person retries.
      failingTurn('y'),
      failingTurn('y'),
      ...workerTurns('y', 'Y-RESULT'),
    ])
    .withReplayModel(workerTurns('x', 'X-RESULT'), { id: 'strong' })
    .start();
});

const run = (tasks: ReturnType<typeof task>[], more: Parameters<typeof runPlan>[3] = {}) =>
  runPlan(f, 'policy', tasks, more);

describe('the failure policy', () => {
  it('retries with backoff, then escalates to the escalation model', async () => {
    const wf = await run([task('x', [], { policy: { retries: 1, backoffMs: 50, escalateAfter: 2 } })], {
      escalationModel: 'strong/m',
    });
    const view = await waitForStatus(f.client, wf.id, ['completed', 'needs_you', 'failed']);
    expect(view.workforce.status).toBe('completed');
    const x = view.tasks[0]!;
    expect([x.attempts, x.escalated, x.result?.summary]).toEqual([3, true, 'X-RESULT']);
    const entries = await entriesOf(f.client, wf.id);
    const kinds = entries.filter((e) => 'task' in e && e.task === 'x').map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'task_retry_scheduled',
        'task_escalated',
        'retry_requested',
        'result_published',
      ]),
    );
    const backoff = entries.find((e) => e.kind === 'task_retry_scheduled')!;
    const second = entries.find((e) => e.kind === 'task_assigned' && e.attempt === 2)!;
    expect(backoff).toMatchObject({ attempt: 2 });
    expect(second.at).toBeGreaterThanOrEqual((backoff as { until: number }).until);
    expect(entries.find((e) => e.kind === 'retry_requested')).toMatchObject({
      by: 'escalation',
      model: 'strong/m',
    });
    expect(entries.find((e) => e.kind === 'task_assigned' && e.attempt === 3)).toMatchObject({
      model: 'strong/m',
    });
    expect(f.models.strong!.remaining()).toBe(0);
    expect((await f.client.result('workforce.replay', { id: wf.id })).identical).toBe(true);
  });

  it('asks the person to escalate; approved it retries once, then dead-letters; the person retries it', async () => {
    const wf = await run([task('y', [], { policy: { retries: 0, backoffMs: 10, escalateAfter: 1 } })]);
    let approvalId = '';
    await waitUntil(async () => {
      const { approvals } = await f.client.result('approvals.list', {});
      const mine = approvals.find((a) => a.sessionId === wf.sessionId && a.kind === 'escalation');
      approvalId = mine?.id ?? '';
      return mine !== undefined;
    });
    const { approvals } = await f.client.result('approvals.list', {});
    const asked = approvals.find((a) => a.id === approvalId)!;
    expect(asked.title).toBe('Task y failed 1 times');
    expect(asked.detail).toContain('Last error');
    expect((await f.client.result('workforce.show', { id: wf.id })).tasks[0]).toMatchObject({
      status: 'blocked',
      reason: 'escalated',
    });
    await f.client.result('approvals.decide', { id: approvalId, status: 'approved' });

    const stalled = await waitForStatus(f.client, wf.id, ['needs_you', 'completed']);
    expect(stalled.workforce.status).toBe('needs_you');
    expect(stalled.tasks[0]).toMatchObject({ attempts: 2, deadLettered: true, status: 'failed' });
    expect(stalled.workforce.tasks.deadLettered).toBe(1);

    const queued = await f.client.result('workforce.retryTask', { id: wf.id, task: 'y' });
    expect(queued).toMatchObject({ queued: true });
    const done = await waitForStatus(f.client, wf.id, ['completed']);
    expect(done.tasks[0]).toMatchObject({ attempts: 3, status: 'completed', deadLettered: false });
    expect((await f.client.result('workforce.replay', { id: wf.id })).identical).toBe(true);
  });

  it("fails an attempt whose run cannot start (its role's model is unknown) and dead-letters it", async () => {
    const wf = await run([task('z', [], { role: 'writer', policy: { retries: 0, escalateAfter: 5 } })], {
      roles: { writer: { model: 'nobody/none' } },
    });
    const stalled = await waitForStatus(f.client, wf.id, ['needs_you', 'completed']);
    expect(stalled.tasks[0]).toMatchObject({ status: 'failed', attempts: 1, deadLettered: true, runIds: [] });
    expect(stalled.tasks[0]!.lastError).toContain('nobody');
    expect(stalled.workforce.error).toContain('z');
  });

  it('refuses a plan with a cycle, a duplicate or a missing dependency (naming the tasks) or an ungranted folder, storing nothing', async () => {
    const before = (await f.client.result('workforce.list', {})).workforces.length;
    const refused = async (tasks: ReturnType<typeof task>[]) => {
      const r = await f.client.call('workforce.run', { prompt: 'p', folder: f.folder, plan: { tasks } });
      if (!('error' in r) || !r.error) throw new Error('accepted');
      return r.error as { message: string; data: { code: string; details?: { tasks?: string[] } } };
    };
    const cycle = await refused([task('p', ['q']), task('q', ['p'])]);
    expect(cycle.data.code).toBe('INVALID_PLAN');
    expect(cycle.data.details?.tasks).toEqual(['p', 'q']);
    const dup = await refused([task('p'), task('p')]);
    expect([dup.data.code, dup.data.details?.tasks]).toEqual(['INVALID_PLAN', ['p']]);
    const missing = await refused([task('p', ['nowhere'])]);
    expect([missing.data.code, missing.data.details?.tasks]).toEqual(['INVALID_PLAN', ['p → nowhere']]);
    expect(missing.message).toContain('nowhere');
    const ungranted = await f.client.call('workforce.run', {
      prompt: 'p',
      folder: '/',
      plan: { tasks: [task('p')] },
    });
    expect('error' in ungranted && ungranted.error?.data.code).toBe('PERMISSION_DENIED');
    expect((await f.client.result('workforce.list', {})).workforces).toHaveLength(before);
  });
});
