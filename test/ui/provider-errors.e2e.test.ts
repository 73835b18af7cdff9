import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;

beforeAll(async () => {
  ui = await startUi();
  ({ page } = ui);
});
afterAll(async () => {
  await ui?.close();
});

it('refuses a URL without a scheme, and Test fails for a server that refuses connections', async () => {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Models' }).click();
  await page.getByLabel('Name').fill('dead');
  await page.getByLabel('Base URL').fill('localhost:11434');
  await page.getByLabel('Model', { exact: true }).fill('m');
  await page.getByRole('button', { name: 'Add model' }).click();
  await page.getByText('baseUrl: must start with http:// or https://').waitFor();

  const url = `http://127.0.0.1:${await freePort()}/v1`;
  await page.getByLabel('Base URL').fill(url);
  await page.getByRole('button', { name: 'Add model' }).click();
  await page.getByText('dead', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Test' }).click();
  const toast = page.getByRole('status');
  await expect
    .poll(() => toast.textContent(), { timeout: 15_000 })
    .toContain(`Is the server running at ${url}?`);
  expect(await toast.textContent()).not.toContain('can call tools');
  await ui.shot('settings-provider-dead');
  expect(ui.consoleErrors).toEqual([]);
});
