/**
 * The approval card and undo, end to end in Debian's Chromium against a real daemon and the replay
 * model (issue 17, finding 7): the card is shown once (the Approvals panel points at it), states the
 * rule and risk once, outside a diff without `Index:`/`====` lines, wraps long lines, says when it
 * expires and, when it does, what happened; the run says "Waiting for you"; the tool's time leaves
 * out the person's thinking time. Undo and revert are confirmed first, with the files and their
 * lines +/-, and show in the transcript after; the palette offers neither when nothing can be undone.
 * Screenshots: test-results/ui/approval-card.png (and -dark), revert-confirm.png, undone.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { axeViolations, startUi, type UiSession } from '../helpers/ui.js';

/** A line far wider than the card: its end must be on screen (wrapped), not cut off. */
const LONG = `const greeting = ${'"a long string that keeps going" + '.repeat(8)}"LONG-LINE-END";`;
const NOTES = `# Notes\n\nHello wrold.\n${LONG}\n`;

let ui: UiSession;
let page: Page;
let c: RpcClient;
let work: string;
let notes: string;

const send = async (text: string) => {
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
};
const edit = (oldText: string, newText: string) => ({
  reply: { toolCalls: [{ name: 'fs_edit', arguments: { path: 'notes.md', edits: [{ oldText, newText }] } }] },
});
const done = (summary: string) => ({
  reply: { toolCalls: [{ name: 'complete_task', arguments: { summary } }] },
});

beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-approvals-')
      .withDaemon()
      .withGrant('rw', { 'notes.md': NOTES })
      .withReplayModel([
        // 1: an edit of the typo and the long line, approved after a while
        {
          expect: { contains: ['Fix the typo'] },
          ...edit(`Hello wrold.\n${LONG}`, `Hello world.\n${LONG} // ok`),
        },
        done('Fixed the typo.'),
        // 2: an overwrite nobody answers: it expires
        {
          expect: { contains: ['Rewrite the notes'] },
          reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'notes.md', content: 'gone\n' } }] },
        },
        { expect: { contains: ['Not approved'] }, ...done('Left the notes alone.') },
        // 3: another edit, approved, then undone from the palette
        { expect: { contains: ['Capitalise'] }, ...edit('# Notes', '# NOTES') },
        done('Capitalised the title.'),
      ]),
  );
  page = ui.page;
  ({ client: c, folder: work } = ui.fixture);
  notes = join(work, 'notes.md');
});

afterAll(async () => {
  await ui?.close();
});

/** The palette's options, as listed. */
async function paletteOptions(filter: string): Promise<{ options: string[]; headings: string[] }> {
  await page.keyboard.press('Control+k');
  await page.getByPlaceholder('Type a command or search…').fill(filter);
  // cmdk filters on the next frame; Undo is offered after the daemon answered what can be undone.
  await page.waitForTimeout(400);
  const options = await page.getByRole('option').allTextContents();
  const headings = await page.locator('[cmdk-group-heading]').allTextContents();
  await page.keyboard.press('Escape');
  return { options, headings };
}

