/**
 * The UI end to end, in Debian's Chromium (playwright-core) against a real daemon and the replay
 * model server: settings, a run with an approval answered from the keyboard, a denial, a reload in
 * the middle of a run, undo, the command palette, the terminal and memory panels. Screenshots of
 * each main view go to test-results/ui/. Any console error fails the test.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { homePaths } from '../../src/store/index.js';
import type { TestDaemon } from '../helpers/daemon.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let d: TestDaemon;
let model: ReplayServer;
let ui: UiSession;
let page: Page;
let work: string;

const shot = (name: string) => ui.shot(name);
const send = async (text: string) => {
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
};

beforeAll(async () => {
  // Granted, and the model added, through the UI: that is what is tested.
  work = tempDir('cowork-ui-');
  writeFileSync(join(work, 'notes.md'), '# Notes\n\nHello wrold.\n');
  model = await startReplayServer({
    models: ['m'],
    turns: [
      // 1: an edit of the person's file (asks), then done
      {
        expect: { contains: ['Fix the typo'] },
        reply: {
          toolCalls: [
            {
              name: 'fs_edit',
              arguments: { path: 'notes.md', edits: [{ oldText: 'Hello wrold.', newText: 'Hello world.' }] },
            },
          ],
        },
      },
      {
        reply: {
          text: 'Fixed the typo.',
          toolCalls: [{ name: 'complete_task', arguments: { summary: 'Fixed the typo in notes.md.' } }],
        },
      },
      // 2: an overwrite the person denies
      {
        expect: { contains: ['Replace the notes'] },
        reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'notes.md', content: 'gone' } }] },
      },
      {
        expect: { contains: ['Not approved'] },
        reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Left the notes alone.' } }] },
      },
      // 3: a slow answer, during which the page reloads
      {
        chunkDelayMs: 120,
        reply: { text: 'Thinking about it slowly, one piece after another, until the end. SLOW-ANSWER-END' },
      },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Answered slowly.' } }] } },
    ],
  });
  ui = await startUi();
  ({ daemon: d, page } = ui);
});

afterAll(async () => {
  await ui?.close();
  await model?.close();
});

describe('the Cowork UI', () => {
  it('logs in by the bootstrap link only: no token in the page or its storage', async () => {
    const token = readFileSync(homePaths(d.home).authToken, 'utf8').trim();
    expect(await page.content()).not.toContain(token);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain(token);
  });

  it('settings: grant a folder, add a model, and rules errors are shown inline', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Folders' }).click();
    await page.getByLabel('Folder to grant').fill(work);
    await page.getByRole('button', { name: 'Grant' }).click();
    await page.getByText(work, { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Models' }).click();
    await page.getByLabel('Name').fill('replay');
    await page.getByLabel('Base URL').fill(`${model.url}/v1`);
    await page.getByLabel('Model', { exact: true }).fill('m');
    await page.getByRole('button', { name: 'Add model' }).click();
    await page.getByText('replay', { exact: true }).waitFor();
    await shot('settings-models');
    await page.getByRole('button', { name: 'Rules' }).click();
    await page
      .getByLabel('Policy rules')
      .fill('version: 1\nrules:\n  - id: broken\n    action: exec\n    decision: perhaps\n');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => page.getByTestId('policy-error').textContent()).toMatch(/decision|Invalid/i);
    await page.getByLabel('Command, path or host').fill('sudo ls');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => page.getByTestId('policy-why').textContent()).toMatch(/deny/);
    await shot('settings-rules');
  });

  it('a run asks before editing; approved from the keyboard, the diff is shown and the file changes', async () => {
    await page.getByRole('button', { name: 'Chat' }).click();
    await page
      .getByRole('button', { name: /^w|cowork-ui/ })
      .first()
      .click()
      .catch(() => {});
    await page.getByLabel('Folder').selectOption(work);
    await send('Fix the typo in notes.md');
    const card = page.getByTestId('approval-card').first();
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('Hello world.');
    await expect.poll(() => page.getByTestId('approval-badge').textContent()).toContain('1 waiting');
    await shot('approval');
    await card.focus();
    await page.keyboard.press('a');
    await page.getByText('Fixed the typo in notes.md.').waitFor();
    await expect.poll(() => page.getByTestId('usage').textContent()).toMatch(/in · .* out · (local|\$)/);
    expect(readFileSync(join(work, 'notes.md'), 'utf8')).toContain('Hello world.');
    await page.getByTestId('tool-card').first().getByRole('button').first().click();
    await shot('chat-timeline');
    // The file the agent worked on, shown live in the Files panel.
    await page.getByRole('button', { name: 'View the file live' }).click();
    await expect.poll(() => page.getByTestId('file-view').textContent()).toContain('Hello world.');
    await page.getByTestId('file-view').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('tab', { name: 'Approvals', exact: true }).click();
  });

  it('a denial reaches the agent with its reason, and the file stays', async () => {
    await send('Replace the notes with nothing');
    const card = page.getByTestId('approval-card').first();
    await card.waitFor();
    await card.getByRole('button', { name: /Deny/ }).click();
    await page.getByLabel('Reason for denying').fill('keep my notes');
    await page.getByLabel('Reason for denying').press('Enter');
    await page.getByText('Left the notes alone.').waitFor();
    expect(readFileSync(join(work, 'notes.md'), 'utf8')).toContain('Hello world.');
  });

  it('a file dropped on the chat is copied into the folder through the enclave, and named in the message', async () => {
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['quarterly numbers\n'], 'report.txt', { type: 'text/plain' }));
      document
        .querySelector('main.chat')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.getByLabel('Message').inputValue()).toContain('(Attached: report.txt)');
    expect(readFileSync(join(work, 'report.txt'), 'utf8')).toBe('quarterly numbers\n');
    await page.getByLabel('Message').fill('');
  });

  it('a reload in the middle of a run shows the run as it is, and it goes on', async () => {
    await send('Answer slowly please');
    await page.getByText('Thinking about it').waitFor();
    await page.reload();
    await page.getByTestId('connection').getByText('Connected').waitFor();
    // The address keeps the session; its history is backfilled from the event log, then live.
    await page.getByText('Answer slowly please').waitFor();
    await page.getByText(/SLOW-ANSWER-END/).waitFor({ timeout: 15_000 });
    // Backfill and live stream joined in order: the text is whole, not shuffled.
    await page
      .getByText('Thinking about it slowly, one piece after another, until the end. SLOW-ANSWER-END', {
        exact: true,
      })
      .waitFor();
    await page.getByText('Answered slowly.').waitFor();
  });

  it('the command palette: undo the last change, open settings pages', async () => {
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Type a command or search…').fill('Undo');
    await page.getByRole('option', { name: /Undo last change/ }).waitFor();
    await page.keyboard.press('Enter');
    // Confirmed first, with what will change.
    await page.getByTestId('undo-confirm').getByTestId('file-changes').getByText('notes.md').waitFor();
    await page.getByTestId('undo-confirm').getByRole('button', { name: 'Undo change' }).click();
    await expect.poll(() => readFileSync(join(work, 'notes.md'), 'utf8')).toContain('Hello wrold.');
    // The confirmation is a modal: the palette can take the keyboard only once it has closed.
    await page.getByTestId('undo-confirm').waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Type a command or search…').fill('Settings: Audit log');
    await page.getByRole('option', { name: 'Settings: Audit log' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-list').getByText('fs.edit').first().waitFor();
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('audit-verified').textContent())
      .toMatch(/^Intact: \d+ entries verified\.$/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    expect((await download).suggestedFilename()).toMatch(/^cowork-audit-.*\.jsonl$/);
    await shot('settings-audit');
    await page.getByRole('button', { name: 'Chat' }).click();
  });

  it('the terminal panel: New terminal opens a shell at once (the click is the consent), type in it, see the echo', async () => {
    await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
    await page.getByRole('button', { name: 'New terminal' }).click();
    const term = page.getByTestId('terminal');
    await term.waitFor();
    await term.click();
    await page.keyboard.type('echo hi-from-$((40+2))');
    await page.keyboard.press('Enter');
    await expect.poll(() => term.textContent(), { timeout: 10_000 }).toContain('hi-from-42');
    // Nobody was asked to approve their own click.
    expect((await ui.fixture.client.result('approvals.list', {})).approvals).toEqual([]);
    await shot('terminal');
  });

  it('the memory panel: index the folder, search it, keep a lesson', async () => {
    await page.getByRole('tab', { name: 'Memory', exact: true }).click();
    await page.getByRole('button', { name: /^Index / }).click();
    await expect
      .poll(async () => (await page.locator('.memory').textContent()) ?? '')
      .toMatch(/[1-9]\d* files?,/);
    await page.getByLabel('Search memory').fill('wrold');
    await page.getByLabel('Search memory').press('Enter');
    await page.locator('.hits').getByText('notes.md:1').waitFor();
    // A hit opens the file at its chunk.
    await page.locator('.hits').getByText('notes.md:1').click();
    await page.getByTestId('file-view').locator('.hit').first().waitFor();
    await expect
      .poll(() => page.getByTestId('file-view').locator('.hit').allTextContents())
      .toContainEqual(expect.stringContaining('Hello wrold.'));
    await page.getByRole('tab', { name: 'Memory', exact: true }).click();
    await page.getByLabel('New lesson').fill('Write dates as YYYY-MM-DD');
    await page.getByLabel('New lesson').press('Enter');
    await page.getByText('Write dates as YYYY-MM-DD').waitFor();
    // Edit it in place, make it a rule, then delete it.
    await page.getByRole('button', { name: 'Write dates as YYYY-MM-DD', exact: true }).click();
    await page.getByLabel('Lesson text').fill('Write dates as YYYY-MM-DD, always');
    await page.getByLabel('Lesson text').press('Enter');
    await page.getByRole('button', { name: 'Write dates as YYYY-MM-DD, always', exact: true }).waitFor();
    await page.getByRole('button', { name: 'prefer', exact: true }).click();
    await page.getByRole('button', { name: 'must', exact: true }).waitFor();
    await shot('memory');
  });

  it('the files panel follows the folder live, and shows an open file as it changes', async () => {
    await page.getByRole('tab', { name: 'Files', exact: true }).click();
    await page
      .getByRole('button', { name: 'Close' })
      .click()
      .catch(() => {});
    writeFileSync(join(work, 'plan.md'), 'first draft\n');
    await page.getByRole('button', { name: 'plan.md' }).click({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('file-view').textContent()).toContain('first draft');
    writeFileSync(join(work, 'plan.md'), 'second draft\n');
    await expect
      .poll(() => page.getByTestId('file-view').textContent(), { timeout: 10_000 })
      .toContain('second draft');
    await shot('files');
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('the browser panel: open an allowed page, take control, click on the picture, type into the page', async () => {
    const site = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        req.url?.startsWith('/next')
          ? `<title>Next</title><h1>Arrived ${req.url}</h1>`
          : '<title>Start</title><a href="/next" style="display:block;width:1280px;height:800px;font-size:40px">Go next</a>',
      );
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    try {
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Rules' }).click();
      await page
        .getByLabel('Policy rules')
        .fill('version: 1\nnetwork:\n  allowHosts: ["127.0.0.1"]\nrules: []\n');
      await page.getByRole('button', { name: 'Save rules' }).click();
      await page.getByText(/Saved \(policy/).waitFor();
      await page.getByRole('button', { name: 'Chat' }).click();
      await page.getByRole('tab', { name: 'Browser', exact: true }).click();
      await page.getByLabel('Open a page').fill(url);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      // The first picture may be of the blank page before the address loads: wait for the page's own.
      const picture = page.getByAltText(`The page ${url}`, { exact: true });
      await picture.waitFor({ timeout: 15_000 });
      // Opened by the person: they control it already (the agent would have to be handed it).
      await picture.click({ position: { x: 100, y: 100 } });
      await expect
        .poll(() => page.getByLabel('Address').inputValue(), { timeout: 10_000 })
        .toContain('/next');
      await shot('browser');
    } finally {
      site.close();
    }
  });

  it('the log viewer streams the daemon log, filtered by level', async () => {
    await page.getByRole('tab', { name: 'Logs', exact: true }).click();
    await page.getByTestId('log-list').getByText('daemon started').waitFor();
    await page.getByLabel('Level').selectOption('error');
    await expect.poll(() => page.getByTestId('log-list').textContent()).not.toContain('daemon started');
    await shot('logs');
  });

  it('no console errors at any point', () => {
    expect(ui.consoleErrors).toEqual([]);
  });
});
