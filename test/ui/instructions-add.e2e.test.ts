/**
 * A folder without project instructions: the line under the composer offers to start an AGENTS.md,
 * which is created in the folder (through the door, as the person) and opened in the editor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;

beforeAll(async () => {
  ui = await startUi(fixture('cowork-ui-instr-add-').withDaemon().withGrant('rw', { 'notes.txt': 'hi' }));
}, 60_000);
afterAll(async () => {
  await ui?.close();
});

describe('no instructions yet', () => {
  it('says so, and "Add AGENTS.md" creates one and opens it for editing', async () => {
    const line = ui.page.getByTestId('instructions-in-use');
    await line.getByText('No project instructions.').waitFor();
    await line.getByRole('button', { name: 'Add AGENTS.md' }).click();
    const editor = ui.page.getByRole('textbox', { name: 'Contents of AGENTS.md' });
    await editor.waitFor();
    expect(readFileSync(join(ui.fixture.folder, 'AGENTS.md'), 'utf8')).toContain('# AGENTS.md');
    await editor.fill('Use tabs.\n');
    await editor.press('Control+s');
    await ui.page.getByText('Saved AGENTS.md.').waitFor();
    expect(readFileSync(join(ui.fixture.folder, 'AGENTS.md'), 'utf8')).toBe('Use tabs.\n');
    await expect.poll(() => line.textContent()).toBe('Instructions in use: AGENTS.md');
    expect(ui.consoleErrors).toEqual([]);
  });
});