describe('the approval card and undo', () => {
  it('the palette offers no Undo or Revert, and no empty Sessions heading, when nothing happened yet', async () => {
    const { options, headings } = await paletteOptions('');
    expect(options.some((o) => /undo|revert/i.test(o))).toBe(false);
    expect(headings).not.toContain('Sessions');
    expect(options).toContain('New session');
  });

  it('one card, in the conversation: rule and risk once, a clean diff, long lines wrapped, a labelled countdown', async () => {
    await send('Fix the typo in notes.md');
    const card = page.getByTestId('approval-card');
    await card.waitFor();
    // Shown once: the Approvals panel (open by default) points at the card instead of repeating it.
    await expect.poll(() => card.count()).toBe(1);
    expect(await page.locator('.transcript').getByTestId('approval-card').count()).toBe(1);
    const pointer = page.getByTestId('approval-pointer');
    await expect.poll(() => pointer.textContent()).toContain('waiting for you in the conversation');

    const text = (await card.textContent()) ?? '';
    const diff = card.getByTestId('diff');
    const diffText = (await diff.textContent()) ?? '';
    expect(diffText).toContain('Hello world.');
    expect(diffText).not.toMatch(/Index: |={10,}|Rule: |Risk: /);
    // The rule and the risk are said once, above the diff.
    const { decision } = (await c.result('approvals.list', {})).approvals[0]!;
    expect(text.split(decision.reason).length - 1).toBe(1);
    await expect.poll(() => card.getByTestId('approval-why').textContent()).toMatch(/risk/i);
    // The long line is wrapped inside the box: nothing wider than it, and its end is inside it.
    const box = await diff.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(box.scroll).toBeLessThanOrEqual(box.client);
    const end = await diff.evaluate((el) => {
      const range = document.createRange();
      const line = Array.from(el.querySelectorAll('span')).find((s) =>
        s.textContent?.includes('LONG-LINE-END"; // ok'),
      );
      if (!line) return null;
      range.selectNodeContents(line);
      const r = range.getBoundingClientRect();
      return { right: r.right, boxRight: el.getBoundingClientRect().right };
    });
    expect(end).not.toBeNull();
    expect(end!.right).toBeLessThanOrEqual(end!.boxRight + 1);
    expect(await card.getByTestId('approval-countdown').textContent()).toMatch(/^expires in \d+:\d\d$/);
    // Waiting on the person is not "Working…", even after the run has been quiet a while.
    await page.waitForTimeout(2600);
    expect(await page.getByTestId('run-status').textContent()).toContain('Waiting for you');
    // …and the call's row says it waits, not that it runs.
    expect(await page.getByTestId('tool-card').first().locator('.tool-time').textContent()).toBe(
      'waiting for you',
    );
    await ui.shot('approval-card');
    expect(await axeViolations(page, ['.approval', '.approval-pointer', '.sidebar'])).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await ui.shot('approval-card-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The panel's Show puts the focus on the card; A approves it.
    await pointer.getByRole('button', { name: /Show/ }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('approval-card');
    await page.keyboard.press('a');
    await page.getByText('Fixed the typo.').waitFor();
    expect(readFileSync(notes, 'utf8')).toContain('Hello world.');
    // About four seconds went by before the approval: the edit's own time is not that.
    const time = (await page.getByTestId('tool-card').first().locator('.tool-time').textContent()) ?? '';
    expect(time).toMatch(/^\d+ ms$/);
    expect(Number.parseInt(time, 10)).toBeLessThan(1000);
  });

  it('an approval nobody answers expires, and the conversation says so and what happened', async () => {
    const sessionId = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get(
      'session',
    )!;
    await c.result('runs.start', {
      prompt: 'Rewrite the notes',
      folder: work,
      model: 'replay/m',
      sessionId,
      approvalTimeoutMs: 4000,
    });
    const card = page.getByTestId('approval-card');
    await card.waitFor();
    expect(await card.getByTestId('approval-countdown').textContent()).toMatch(/^expires in 0:0\d$/);
    await page.getByText(/expired, so it was not done/).waitFor({ timeout: 15_000 });
    await page.getByText('Left the notes alone.').waitFor();
    expect(await card.count()).toBe(0);
    expect(readFileSync(notes, 'utf8')).toContain('Hello world.');
  });

  it('Revert run asks first, listing the files with their lines +/-, and the transcript shows it after', async () => {
    await page.getByRole('tab', { name: 'Checkpoints', exact: true }).click();
    await page
      .getByRole('button', { name: /Revert run/ })
      .first()
      .click();
    const dialog = page.getByTestId('undo-confirm');
    await dialog.getByTestId('file-changes').waitFor();
    const row = dialog.getByTestId('file-changes').getByRole('listitem');
    expect(await row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toMatch(/notes\.md.*\+2.*−2/);
    await ui.shot('revert-confirm');
    expect(await axeViolations(page, ['.undo-confirm', '.checkpoints'])).toEqual([]);
    // Nothing happens before the person confirms.
    expect(readFileSync(notes, 'utf8')).toContain('Hello world.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(readFileSync(notes, 'utf8')).toContain('Hello world.');
    await page
      .getByRole('button', { name: /Revert run/ })
      .first()
      .click();
    await dialog.getByTestId('file-changes').waitFor();
    await dialog.getByRole('button', { name: 'Revert run' }).click();
    await expect.poll(() => readFileSync(notes, 'utf8')).toBe(NOTES);
    const entry = page.getByTestId('undone-entry');
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/You reverted this run.*notes\.md/);
    // Everything is undone: the palette offers no Undo.
    const { options } = await paletteOptions('undo');
    expect(options.some((o) => /^Undo/.test(o))).toBe(false);
  });

  it('Undo from the palette asks first too, and shows in the transcript', async () => {
    await send('Capitalise the title');
    await page.getByTestId('approval-card').waitFor();
    await page
      .getByTestId('approval-card')
      .getByRole('button', { name: /Approve once/ })
      .click();
    await page.getByText('Capitalised the title.').waitFor();
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Type a command or search…').fill('Undo last');
    await page.getByRole('option', { name: /Undo last change/ }).waitFor();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('undo-confirm');
    await expect.poll(() => dialog.getByTestId('file-changes').textContent()).toMatch(/notes\.md.*\+1.*−1/);
    expect(readFileSync(notes, 'utf8')).toContain('# NOTES');
    await dialog.getByRole('button', { name: 'Undo change' }).click();
    await expect.poll(() => readFileSync(notes, 'utf8')).toBe(NOTES);
    await expect
      .poll(() => page.getByTestId('undone-entry').last().textContent())
      .toMatch(/You undid a change/);
    await ui.shot('undone');
    expect(await axeViolations(page, ['.undone-entry', '.tool-card'])).toEqual([]);
  });

  it('no console errors at any point', () => {
    expect(ui.consoleErrors).toEqual([]);
  });
});
