/**
 * "Instructions in use" under the composer, end to end: Debian's Chromium, a real daemon, a granted
 * folder with an AGENTS.md and a CLAUDE.md whose grant root holds another AGENTS.md. The line names
 * the files the daemon read for a run there, nearest first. Screenshot:
 * test-results/ui/instructions-in-use.png. Any console error fails the test.
 */
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
    expect(title).toBe(`${ui.fixture.folder}/AGENTS.md — 9 bytes`);
    await ui.shot('instructions-in-use');
    expect(ui.consoleErrors).toEqual([]);
  });
});
