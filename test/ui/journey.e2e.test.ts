/**
 * A newcomer's first hour, end to end and by keyboard only, in Debian's Chromium against a real
 * daemon on a fresh home: the first-run setup finds a (replay) model server and adds it, grants the
 * first folder, offers a sample task; the task asks an approval, answered with a key; the change is
 * undone and redone; a second task waits for an approval while the daemon restarts; after the
 * fresh login the app opens on that approval, and approving it finishes the run. axe-core finds
 * no WCAG 2.2 A/AA violation on any screen of the way. Screenshots: test-results/ui/journey-*.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { fixture } from '../helpers/fixture/index.js';
import { axeViolations, describeViolations, focusedElement, startUi, type UiSession } from '../helpers/ui.js';

const NOTES = 'Hello wrold.\n';
const TODO = '- [ ] ship it\n';

/** Presses Tab until the focused element matches (as `focusedElement` says it), as a keyboard user would. */
async function tabTo(page: Page, target: RegExp, max = 80): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focusedElement(page);
    if (target.test(now)) return;
    seen.push(now);
  }
  throw new Error(`Tab never reached ${target}; it went through:\n${seen.join('\n')}`);
}

/** Opens the command palette, picks the command named, and presses Enter. */
async function command(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.keyboard.type(name);
  await page.getByRole('option', { name: new RegExp(name) }).waitFor();
  await page.keyboard.press('Enter');
}

async function expectAxeClean(ui: UiSession, shot: string): Promise<void> {
  await ui.shot(`journey-${shot}`);
  const violations = await axeViolations(ui.page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe('a newcomer’s first hour, keyboard only', () => {
  let ui: UiSession;
  let model: ReplayServer;
  let site: string;
  const file = (name: string) => readFileSync(join(site, name), 'utf8');

  beforeAll(async () => {
    model = await startReplayServer({
      models: ['m'],
      turns: [
        {
          reply: {
            toolCalls: [
              {
                name: 'fs_edit',
                arguments: { path: 'notes.md', edits: [{ oldText: 'wrold', newText: 'world' }] },
              },
            ],
          },
        },
        { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Fixed the typo.' } }] } },
        {
          expect: { contains: ['Tick the todo'] },
          reply: {
            toolCalls: [{ name: 'fs_write', arguments: { path: 'todo.md', content: '- [x] ship it\n' } }],
          },
        },
        { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Ticked.' } }] } },
      ],
    });
    ui = await startUi(
      fixture('cowork-ui-journey-').withDaemon().withFolder('site', { 'notes.md': NOTES, 'todo.md': TODO }),
      { firstRun: true },
    );
    site = ui.fixture.folders['site']!;
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
    await model?.close();
  });

  it('sets up a model and a folder, and picks a sample task', async () => {
    const { page } = ui;
    const setup = page.getByTestId('onboarding');
    await setup.getByRole('heading', { name: 'Set up Cowork', level: 1 }).waitFor();
    await expect.poll(() => setup.getByText('Looking for Ollama').count(), { timeout: 10_000 }).toBe(0);
    await expectAxeClean(ui, 'setup-model');

    await tabTo(page, /^INPUT Server address/);
    await page.keyboard.type(`${model.url}/v1`);
    await tabTo(page, /^BUTTON Look again/);
    await page.keyboard.press('Enter');
    await setup.getByRole('button', { name: 'Use local' }).waitFor();
    await ui.shot('journey-setup-found');
    await tabTo(page, /^BUTTON Use local/);
    await page.keyboard.press('Enter');

    // The folder step takes focus itself.
    await expect.poll(() => focusedElement(page)).toMatch(/^INPUT Folder to grant/);
    await page.keyboard.type(site);
    await page.keyboard.press('Escape'); // the completion list
    await expectAxeClean(ui, 'setup-folder');
    await tabTo(page, /^BUTTON Grant access/);
    await page.keyboard.press('Enter');

    await setup.getByRole('button', { name: /Explain this folder/ }).waitFor();
    await expectAxeClean(ui, 'setup-task');
    await tabTo(page, /^BUTTON Explain this folder/);
    await page.keyboard.press('Enter');
    await setup.waitFor({ state: 'detached' });
    expect(await focusedElement(page)).toMatch(/^TEXTAREA Message/);
    const c = ui.fixture.client;
    expect((await c.result('providers.list', {})).providers).toMatchObject([{ id: 'local' }]);
    expect((await c.result('grants.list', {})).grants).toMatchObject([{ path: site, mode: 'rw' }]);
  });

  it('runs the task, the approval answered with a key', async () => {
    const { page } = ui;
    await page.keyboard.press('Enter');
    // The card takes focus: A approves once.
    await expect
      .poll(() => focusedElement(page), { timeout: 20_000 })
      .toMatch(/^SECTION Approval needed: .*notes\.md/);
    await expectAxeClean(ui, 'approval');
    await page.keyboard.press('a');
    await page.getByTestId('transcript').getByText('Fixed the typo.').waitFor({ timeout: 20_000 });
    expect(file('notes.md')).toBe('Hello world.\n');
    await expect.poll(() => focusedElement(page)).not.toBe('BODY');
  });

  it('undoes the change, after a confirmation that names the file, and redoes it', async () => {
    const { page } = ui;
    await command(page, 'Undo last change');
    const confirm = page.getByTestId('undo-confirm');
    await confirm.getByText('notes.md').waitFor();
    await expectAxeClean(ui, 'undo-confirm');
    await tabTo(page, /^BUTTON Undo change/, 10);
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => file('notes.md')).toBe(NOTES);
    await page
      .getByTestId('undone-entry')
      .getByText(/You undid a change/)
      .waitFor();

    await command(page, 'Redo the change undone last');
    await expect.poll(() => file('notes.md')).toBe('Hello world.\n');
    await page
      .getByTestId('transcript')
      .getByText(/You redid a change/)
      .waitFor();
    await expectAxeClean(ui, 'redone');
  });

  it('a second task waits for an approval across a daemon restart, then finishes once approved', async () => {
    const { page } = ui;
    await tabTo(page, /^TEXTAREA Message/);
    await page.keyboard.type('Tick the todo');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => focusedElement(page), { timeout: 20_000 })
      .toMatch(/^SECTION Approval needed: .*todo\.md/);

    await ui.fixture.restart();
    await ui.login(); // the new daemon's one-time link: a fresh login
    // The app opens on the run that waits, its card focused.
    await expect
      .poll(() => focusedElement(page), { timeout: 20_000 })
      .toMatch(/^SECTION Approval needed: .*todo\.md/);
    expect(file('todo.md')).toBe(TODO);
    await expectAxeClean(ui, 'after-restart');
    await page.keyboard.press('a');
    await page.getByTestId('transcript').getByText('Ticked.').waitFor({ timeout: 30_000 });
    expect(file('todo.md')).toBe('- [x] ship it\n');
    // The resumed run goes on with the call it was cut off in: one row for it, not two.
    const transcript = page.getByTestId('transcript');
    expect(await transcript.getByTestId('tool-card').filter({ hasText: 'todo.md' }).count()).toBe(1);
    await transcript.getByText('You redid a change of this run').waitFor();
    expect(await transcript.getByTestId('file-changes').last().textContent()).toContain('edited again');
    await expectAxeClean(ui, 'done');
    // What a restart cuts off (the event stream's socket) is not an error of the app.
    expect(
      ui.consoleErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e)),
    ).toEqual([]);
  });
});
