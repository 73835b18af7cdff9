/**
 * Settings → Folders while a `cowork run` holds a grant for that run only: the folder is listed
 * with "this run only", and the mark goes with the grant when the run ends.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-run-grant-')
      .withDaemon()
      .withFolder('project', { 'notes.txt': 'old' })
      .withReplayModel([
        {
          reply: {
            toolCalls: [{ id: 'w', name: 'fs_write', arguments: { path: 'notes.txt', content: 'new' } }],
          },
        },
        { reply: { toolCalls: [{ id: 'd', name: 'complete_task', arguments: { summary: 'done' } }] } },
      ]),
  );
}, 60_000);
afterAll(async () => {
  await ui?.close();
});

it('marks a grant for one run only, until the run ends', async () => {
  const folder = ui.fixture.folders['project']!;
  const run = await ui.fixture.client.result('runs.start', {
    prompt: 'Change the notes',
    folder,
    model: 'replay/m',
    folderGrant: 'rw',
  });
  await ui.page.getByRole('button', { name: 'Settings' }).click();
  await ui.page.getByRole('button', { name: 'Folders' }).click();
  const row = ui.page.locator('li', { has: ui.page.getByText(folder, { exact: true }) });
  await row.getByTestId('grant-run-only').waitFor();
  expect(await row.getByTestId('grant-run-only').textContent()).toBe('this run only');
  await ui.shot('grants-run-only');
  await ui.fixture.client.result('runs.cancel', { runId: run.id });
  await row.waitFor({ state: 'detached' });
  expect(ui.consoleErrors).toEqual([]);
});
