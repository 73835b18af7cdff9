/**
 * The layout end to end: a long session is virtualised (only the rows on screen are in the page)
 * yet reads from the first prompt to the last note, follows its end, and keeps an opened card open;
 * the sidebar is resized from the keyboard and keeps its width after a reload; the folder to grant
 * is completed as it is typed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { runScripted, type ScriptedRun } from '../helpers/scripted-run.js';
import { startUi, type UiSession } from '../helpers/ui.js';

const CALLS = 300;
let ui: UiSession;
let work: string;
let run: ScriptedRun & { sessionId: string };

beforeAll(async () => {
  ui = await startUi(fixture('cowork-ui-transcript-').withDaemon().withGrant('rw', { 'a.txt': 'a' }));
  const { client: c } = ui.fixture;
  work = ui.fixture.folder;
  const scripted = await runScripted(
    c,
    work,
    [
      {
        reply: {
          toolCalls: Array.from({ length: CALLS }, (_, i) => ({
            name: 'fs_stat',
            arguments: { path: i === 0 ? 'a.txt' : '.' },
          })),
        },
      },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'LONG-RUN-END' } }] } },
    ],
    { prompt: 'FIRST-PROMPT: look at everything' },
  );
  const runs = await c.result('runs.list', {});
  run = { ...scripted, sessionId: runs.runs[0]!.sessionId };
});

afterAll(async () => {
  await ui?.close();
});

const transcript = () => ui.page.getByTestId('transcript');
const scrollTranscript = (to: 'top' | 'bottom') =>
  transcript().evaluate((el, where) => {
    el.scrollTop = where === 'top' ? 0 : el.scrollHeight;
  }, to);

describe('a long session in the transcript', () => {
  it('opens at its end, with only the rows on screen in the page', async () => {
    expect(run.info.status).toBe('completed');
    await ui.login(`#session=${run.sessionId}`);
    await transcript().getByText('LONG-RUN-END', { exact: true }).waitFor();
    const cards = await ui.page.getByTestId('tool-card').count();
    expect(cards).toBeGreaterThan(0);
    expect(cards).toBeLessThan(60); // of 300: virtualised
    const gap = await transcript().evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    expect(gap).toBeLessThan(2);
    await ui.shot('transcript-long');
  });

  it('reads back to the first prompt, and an opened card stays open when scrolled away and back', async () => {
    await scrollTranscript('top');
    await transcript().getByText('FIRST-PROMPT: look at everything').waitFor();
    const first = ui.page.getByTestId('tool-card').first();
    await first.locator('.tool-target', { hasText: 'a.txt' }).waitFor();
    await first.getByRole('button', { expanded: false }).click();
    await expect.poll(() => first.locator('.tool-details').count()).toBe(1);
    await scrollTranscript('bottom');
    await transcript().getByText('LONG-RUN-END', { exact: true }).waitFor();
    await expect.poll(() => transcript().getByText('FIRST-PROMPT: look at everything').count()).toBe(0);
    await scrollTranscript('top');
    const again = ui.page.getByTestId('tool-card').first();
    await again.locator('.tool-target', { hasText: 'a.txt' }).waitFor();
    expect(await again.getByRole('button', { expanded: true }).count()).toBe(1);
  });
});

describe('the layout', () => {
  it('the sidebar is resized from the keyboard and keeps its width after a reload', async () => {
    const resizer = ui.page.getByRole('separator', { name: 'Resize sidebar' });
    await resizer.focus();
    for (let i = 0; i < 3; i++) await resizer.press('ArrowRight');
    await expect.poll(() => resizer.getAttribute('aria-valuenow')).toBe('288');
    const width = () =>
      ui.page
        .getByRole('navigation', { name: 'Workspaces and sessions' })
        .evaluate((el) => el.getBoundingClientRect().width);
    expect(await width()).toBe(288);
    await resizer.press('Home');
    await expect.poll(() => resizer.getAttribute('aria-valuenow')).toBe('160');
    await resizer.press('ArrowRight');
    await ui.login();
    await expect.poll(width).toBe(176);
    // And with the pointer: dragged to x = 300, then past the widest it may be.
    const box = (await resizer.boundingBox())!;
    await ui.page.mouse.move(box.x + box.width / 2, box.y + 200);
    await ui.page.mouse.down();
    await ui.page.mouse.move(300, box.y + 200, { steps: 5 });
    await ui.page.mouse.up();
    await expect.poll(width).toBe(300);
    await ui.page.mouse.move(box.x + 300 - 176, box.y + 200);
    await ui.page.mouse.down();
    await ui.page.mouse.move(900, box.y + 200, { steps: 5 });
    await ui.page.mouse.up();
    await expect.poll(width).toBe(480);
    await resizer.press('Home');
    await ui.shot('sidebar-resized');
  });

  it('the folder to grant completes as it is typed, from the keyboard', async () => {
    for (const d of ['sub-one', 'sub-two', 'sub-two/deeper']) mkdirSync(join(work, d));
    await ui.page.getByRole('button', { name: 'Settings' }).click();
    await ui.page.getByRole('button', { name: 'Folders' }).click();
    const field = ui.page.getByRole('combobox', { name: 'Folder to grant' });
    await field.fill(`${work}/sub-`);
    const options = ui.page.getByRole('listbox', { name: 'Folders' }).getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual([`${work}/sub-one/`, `${work}/sub-two/`]);
    await field.press('ArrowDown');
    await field.press('ArrowDown');
    await expect.poll(() => field.getAttribute('aria-activedescendant')).toBeTruthy();
    await ui.shot('settings-folders-completion');
    await field.press('Tab');
    await expect.poll(() => field.inputValue()).toBe(`${work}/sub-two/`);
    // The next level follows: Tab again takes the only folder inside.
    await expect.poll(() => options.allTextContents()).toEqual([`${work}/sub-two/deeper/`]);
    await field.press('Tab');
    await expect.poll(() => field.inputValue()).toBe(`${work}/sub-two/deeper/`);
    await field.press('Escape');
    await ui.page.getByRole('button', { name: 'Grant' }).click();
    await ui.page.getByText(`${work}/sub-two/deeper`, { exact: true }).waitFor();
    await ui.page.getByRole('button', { name: 'Chat' }).click();
  });

  it('the command palette finds a session by what was answered in it, not only its title', async () => {
    await ui.page.getByRole('button', { name: 'New session' }).click();
    await transcript().getByText('What should we work on?').waitFor();
    await ui.page.keyboard.press('Control+k');
    await ui.page.getByPlaceholder('Type a command or search…').fill('LONG-RUN-END');
    const found = ui.page.getByRole('option', { name: 'FIRST-PROMPT: look at everything' });
    await found.waitFor();
    expect(await ui.page.getByRole('option').count()).toBe(1);
    await ui.page.keyboard.press('Enter');
    await transcript().getByText('LONG-RUN-END', { exact: true }).waitFor();
  });

  it('no console errors at any point', () => {
    expect(ui.consoleErrors).toEqual([]);
  });
});
