import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { freePort } from '../helpers/ports.js';
import { startUi, type UiSession } from '../helpers/ui.js';

describe('reopening', () => {
  let ui: UiSession;
  beforeAll(async () => {
    ui = await startUi(
      fixture('cowork-ui-reopen-')
        .withDaemon()
        .withGrant('rw', { 'notes.md': 'Hello wrold.\n' }, 'first')
        .withGrant('rw', {}, 'second')
        .withReplayModel([
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
          { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Fixed.' } }] } },
        ]),
    );
  });
  afterAll(() => ui?.close());

  it('keeps the folder chosen last across a fresh login', async () => {
    const { page } = ui;
    const second = ui.fixture.folders['second']!;
    await page.getByLabel('Folder', { exact: true }).selectOption(second);
    await ui.login();
    await expect.poll(() => page.getByLabel('Folder', { exact: true }).inputValue()).toBe(second);
  });

  it('opens on the run that waits for an approval', async () => {
    const { page } = ui;
    const c = ui.fixture.client;
    const first = ui.fixture.folders['first']!;
    const run = await c.result('runs.start', { prompt: 'Fix the typo', folder: first, model: 'replay/m' });
    await expect.poll(async () => (await c.result('approvals.list', {})).approvals.length).toBe(1);
    await ui.login();
    const transcript = page.getByTestId('transcript');
    await transcript.getByTestId('approval-card').waitFor();
    await transcript.getByText('Fix the typo').waitFor();
    expect(await transcript.getByText('What should we work on?').count()).toBe(0);
    expect(page.url()).toContain(`session=${encodeURIComponent(run.sessionId)}`);
    expect(await page.getByLabel('Folder', { exact: true }).inputValue()).toBe(first);
    await ui.shot('reopen-waiting-approval');
    expect(ui.consoleErrors).toEqual([]);
  });
});

describe('a provider that fails', () => {
  let ui: UiSession;
  let url: string;
  beforeAll(async () => {
    ui = await startUi(fixture('cowork-ui-provider-fail-').withDaemon().withGrant('rw').withReplayModel([]));
    url = `http://127.0.0.1:${await freePort()}/v1`;
    await ui.fixture.client.result('providers.add', {
      id: 'dead',
      kind: 'openai-compatible',
      baseUrl: url,
      models: [{ id: 'm' }],
      defaultModel: 'm',
      retries: { max: 0, baseDelayMs: 1 },
    });
    await ui.login();
  });
  afterAll(() => ui?.close());

  it('names the provider in the transcript, with a hint and a button to its settings', async () => {
    const { page } = ui;
    await page.getByLabel('Model', { exact: true }).selectOption('dead/m');
    await page.getByLabel('Message').fill('hello');
    await page.getByLabel('Message').press('Enter');
    const failure = page.getByTestId('transcript').getByTestId('provider-failure');
    await failure.waitFor({ timeout: 20_000 });
    // Who failed and why in the run's note; what to try under it.
    await page.getByTestId('transcript').getByText(`dead (model m) failed: Cannot connect to API`).waitFor();
    expect(await failure.textContent()).toContain(`Is the server running at ${url}?`);
    // The picker does not keep the model that just failed: auto, and a notice says why.
    await page.getByRole('status').getByText('dead/m failed last time').waitFor();
    await expect.poll(() => page.getByLabel('Model', { exact: true }).inputValue()).toBe('auto');
    await ui.shot('provider-failure');

    await failure.getByRole('button', { name: 'Open model settings' }).click();
    const row = page.getByTestId('focused-provider');
    await row.waitFor();
    expect(await row.textContent()).toContain('dead');
    expect(await row.evaluate((el) => el === document.activeElement)).toBe(true);
    await ui.shot('provider-failure-settings');
    expect(ui.consoleErrors).toEqual([]);
  });

  it('a remembered model that is no longer set up gives way to auto, with a notice', async () => {
    const { page } = ui;
    await page.evaluate(() =>
      localStorage.setItem('cowork.model', JSON.stringify({ model: 'gone/x', at: 0 })),
    );
    await page.reload();
    await page.getByRole('status').getByText('gone/x is no longer set up').waitFor();
    await page.getByRole('button', { name: 'Chat' }).click();
    await expect.poll(() => page.getByLabel('Model', { exact: true }).inputValue()).toBe('auto');
    expect(await page.evaluate(() => localStorage.getItem('cowork.model'))).toContain('"model":"auto"');
  });
});
