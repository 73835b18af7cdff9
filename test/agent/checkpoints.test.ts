import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/gym/scripted-model/server.js';
import { waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { runApprovingAll } from '../helpers/scripted-run.js';

let c: RpcClient;
let work: string;
let replay: ReplayServer;
let runId: string;
let original: Map<string, string>;
let afterRun: Map<string, string>;

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p, 'base64'));
    }
  };
  walk(root);
  return out;
}

beforeAll(async () => {
  const f = await fixture('cowork-cp-')
    .withDaemon()
    .withGrant('rw', { 'a.txt': 'A0', 'b.bin': Buffer.from([0, 1, 2, 255, 254]), 'sub/c.txt': 'C0\n' })
    .withReplayModel([
      {
        reply: {
          toolCalls: [
            { id: 'w1', name: 'fs_write', arguments: { path: 'a.txt', content: 'A1' } },
            { id: 'w2', name: 'fs_write', arguments: { path: 'new.txt', content: 'N' } },
          ],
        },
      },
      {
        reply: {
          toolCalls: [
            { id: 'd1', name: 'fs_delete', arguments: { path: 'b.bin' } },
            { id: 'w3', name: 'fs_write', arguments: { path: 'sub/c.txt', content: 'C1\n' } },
          ],
        },
      },
      {
        reply: {
          toolCalls: [{ id: 'done', name: 'complete_task', arguments: { summary: 'changed things' } }],
        },
      },
      // the branch resumed from the first checkpoint gets this turn
      {
        expect: { contains: ['created'] },
        reply: {
          toolCalls: [{ id: 'done2', name: 'complete_task', arguments: { summary: 'branch finished' } }],
        },
      },
    ])
    .start();
  ({ client: c, folder: work, model: replay } = f);
  original = snapshot(work);
  runId = await runApprovingAll(c, 'Change things', work);
  expect((await c.result('runs.get', { runId })).status).toBe('completed');
  afterRun = snapshot(work);
});

const checkpoints = () =>
  c.result('checkpoints.list', {
    runId,
  });

describe('checkpoints and undo', () => {
  it('records a checkpoint for every change, with its files', async () => {
    const { checkpoints: cps } = await checkpoints();
    expect(cps.map((cp) => cp.paths.map((p) => relative(work, p)))).toEqual([
      ['a.txt'],
      ['new.txt'],
      ['b.bin'],
      [join('sub', 'c.txt')],
    ]);
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).toBe('A1');
    expect(existsSync(join(work, 'b.bin'))).toBe(false);
  });

  it('says before an undo or a revert what it would change, file by file, with line counts', async () => {
    const { checkpoints: cps } = await checkpoints();
    expect((await c.result('checkpoints.preview', { checkpointId: cps[0]!.id })).files).toEqual([
      { path: join(work, 'a.txt'), change: 'modify', added: 1, removed: 1 },
    ]);
    const { files } = await c.result('checkpoints.preview', { runId });
    expect(files.map((f) => [f.path.slice(work.length + 1), f.change]).sort()).toEqual([
      ['a.txt', 'modify'],
      ['b.bin', 'restore'],
      ['new.txt', 'delete'],
      ['sub/c.txt', 'modify'],
    ]);
    expect(files.find((f) => f.path.endsWith('new.txt'))).toMatchObject({ added: 0, removed: 1 });
    const both = await c.call('checkpoints.preview', { runId, checkpointId: cps[0]!.id });
    expect('error' in both && both.error.data.code).toBe('INVALID_ARGUMENTS');
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).toBe('A1'); // a preview changes nothing
  });

  it('undoes a single step, byte for byte', async () => {
    const { checkpoints: cps } = await checkpoints();
    await c.result('checkpoints.undo', { checkpointId: cps[0]!.id });
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).toBe('A0');
    expect(readFileSync(join(work, 'new.txt'), 'utf8')).toBe('N'); // other steps untouched
    const again = await c.call('checkpoints.undo', { checkpointId: cps[0]!.id });
    expect('error' in again && again.error.data.code).toBe('CONFLICT');
  });

  it('refuses to revert over a change made outside Cowork, showing the diff', async () => {
    writeFileSync(join(work, 'sub', 'c.txt'), 'changed by the person\n');
    const r = await c.call('runs.revert', { runId });
    expect('error' in r && r.error.data.code).toBe('CONFLICT');
    expect('error' in r && JSON.stringify(r.error.data.details)).toContain('changed by the person');
    expect(readFileSync(join(work, 'new.txt'), 'utf8')).toBe('N'); // nothing was undone
  });

  it('reverts the whole run when forced: the folder is byte-identical to before', async () => {
    const { undone } = await c.result('runs.revert', { runId, force: true });
    expect(undone).toHaveLength(3);
    expect(snapshot(work)).toEqual(original);
  });

  it('redoes the reverted steps in order: the folder is byte-identical to how the run left it', async () => {
    const { checkpoints: cps } = await checkpoints();
    for (const cp of cps)
      expect((await c.result('checkpoints.redo', { checkpointId: cp.id })).undone).toBe(false);
    expect(snapshot(work)).toEqual(afterRun);
    const again = await c.call('checkpoints.redo', { checkpointId: cps[0]!.id });
    expect('error' in again && again.error.data.code).toBe('CONFLICT');
    // …and undone again, the deleted b.bin comes back from the trash the redo put it in.
    await c.result('runs.revert', { runId });
    expect(snapshot(work)).toEqual(original);
  });

  it('refuses to redo over a change made since the undo, unless forced', async () => {
    const { checkpoints: cps } = await checkpoints();
    writeFileSync(join(work, 'a.txt'), 'the person wrote this');
    const r = await c.call('checkpoints.redo', { checkpointId: cps[0]!.id });
    expect('error' in r && r.error.data.code).toBe('CONFLICT');
    expect('error' in r && JSON.stringify(r.error.data.details)).toContain('the person wrote this');
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).toBe('the person wrote this');
    await c.result('checkpoints.redo', { checkpointId: cps[0]!.id, force: true });
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).toBe('A1');
  });

  it('finishes an undo asked again after a kill midway: a file already put back is not a conflict', async () => {
    const { checkpoints: cps } = await checkpoints();
    // As if an earlier undo had restored a.txt and been killed before marking the step undone.
    writeFileSync(join(work, 'a.txt'), 'A0');
    expect((await c.result('checkpoints.undo', { checkpointId: cps[0]!.id })).undone).toBe(true);
    writeFileSync(join(work, 'a.txt'), 'A1'); // …and the same for a redo
    expect((await c.result('checkpoints.redo', { checkpointId: cps[0]!.id })).undone).toBe(false);
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).toBe('A1');
  });

  it('branches the conversation at a checkpoint and continues from there', async () => {
    const { checkpoints: cps } = await checkpoints();
    const branch = await c.result('runs.fork', {
      runId,
      checkpointId: cps[1]!.id,
    });
    expect(branch.status).toBe('interrupted');
    await c.result('runs.resume', { runId: branch.id });
    await waitUntil(
      async () => (await c.result('runs.get', { runId: branch.id })).status === 'completed',
      20_000,
    );
    expect(await c.result('runs.get', { runId: branch.id })).toMatchObject({ summary: 'branch finished' });
    expect(replay.requests.at(-1)!.failure).toBeUndefined();
  });
});
