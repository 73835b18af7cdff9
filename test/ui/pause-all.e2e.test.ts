/**
 * Pause all, as the person sees it (the tray's or `cowork pause`): a run waiting on an approval
 * is paused — its card goes, the transcript says it was paused by them, not cut off by a restart —
 * and Resume all asks the same approval again. Screenshot: test-results/ui/paused-run.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;
let c: RpcClient;

const write = {
  reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'notes.md', content: 'new\n' } }] },
};

beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-pause-')
      .withDaemon()
      .withGrant('rw', { 'notes.md': 'old\n' })
      .withReplayModel([{ expect: { contains: ['Rewrite'] }, ...write }, write]),
  );
  page = ui.page;
  c = ui.fixture.client;
});
afterAll(() => ui?.close());

it('a paused run says it was paused by you, and Resume all asks again', async () => {
  await page.getByLabel('Message').fill('Rewrite the notes');
  await page.getByLabel('Message').press('Enter');
  const card = page.getByTestId('approval-card');
  await card.waitFor();

  expect((await c.result('runs.pauseAll', {})).runIds).toHaveLength(1);
  await page.getByText('Paused by you; it can be resumed.').waitFor();
  await expect.poll(() => card.count()).toBe(0);
  expect(await page.getByText('Interrupted by a restart').count()).toBe(0);
  await ui.shot('paused-run');

  expect((await c.result('runs.resumeAll', {})).runIds).toHaveLength(1);
  await page.getByTestId('approval-card').waitFor();
});
