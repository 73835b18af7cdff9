/**
 * The grants view marks a granted folder that contains Cowork's own data folder: the person sees
 * that it stays hidden there (the daemon refuses every operation on it, see attack-files.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findChromium } from '../../src/enclave/chromium.js';
import { cowork, type TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { SHOTS } from '../helpers/ui.js';

let parent: string;
let other: string;
let d: TestDaemon;
let browser: Browser;
beforeAll(async () => {
  // Cowork's data folder (root/cowork-home) inside the folder the person grants (like ~ with
  // ~/.local/share/cowork); the grants are made in the page.
  const f = await fixture('cowork-ui-grants-').withDaemon().withFolder('project').start();
  [parent, other, d] = [f.root, f.folders['project']!, f.daemon];
  browser = await chromium.launch({
    executablePath: findChromium()!,
    headless: true,
    chromiumSandbox: process.getuid?.() !== 0,
  });
});
afterAll(async () => {
  await browser?.close();
});

it("marks the grant that contains Cowork's own data, and only that one", async () => {
  mkdirSync(SHOTS, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const link = (await cowork(['open', '--print-url', '--home', d.home])).stdout.trim();
  await page.goto(link);
  await page.getByTestId('connection').getByText('Connected').waitFor();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Folders' }).click();
  for (const folder of [parent, other]) {
    await page.getByLabel('Folder to grant').fill(folder);
    await page.getByRole('button', { name: 'Grant', exact: true }).click();
    await page.getByText(folder, { exact: true }).first().waitFor();
  }
  const marks = page.getByTestId('grant-contains-cowork-data');
  await marks.first().waitFor();
  expect(await marks.count()).toBe(1);
  const row = page.locator('li', { has: page.getByText(parent, { exact: true }) });
  expect(await row.getByTestId('grant-contains-cowork-data').count()).toBe(1);
  expect(await marks.first().textContent()).toMatch(/Cowork's own data/);
  await page.screenshot({ path: join(SHOTS, 'grants-cowork-data.png') });
  expect(errors).toEqual([]);
});
