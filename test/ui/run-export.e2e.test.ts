/**
 * A run's export from the UI, end to end: Debian's Chromium (playwright-core), a real daemon and the
 * replay model. A run edits a file; its "Export" (under the run) saves Markdown with the prompt, the
 * agent's summary and the file changed, or JSON with the run's id; the palette's "Export this
 * run…" opens the same choices for the session's last run, by keyboard. Screenshot:
 * test-results/ui/run-export.png.
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { axeViolations, describeViolations, startUi, type UiSession } from '../helpers/ui.js';

const PROMPT = 'Fix the typo in notes.txt';
const SUMMARY = 'Fixed the typo in notes.txt: teh is the now.';
let ui: UiSession;
let page: Page;

beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-export-')
      .withDaemon()
      .withGrant('rw', { 'notes.txt': 'teh notes\n' })
      .withReplayModel([
        {
          reply: {
            text: 'Fixing it.',
            toolCalls: [
              { id: 'w', name: 'fs_write', arguments: { path: 'notes.txt', content: 'the notes\n' } },
            ],
          },
        },
        { reply: { toolCalls: [{ id: 'd', name: 'complete_task', arguments: { summary: SUMMARY } }] } },
      ]),
  );
  page = ui.page;
}, 60_000);
afterAll(async () => {
  await ui?.close();
});

/** The downloaded file's name and text. */
async function saved(download: Download): Promise<{ name: string; text: string }> {
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

it('exports a finished run as Markdown or JSON, from its footer and from the palette', async () => {
  await page.getByLabel('Folder').selectOption(ui.fixture.folder);
  await page.getByLabel('Approval mode').selectOption('auto-edit');
  await page.getByLabel('Message').fill(PROMPT);
  await page.getByLabel('Message').press('Enter');
  await page.getByText(SUMMARY).first().waitFor({ timeout: 20_000 });
  expect(readFileSync(`${ui.fixture.folder}/notes.txt`, 'utf8')).toBe('the notes\n');

  const toggle = page.getByRole('button', { name: 'Export this run' });
  await toggle.click();
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  await page.mouse.move(0, 400);
  await ui.shot('run-export');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(400); // the colours' transitions end
  await ui.shot('run-export-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(describeViolations(await axeViolations(page, '[data-testid="run-export"]'))).toBe('');
  const [md] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Markdown' }).click(),
  ]);
  const markdown = await saved(md);
  expect(markdown.name).toMatch(/^cowork-run-[0-9a-z-]{8}-fix-the-typo-in-notes-txt\.md$/);
  expect(markdown.text).toContain(PROMPT);
  expect(markdown.text).toContain(SUMMARY);
  expect(markdown.text).toMatch(/## Files changed\s+- `[^`]*notes\.txt`/);
  // The choices close, and the focus goes back to the button that opened them.
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
  // By keyboard: Enter opens the choices (the first takes the focus), Escape closes them.
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Markdown');
  await page.keyboard.press('Escape');
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);

  // The palette, by keyboard only: Ctrl+K, the command, Enter; the choices take the focus.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Export this run');
  await page.keyboard.press('Enter');
  const json = page.getByRole('button', { name: 'JSON' });
  await page.getByRole('button', { name: 'Markdown' }).waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Markdown');
  await page.keyboard.press('Tab');
  expect(await json.evaluate((el) => el === document.activeElement)).toBe(true);
  const [js] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const file = await saved(js);
  const parsed = JSON.parse(file.text) as {
    run: { id: string; prompt: string };
    changes: { paths: string[] }[];
  };
  const id = (await ui.fixture.client.result('runs.list', {})).runs[0]!.id;
  expect(file.name).toBe(`cowork-run-${id.slice(0, 8)}-fix-the-typo-in-notes-txt.json`);
  expect(parsed.run.id).toBe(id);
  expect(parsed.run.prompt).toBe(PROMPT);
  expect(parsed.changes.flatMap((c) => c.paths).some((p) => p.endsWith('notes.txt'))).toBe(true);
  expect(ui.consoleErrors).toEqual([]);
}, 60_000);
