/**
 * "Instructions in use" under the composer, end to end: Debian's Chromium, a real daemon, a granted
 * folder with an AGENTS.md and a CLAUDE.md whose grant root holds another AGENTS.md. The line names
 * the files the daemon read for a run there, nearest first. Screenshot:
 * test-results/ui/instructions-in-use.png. Any console error fails the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;

beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-instr-')
      .withDaemon()
      .withGrant('rw', { 'AGENTS.md': 'Use tabs.', 'CLAUDE.md': 'Run the tests.', 'notes.txt': 'hi' }),
  );
}, 60_000);
afterAll(async () => {
  await ui?.close();
});

describe('instructions in use', () => {
  it("names the folder's instruction files under the composer, with their paths on hover", async () => {
    const line = ui.page.getByTestId('instructions-in-use');
    await line.waitFor();
    expect(await line.textContent()).toBe('Instructions in use: AGENTS.md, CLAUDE.md');
    const title = await line.getByText('AGENTS.md').getAttribute('title');
    expect(title).toBe(`${ui.fixture.folder}/AGENTS.md — 9 bytes (click to edit)`);
    await ui.shot('instructions-in-use');
    expect(ui.consoleErrors).toEqual([]);
  });
});

describe('editing the instructions', () => {
  it('opens a file from the line in the Files panel editor and saves the person’s text to disk', async () => {
    await ui.page.getByTestId('instructions-in-use').getByRole('button', { name: 'CLAUDE.md' }).click();
    const editor = ui.page.getByRole('textbox', { name: 'Contents of CLAUDE.md' });
    await editor.waitFor();
    expect(await editor.inputValue()).toBe('Run the tests.');
    await editor.fill('Run the tests with npm test.');
    await ui.page.getByRole('button', { name: 'Save' }).click();
    await ui.page.getByText('Saved CLAUDE.md.').waitFor();
    expect(readFileSync(join(ui.fixture.folder, 'CLAUDE.md'), 'utf8')).toBe('Run the tests with npm test.');
    // The line reads them again: the new size is in its title.
    await expect
      .poll(() => ui.page.getByRole('button', { name: 'CLAUDE.md' }).getAttribute('title'))
      .toContain('— 28 bytes');
    await ui.shot('instructions-edited');
    expect(ui.consoleErrors).toEqual([]);
  });
});
