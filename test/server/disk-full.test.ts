/**
 * Issue 15, finding 6: a full disk. Cowork's data folder and the granted folder live on a small
 * tmpfs that the test fills up: every call answers DISK_FULL naming the folder and its free space
 * (never INTERNAL — not even `fs.read`, whose audit entry cannot be written), a run that was going
 * pauses as interrupted (resumable), the status the UI shows says so, the daemon stays up, and
 * once space is freed everything works again. Mounting needs root: elsewhere it is skipped, saying
 * so.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { canMountTmpfs, fillDisk, tmpfsRoot } from '../helpers/tmpfs.js';

/** Small enough to fill in a moment, big enough for a daemon to start. */
const TMPFS_SIZE = '40m';

const mountable = canMountTmpfs();
if (!mountable) console.warn('SKIPPED disk-full tests: mounting a tmpfs is not permitted here (needs root).');

/** Where the disk was filled: removing it frees the space again. */
let filler: string;
let f: DaemonFixture;

type Answer = { ok: true } | { ok: false; code: string; message: string };

/** A tool call's outcome, whether the call itself failed or its result says it did. */
async function tool(name: string, args: Record<string, unknown>): Promise<Answer> {
  const r = (await f.client.call('tools.call', { name, arguments: args })) as {
    result?: { success: boolean; error: { code: string; message: string } | null };
    error?: { message: string; data: { code: string } };
  };
  if (r.error) return { ok: false, code: r.error.data.code, message: r.error.message };
  if (r.result?.success) return { ok: true };
  return { ok: false, code: r.result!.error!.code, message: r.result!.error!.message };
}

async function runOf(id: string) {
  return f.client.result('runs.get', { runId: id });
}

describe.skipIf(!mountable)('a full disk', () => {
  beforeAll(async () => {
    f = await fixture('cowork-diskfull-')
      .withDaemon({ onRoot: tmpfsRoot(TMPFS_SIZE) })
      .withGrant('rw', { 'notes.txt': 'my notes\n' })
      .withReplayModel([
        // Streams slowly: the disk fills while the run is going.
        { reply: { text: 'thinking '.repeat(200) }, chunkDelayMs: 25 },
        {
          reply: {
            toolCalls: [{ id: 'w', name: 'fs_write', arguments: { path: 'out.txt', content: 'done\n' } }],
          },
        },
        {
          reply: {
            toolCalls: [{ id: 'c', name: 'complete_task', arguments: { summary: 'Wrote out.txt.' } }],
          },
        },
      ])
      .start();
    filler = join(f.root, 'filler');
  });

  afterAll(() => rmSync(filler, { force: true }));

  it('answers DISK_FULL (folder and free space named), pauses the run, and recovers', async () => {
    const run = await f.client.result('runs.start', {
      prompt: 'Write out.txt',
      folder: f.folder,
      model: 'replay/m',
    });
    fillDisk(filler);

    // SQLite may still have room in its WAL for a few writes: calls go on until it has none.
    const answers: Answer[] = [];
    for (let i = 0; i < 500; i++) {
      const a = await tool('fs.read', { path: join(f.folder, 'notes.txt') });
      answers.push(a);
      if (!a.ok) break;
    }
    const read = answers.at(-1)!;
    expect(read).toMatchObject({ ok: false, code: 'DISK_FULL' });
    expect(answers.filter((a) => !a.ok && a.code !== 'DISK_FULL')).toEqual([]);
    expect((read as { message: string }).message).toMatch(/The disk holding \/.+ is full \(\d+ (B|KB)/);

    const write = await tool('fs.write', { path: join(f.folder, 'new.txt'), content: 'x'.repeat(100_000) });
    expect(write).toMatchObject({ ok: false, code: 'DISK_FULL' });
    expect((write as { message: string }).message).toContain(f.root);

    const started = (await f.client.call('runs.start', {
      prompt: 'again',
      folder: f.folder,
      model: 'replay/m',
    })) as {
      error?: { message: string; data: { code: string } };
    };
    expect(started.error?.data.code).toBe('DISK_FULL');
    expect(started.error?.message).toContain('is full');

    const upload = await fetch(
      `${f.daemon.url}/api/files?path=${encodeURIComponent(join(f.folder, 'up.bin'))}`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${f.daemon.token}` },
        body: Buffer.alloc(200_000, 1),
      },
    );
    expect(upload.status).toBe(507);
    expect(((await upload.json()) as { error: { code: string } }).error.code).toBe('DISK_FULL');

    // What the UI's status bar shows (polled: no event can be appended to say so).
    const info = await f.client.result('system.info');
    expect(info.diskFull?.message).toMatch(/is full/);
    expect(info.diskFull?.folder).toContain(f.root);
    expect(isAlive(f.daemon.pid)).toBe(true);

    // Space freed: everything works again, and the run that was going is interrupted, resumable.
    rmSync(filler);
    expect(await tool('fs.read', { path: join(f.folder, 'notes.txt') })).toEqual({ ok: true });
    expect(await tool('fs.write', { path: join(f.folder, 'new.txt'), content: 'fits now\n' })).toEqual({
      ok: true,
    });
    expect(readFileSync(join(f.folder, 'new.txt'), 'utf8')).toBe('fits now\n');
    await waitUntil(async () => (await runOf(run.id)).status === 'interrupted', 15_000);
    expect((await f.client.result('system.info')).diskFull).toBeNull();

    await f.client.result('runs.resume', { runId: run.id });
    await waitUntil(async () => (await runOf(run.id)).status !== 'running', 15_000);
    expect(await runOf(run.id)).toMatchObject({ status: 'completed' });
    expect(readFileSync(join(f.folder, 'out.txt'), 'utf8')).toBe('done\n');
    expect(isAlive(f.daemon.pid)).toBe(true);
  }, 90_000);
});
