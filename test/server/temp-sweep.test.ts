/**
 * Issue 15, finding 8: the temp file of an atomic write cut off by a kill
 * (`.<name>.cowork-<hex>.tmp`) stayed in the person's folder. It is swept at start and after a run
 * ends — only Cowork's own names, only in read-write grants and Cowork's data folder, never through
 * a symlink, each removal in the person's folder audited — and nothing of the person's that merely
 * looks like one is touched.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';

const HEX = '0123456789ab';
/** The person's files that look like Cowork's temp files but are not. */
const LOOKALIKES = [
  `notes.txt.cowork-${HEX}.tmp`, // no leading dot
  `.notes.txt.cowork-${HEX}.tmp.bak`,
  `.notes.txt.cowork-${HEX.slice(1)}.tmp`, // 11 hex digits
  `.notes.txt.cowork-0123456789AB.tmp`, // not lower-case hex
  `.notes.txt.${HEX}.tmp`, // no "cowork-"
];

async function start(): Promise<DaemonFixture> {
  return fixture('cowork-sweep-')
    .withDaemon()
    .withGrant('rw', { 'notes.txt': 'mine\n', ...Object.fromEntries(LOOKALIKES.map((n) => [n, 'mine'])) })
    .withGrant('ro', { [`.kept.cowork-${HEX}.tmp`]: 'in a read-only grant' }, 'ro')
    .withFolder('outside', { [`.out.cowork-${HEX}.tmp`]: 'outside every grant' })
    .withReplayModel([
      {
        reply: { toolCalls: [{ id: 'c', name: 'complete_task', arguments: { summary: 'Nothing to do.' } }] },
      },
    ])
    .start();
}

const tempsIn = (dir: string) => readdirSync(dir).filter((n) => /^\..+\.cowork-[0-9a-f]{12}\.tmp$/.test(n));

/** Starts an upload of `bytes` that sends its first chunk and then waits: the temp file exists. */
function stalledUpload(f: DaemonFixture, path: string, bytes: number) {
  const req = request(`${f.daemon.url}/api/files?path=${encodeURIComponent(path)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${f.daemon.token}`, 'content-length': String(bytes) },
  });
  req.on('error', () => {}); // the daemon is killed under it
  req.write(Buffer.alloc(1024 * 1024, 7));
  return req;
}

describe('leftover temp files of atomic writes', () => {
  it('a kill during a large write leaves one; the restart removes it (audited), and nothing else', async () => {
    const f = await start();
    const nested = join(f.folder, 'deep', 'er');
    mkdirSync(nested, { recursive: true });
    symlinkSync(f.folders.outside!, join(f.folder, 'link-out'));
    const req = stalledUpload(f, join(f.folder, 'big.bin'), 50 * 1024 * 1024);
    await waitUntil(() => tempsIn(f.folder).length === 1);
    const leftover = join(f.folder, tempsIn(f.folder)[0]!);
    f.daemon.kill();
    req.destroy();
    // Made as a kill would leave them: in a sub-folder, and in Cowork's data folder (settings, blobs).
    writeFileSync(join(nested, `.report.md.cowork-${HEX}.tmp`), 'half a report');
    writeFileSync(join(f.home, `.routes.json.cowork-${HEX}.tmp`), '{"defaultM');
    mkdirSync(join(f.home, 'trash', 'x'), { recursive: true });
    writeFileSync(join(f.home, 'trash', 'x', `.deleted.cowork-${HEX}.tmp`), "the person's deleted file");
    expect(existsSync(leftover)).toBe(true);

    await f.restart();
    await waitUntil(() => !existsSync(leftover) && !existsSync(join(nested, `.report.md.cowork-${HEX}.tmp`)));
    await waitUntil(() => !existsSync(join(f.home, `.routes.json.cowork-${HEX}.tmp`)));
    expect(existsSync(join(f.folder, 'big.bin'))).toBe(false);
    for (const name of LOOKALIKES) expect(existsSync(join(f.folder, name)), name).toBe(true);
    expect(existsSync(join(f.folder, 'notes.txt'))).toBe(true);
    expect(existsSync(join(f.folders.outside!, `.out.cowork-${HEX}.tmp`))).toBe(true); // behind a symlink
    expect(existsSync(join(f.folders.ro!, `.kept.cowork-${HEX}.tmp`))).toBe(true);
    expect(existsSync(join(f.home, 'trash', 'x', `.deleted.cowork-${HEX}.tmp`))).toBe(true);

    const { entries } = await f.client.result('audit.read', { after: 0, limit: 5000 });
    const sweeps = entries
      .filter((e) => e.action === 'fs.delete' && e.actor === 'system')
      .map((e) => e.target);
    expect(sweeps.sort()).toEqual([leftover, join(nested, `.report.md.cowork-${HEX}.tmp`)].sort());
  }, 60_000);

  it("a run's folder is swept when the run ends", async () => {
    const f = await start();
    const orphan = join(f.folder, `.draft.txt.cowork-${HEX}.tmp`);
    writeFileSync(orphan, 'left by an earlier kill');
    const run = await f.client.result('runs.start', {
      prompt: 'Tidy up',
      folder: f.folder,
      model: 'replay/m',
    });
    await waitUntil(
      async () => (await f.client.result('runs.get', { runId: run.id })).status === 'completed',
    );
    await waitUntil(() => !existsSync(orphan));
    for (const name of LOOKALIKES) expect(existsSync(join(f.folder, name)), name).toBe(true);
  }, 60_000);
});
