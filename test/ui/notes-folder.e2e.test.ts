/**
 * Settings → Notes in a real browser: the notes folder is shown, a folder outside the read-write
 * grants is refused with the daemon's reason under the form, a granted one is chosen (and kept:
 * the daemon answers it), and it can be unset.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { axeViolations, describeViolations, startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-notes-').withDaemon().withGrant('rw', { 'notes/.keep': '' }).withFolder('outside'),
  );
});
afterAll(async () => {
  await ui?.close();
});

it('shows, refuses, chooses and unsets the notes folder', async () => {
  const { page } = ui;
  const notes = join(ui.fixture.folder, 'notes');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Notes', exact: true }).click();
  const shown = page.getByTestId('notes-folder');
  await shown.getByText('No notes folder is chosen').waitFor();

  await page.getByLabel('Notes folder').fill(ui.fixture.folders['outside']!);
  await page.getByRole('button', { name: 'Choose folder' }).click();
  await page.getByText('is not inside a read-write grant').waitFor();
  await ui.shot('notes-folder-refused');

  await page.getByLabel('Notes folder').fill(notes);
  await page.getByLabel('Notes folder').press('Escape');
  await page.getByRole('button', { name: 'Choose folder' }).click();
  await shown.getByText(notes, { exact: true }).waitFor();
  expect(await page.getByText('is not inside a read-write grant').count()).toBe(0);
  expect(await ui.fixture.client.result('notes.folder', {})).toEqual({ folder: notes });
  await ui.shot('notes-folder-chosen');
  const violations = await axeViolations(page, 'main');
  expect(violations, describeViolations(violations)).toEqual([]);

  await page.getByRole('button', { name: 'Stop keeping notes' }).click();
  await shown.getByText('No notes folder is chosen').waitFor();
  expect(await ui.fixture.client.result('notes.folder', {})).toEqual({ folder: null });
  expect(ui.consoleErrors).toEqual([]);
});
