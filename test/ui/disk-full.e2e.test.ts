/**
 * Issue 15: a full disk is shown in the UI's status bar (polled from `system.info`: no event can
 * be appended to say so), naming the folder, and goes away once space is freed and Cowork writes
 * again. The data folder is a small tmpfs filled up; skipped, saying so, where mounting is not
 * permitted.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { canMountTmpfs, fillDisk, tmpfsRoot } from '../helpers/tmpfs.js';
import { startUi, type UiSession } from '../helpers/ui.js';

const mountable = canMountTmpfs();
if (!mountable)
  console.warn('SKIPPED the UI disk-full test: mounting a tmpfs is not permitted here (needs root).');

let ui: UiSession;

describe.skipIf(!mountable)('a full disk in the UI', () => {
  beforeAll(async () => {
    ui = await startUi(
      fixture('cowork-ui-disk-')
        .withDaemon({ onRoot: tmpfsRoot('40m') })
        .withGrant('rw'),
    );
  });
  afterAll(async () => {
    rmSync(join(ui.fixture.root, 'filler'), { force: true });
    await ui?.close();
  });

  it('the status bar says the disk is full, and stops saying it once there is room', async () => {
    const { page, fixture: f } = ui;
    const read = () => f.client.call('tools.call', { name: 'fs.read', arguments: { path: f.folder } });
    expect(await page.getByTestId('disk-full').count()).toBe(0);
    fillDisk(join(f.root, 'filler'));
    // SQLite may still have room in its WAL for a few writes: calls go on until it has none.
    for (let i = 0; i < 500; i++) {
      const r = (await read()) as { error?: { data: { code: string } } };
      if (r.error?.data.code === 'DISK_FULL') break;
    }
    const banner = page.getByTestId('disk-full');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain(`The disk holding ${f.home} is full`);
    await ui.shot('disk-full');

    rmSync(join(f.root, 'filler'));
    await read(); // a write (its audit entry) succeeds again
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    expect(ui.consoleErrors).toEqual([]);
  }, 60_000);
});
