/**
 * Settings → Models with a dead provider, in Debian's Chromium against a real daemon: a URL without
 * a scheme is refused under the form with the field named, and Test on a server that refuses
 * connections says so (who, why, what to do) instead of "can call tools".
 */
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('refuses a URL without a scheme, and Test fails for a server that refuses connections', async () => {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Models' }).click();
  await page.getByLabel('Name').fill('dead');
  await page.getByLabel('Base URL').fill('localhost:11434');
  await page.getByLabel('Model', { exact: true }).fill('m');
  await page.getByRole('button', { name: 'Add model' }).click();
  await page.getByText('baseUrl: must start with http:// or https://').waitFor();

  const url = `http://127.0.0.1:${await closedPort()}/v1`;
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
