import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { entriesOf, task, waitForStatus, workerTurns } from './workforce-helpers.js';

const VENDORS = ['v1', 'v2', 'v3', 'v4'];
const resultOf = (v: string) => `VENDOR-${v}-RESULT`;

let f: DaemonFixture;

beforeAll(async () => {
  f = await fixture('cowork-wf-fanout-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      ...workerTurns('research', 'RESEARCH-RESULT: the four vendors are v1..v4'),
      // Slow first turns: the four are all running before any of them finishes.
      ...VENDORS.flatMap((v) =>
        workerTurns(v, resultOf(v), { delayMs: 100, expect: { contains: ['RESEARCH-RESULT'] } }),
      ),
      ...workerTurns('compare', 'COMPARISON written', {
        // Its dependencies' results, and nothing of a task it does not depend on.
        expect: { contains: VENDORS.map(resultOf), lacks: ['RESEARCH-RESULT'] },
      }),
    ])
    .start();
});

describe('a fan-out / fan-in plan with 4 workers', () => {
  it('runs the vendors in parallel, hands each task only its dependencies’ results, and replays identically', async () => {
    const c = f.client;
    const { headSequence } = await c.result('system.info', {});
    await c.result('events.subscribe', { after: headSequence, types: ['run.', 'workforce.'] });
    const started = await c.result('workforce.run', {
      prompt: 'Compare the four vendors',
      folder: f.folder,
      model: 'replay/m',
      mode: 'auto-edit',
      workers: 4,
      plan: {
        tasks: [task('research'), ...VENDORS.map((v) => task(v, ['research'])), task('compare', VENDORS)],
      },
    });
    expect(started.status).toBe('running');
    expect(started.tasks.total).toBe(6);
    const view = await waitForStatus(c, started.id, ['completed', 'failed', 'stopped', 'needs_you']);
    expect(view.workforce.status).toBe('completed');
    expect(view.tasks.map((t) => [t.spec.id, t.status, t.attempts])).toEqual(
      ['research', ...VENDORS, 'compare'].map((id) => [id, 'completed', 1]),
    );
    const compare = view.tasks.find((t) => t.spec.id === 'compare')!;
    expect(compare.result?.summary).toBe('COMPARISON written');
    expect(compare.runIds).toEqual([`${started.id}.compare.1`]);

    // Overlap: every vendor run started before the first of them completed.
    const vendorRuns = new Set(VENDORS.map((v) => `${started.id}.${v}.1`));
    const ofVendors = c.events.filter((e) => vendorRuns.has((e.payload as { runId?: string }).runId ?? ''));
    const starts = ofVendors.filter((e) => e.type === 'run.started').map((e) => e.sequence);
    const firstDone = Math.min(...ofVendors.filter((e) => e.type === 'run.completed').map((e) => e.sequence));
    expect(starts).toHaveLength(4);
    expect(Math.max(...starts)).toBeLessThan(firstDone);

    // Each worker's effect happened once.
    for (const id of ['research', ...VENDORS, 'compare'])
      expect(readFileSync(join(f.folder, `${id}.txt`), 'utf8')).toBe(`${id} done\n`);
    expect(f.model.remaining()).toBe(0);

    const replay = await c.result('workforce.replay', { id: started.id });
    expect(replay).toEqual({ entries: (await entriesOf(c, started.id)).length, identical: true });
    const entries = await entriesOf(c, started.id);
    expect(entries.at(-1)).toMatchObject({ kind: 'workforce_finished', outcome: 'completed' });
    // The UI follows it by events: the last update says it completed.
    const updates = c.events.filter((e) => e.type === 'workforce.updated');
    expect(updates.at(-1)?.payload).toMatchObject({ workforce: { id: started.id, status: 'completed' } });
    const { workforces } = await c.result('workforce.list', {});
    expect(workforces.find((w) => w.id === started.id)?.tasks.completed).toBe(6);
  });
});
