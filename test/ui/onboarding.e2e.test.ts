/**
 * First run in Debian's Chromium against a real daemon with nothing set up: the setup screen finds
 * model servers (`providers.detect`), refuses a cloud key in the provider's own words (a real call)
 * and keeps nothing of it, adds a found server in one click, grants the first folder with the
 * completing field, and a sample task lands in the composer. Skipping is remembered, and the chat
 * then says what is missing with the button that fixes it. Screenshots: test-results/ui/onboarding-*.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { fixture } from '../helpers/fixture/index.js';
import { axeViolations, startUi, type UiSession } from '../helpers/ui.js';

const SETUP = '[data-testid="onboarding"]';

/** A cloud provider that refuses every key, as OpenAI does (401 and its own words). */
async function refusingCloud(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          message: 'Incorrect API key provided: sk-wrong. REFUSED-BY-PROVIDER',
          type: 'invalid_request_error',
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

describe('first run', () => {
  let ui: UiSession;
  let model: ReplayServer;
  let cloud: { url: string; server: Server };

  beforeAll(async () => {
    model = await startReplayServer({ models: ['embed', 'm'], turns: [] });
    cloud = await refusingCloud();
    ui = await startUi(
      fixture('cowork-ui-onboard-').withDaemon().withFolder('site', { 'index.html': 'hi' }),
      {
        firstRun: true,
      },
    );
  });
  afterAll(async () => {
    await ui?.close();
    await model?.close();
    cloud?.server.close();
  });

  it('sets up a model, a folder and a first task in three steps', async () => {
    const { page } = ui;
    const c = ui.fixture.client;
    const setup = page.getByTestId('onboarding');
    await setup.getByRole('heading', { name: 'Set up Cowork', level: 1 }).waitFor();
    expect(await setup.locator('[aria-current="step"]').textContent()).toContain('Model');
    // The usual ports were looked at once the step opened (what is found depends on this machine).
    await expect
      .poll(async () => (await setup.getByText('Looking for Ollama').count()) === 0, { timeout: 10_000 })
      .toBe(true);
    await ui.shot('onboarding-model');
    expect(await axeViolations(page, SETUP)).toEqual([]);

    // A cloud key the provider refuses: its own words under the form, and nothing kept.
    await setup.getByLabel('Provider').selectOption('openai-compatible');
    await setup.getByLabel('Base URL').fill(cloud.url);
    await setup.getByLabel('API key').fill('sk-wrong');
    await setup.getByLabel('Model', { exact: true }).fill('m');
    await setup.getByRole('button', { name: 'Check key and add' }).click();
    await setup.getByText('REFUSED-BY-PROVIDER').waitFor({ timeout: 20_000 });
    await ui.shot('onboarding-cloud-refused');
    expect((await c.result('providers.list', {})).providers).toEqual([]);

    // A server found at another address, added in one click.
    await setup.getByLabel('Server address').fill(`${model.url}/v1`);
    await setup.getByRole('button', { name: 'Look again' }).click();
    await setup.getByLabel('Model on local').selectOption('m');
    await ui.shot('onboarding-found');
    await setup.getByRole('button', { name: 'Use local' }).click();
    await expect.poll(() => setup.locator('[aria-current="step"]').textContent()).toContain('Folder');
    const [added] = (await c.result('providers.list', {})).providers;
    expect(added).toMatchObject({ id: 'local', baseUrl: `${model.url}/v1`, defaultModel: 'm' });

    // The first folder, completed as it is typed (focus moved to it with the step).
    const site = ui.fixture.folders['site']!;
    mkdirSync(join(site, 'pages'));
    const field = setup.getByLabel('Folder to grant');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill(`${site.slice(0, -2)}`);
    await setup.getByRole('option', { name: `${site}/` }).waitFor();
    await field.press('Tab');
    await expect.poll(() => field.inputValue()).toBe(`${site}/`);
    await ui.shot('onboarding-folder');
    await field.press('Escape');
    await setup.getByRole('button', { name: 'Grant access' }).click();
    await expect.poll(() => setup.locator('[aria-current="step"]').textContent()).toContain('First task');
    expect((await c.result('grants.list', {})).grants).toMatchObject([{ path: site, mode: 'rw' }]);
    await ui.shot('onboarding-task');
    expect(await axeViolations(page, SETUP)).toEqual([]);

    // A sample task: in the composer, focused, ready to send in the new folder.
    await setup.getByRole('button', { name: /Explain this folder/ }).click();
    await setup.waitFor({ state: 'detached' });
    const message = page.getByLabel('Message');
    await expect.poll(() => message.inputValue()).toContain('tell me what it is for');
    expect(await message.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByLabel('Folder').inputValue()).toBe(site);
    await ui.shot('onboarding-done-chat');
    expect(ui.consoleErrors).toEqual([]);
  });
});

describe('skipping the setup', () => {
  let ui: UiSession;
  beforeAll(async () => {
    ui = await startUi(fixture('cowork-ui-onboard-skip-').withDaemon(), { firstRun: true });
  });
  afterAll(() => ui?.close());

  it('is remembered, and the chat says what is missing with the button that fixes it', async () => {
    const { page } = ui;
    await page.getByTestId('onboarding').getByRole('button', { name: 'Skip setup' }).click();
    await ui.login();
    const needed = page.getByTestId('chat-setup-needed');
    await needed.getByRole('heading', { name: 'Add a model to start' }).waitFor();
    expect(await page.getByTestId('onboarding').count()).toBe(0);
    expect(await page.getByText('Grant a folder first').count()).toBe(0);
    // The composer says so before Send, and Send waits for it; no empty folder list.
    expect(await page.getByTestId('composer-missing').textContent()).toContain('No model yet');
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Folder', { exact: true }).count()).toBe(0);
    await ui.shot('chat-setup-needed');
    expect(await axeViolations(page, 'main.chat')).toEqual([]);

    // The button opens the Models page: nothing pre-filled, the finder first, routing explained.
    await needed.getByRole('button', { name: 'Add a model' }).click();
    await page.getByTestId('no-providers').waitFor();
    expect(await page.getByLabel('Base URL').inputValue()).toBe('');
    expect(await page.getByLabel('Base URL').getAttribute('placeholder')).toBe('http://127.0.0.1:11434/v1');
    await page.getByRole('button', { name: 'Find local model servers' }).waitFor();
    await page.getByTestId('routing-later').waitFor();
    expect(await page.getByLabel('Default model').count()).toBe(0);
    await ui.shot('settings-models-empty');

    // The Files panel without a folder says what to do, and its button opens Folders.
    await page.getByRole('tab', { name: 'Files', exact: true }).click();
    const files = page.getByTestId('files-empty');
    await files.getByRole('button', { name: 'Grant a folder' }).click();
    await page.getByLabel('Folder to grant').waitFor();
    expect(await axeViolations(page, '.panel')).toEqual([]);
    expect(ui.consoleErrors).toEqual([]);
  });
});

describe('a model but no folder', () => {
  let ui: UiSession;
  beforeAll(async () => {
    ui = await startUi(fixture('cowork-ui-no-folder-').withDaemon().withReplayModel([]));
  });
  afterAll(() => ui?.close());

  it('the composer asks for a folder before Send, and its button opens Folders', async () => {
    const { page } = ui;
    const missing = page.getByTestId('composer-missing');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('No folder yet');
    expect(await page.getByLabel('Folder', { exact: true }).count()).toBe(0);
    await page.getByLabel('Message').fill('hello');
    await page.getByLabel('Message').press('Enter');
    expect(await page.getByLabel('Message').inputValue()).toBe('hello'); // kept, not sent
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await missing.getByRole('button', { name: 'Grant a folder' }).click();
    await page.getByLabel('Folder to grant').waitFor();
    expect(ui.consoleErrors).toEqual([]);
  });
});
