/**
 * Settings → Data end to end, in Debian's Chromium (playwright-core) against a real daemon: the
 * page shows the data folder, "Export all" downloads a gzip archive through the login cookie, and
 * "Delete everything" asks for the phrase inline, deletes, and ends on the final screen.
 * Screenshots go to test-results/ui/. Any console error fails the test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let d: TestDaemon;
let page: Page;

const shot = (name: string) => ui.shot(name);

beforeAll(async () => {
  ui = await startUi();
  ({ daemon: d, page } = ui);
  await page.setViewportSize({ width: 1280, height: 960 });
});

afterAll(async () => {
  await ui?.close();
});

describe('Settings → Data', () => {
  it('shows where the data lives and what is in it', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Data', exact: true }).click();
    await expect.poll(() => page.getByTestId('data-home').textContent()).toBe(d.home);
    await expect.poll(() => page.getByTestId('data-parts').textContent()).toMatch(/Chats, runs.*KB/);
    await page.getByText('0 audit entries').waitFor();
    // The backup made at start, with its size and events.
    await expect
      .poll(() => page.getByTestId('data-newest-backup').textContent())
      .toMatch(/^Newest backup: .+ · [\d.]+ KB · \d+ events? · 1 kept$/);
    await shot('settings-data');
  });

  it('"Export all" downloads a non-empty gzip archive (the cookie authenticates it)', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export all' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^cowork-export-\d{4}-\d{2}-\d{2}\.tar\.gz$/);
    const bytes = readFileSync((await download.path())!);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const tar = gunzipSync(bytes);
    expect(tar.length).toBeGreaterThan(1024);
    expect(tar.subarray(257, 262).toString('ascii')).toBe('ustar');
    expect(tar.subarray(0, 13).toString('ascii')).toBe('manifest.json');
  });

  it('"Delete everything" asks for the phrase inline, deletes, and shows the final screen', async () => {
    await page.getByRole('button', { name: 'Delete everything…' }).click();
    const confirm = page.getByRole('button', { name: 'Delete everything', exact: true });
    const phrase = page.getByLabel('Type the phrase to confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await phrase.fill('delete');
    expect(await confirm.isDisabled()).toBe(true);
    await phrase.press('Enter'); // a wrong phrase submits nothing
    expect(isAlive(d.pid)).toBe(true);
    await phrase.fill('delete everything');
    await confirm.scrollIntoViewIfNeeded();
    await shot('settings-data-confirm');
    await confirm.click();
    await page.getByText("All of Cowork's data was deleted. Cowork has stopped.").waitFor();
    await shot('settings-data-deleted');
    await waitUntil(() => !isAlive(d.pid), 15_000);
    expect(readdirSync(d.home)).toEqual([]);
  });

  it('no console errors at any point', async () => {
    // Long enough for a reconnect attempt (the first comes after 250 ms) to show up as an error.
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('connection').count()).toBe(0);
    expect(ui.consoleErrors).toEqual([]);
  });
});
