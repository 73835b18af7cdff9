/**
 * `cowork memory proposals …`, `cowork memory personas …` and `cowork run --persona`: the critic's
 * proposal accepted from the terminal as edited there, a dismissal, personas added, listed and
 * removed, and a run started with one carrying its instructions to the model.
 */
import { beforeAll, expect, it } from 'vitest';
import type { LessonProposal } from '../../src/contracts/index.js';
import { replayProvider } from '../../src/gym/scripted-model/provider.js';
import { startReplayServer } from '../../src/gym/scripted-model/server.js';
import { cowork, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';

let f: DaemonFixture;
const cli = (...args: string[]) => cowork(['--home', f.home, ...args]);
const done = { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done' } }] };

beforeAll(async () => {
  f = await fixture('cowork-cli-learning-').withDaemon().withGrant('rw').start();
}, 60_000);

/** A session 1 and its correction, through the API: the critic proposes from the second. */
async function corrected(correction: string): Promise<LessonProposal> {
  const model = await startReplayServer({ turns: [{ reply: done }, { reply: done }] });
  const providerId = `r${Math.random().toString(36).slice(2, 8)}`;
  await f.client.result('providers.add', replayProvider(providerId, model.url));
  const start = async (prompt: string, continueRun?: string) => {
    const { id } = await f.client.result('runs.start', {
      prompt,
      folder: f.folder,
      model: `${providerId}/replay-model`,
      mode: 'auto-edit',
      ...(continueRun ? { continueRun } : {}),
    });
    await waitUntil(
      async () => (await f.client.result('runs.get', { runId: id })).status !== 'running',
      20_000,
    );
    return id;
  };
  const runId = await start(correction, await start('Write the notes'));
  await model.close();
  let found: LessonProposal | undefined;
  await waitUntil(async () => {
    const { proposals } = await f.client.result('memory.proposals.list', { status: 'pending' });
    found = proposals.find((p) => p.evidence.runId === runId);
    return found !== undefined;
  }, 10_000);
  return found!;
}

it('proposals list, accept as edited (--text, --kind, --global), dismiss', async () => {
  const p = await corrected('No, use tabs for indentation.');
  const listed = await cli('memory', 'proposals', 'list');
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toContain(p.id);
  expect(listed.stdout).toContain('Use tabs for indentation');

  const accepted = await cli(
    ...['memory', 'proposals', 'accept', p.id],
    ...['--text', 'Indent with tabs', '--kind', 'hard', '--global'],
  );
  expect(accepted.code, accepted.stderr).toBe(0);
  expect(accepted.stdout).toMatch(/^learned \S+ \(must, everywhere\): Indent with tabs\n$/);
  const { lessons } = await f.client.result('memory.lessons.list');
  expect(lessons).toContainEqual(
    expect.objectContaining({ text: 'Indent with tabs', kind: 'hard', workspace: null }),
  );
  expect((await cli('memory', 'proposals', 'accept', p.id)).code).not.toBe(0); // decided already
  expect((await cli('memory', 'proposals', 'accept', p.id, '--kind', 'firm')).code).not.toBe(0);

  const q = await corrected('Always write dates as YYYY-MM-DD.');
  const dismissed = await cli('memory', 'proposals', 'dismiss', q.id);
  expect(dismissed.stdout).toBe(`dismissed ${q.id}: ${q.text}\n`);
  const { proposals } = await f.client.result('memory.proposals.list', { status: 'dismissed' });
  expect(proposals.map((x) => x.id)).toContain(q.id);
}, 60_000);

it('personas add / list / remove, and run --persona gives the model its instructions', async () => {
  const added = await cli(
    ...['memory', 'personas', 'add', 'reviewer'],
    ...['--instructions', 'You review code like a strict senior engineer.'],
  );
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toContain('added persona reviewer');
  const listed = await cli('memory', 'personas', 'list', '--json');
  expect(JSON.parse(listed.stdout)).toContainEqual(expect.objectContaining({ name: 'reviewer' }));

  const model = await startReplayServer({ turns: [{ reply: done }] });
  await f.client.result('providers.add', replayProvider('persona', model.url));
  const ran = await cli(
    ...['run', 'Look at the code', '--folder', f.folder, '--model', 'persona/replay-model'],
    ...['--mode', 'auto-edit', '--persona', 'reviewer'],
  );
  await model.close();
  expect(ran.code, ran.stderr).toBe(0);
  expect(JSON.stringify(model.requests[0]?.body)).toContain('strict senior engineer');
  expect((await cli('run', 'x', '--folder', f.folder, '--persona', 'nobody')).code).not.toBe(0);

  const removed = await cli('memory', 'personas', 'remove', 'reviewer');
  expect(removed.stdout).toBe('removed persona reviewer\n');
  expect((await cli('memory', 'personas', 'remove', 'reviewer')).code).toBe(1);
}, 60_000);
