/**
 * Settings → Models → Routing end to end, in Debian's Chromium (playwright-core) against a real
 * daemon: add providers, pick a default model, add a rule, see the daemon's refusal of a bad rule
 * next to it, save, reload, and find it all kept. Any console error fails the test.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { homePaths } from '../../src/store/index.js';
import type { TestDaemon } from '../helpers/daemon.js';
import { RpcClient } from '../helpers/rpc-client.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let d: TestDaemon;
let model: ReplayServer;
let page: Page;

/** The whole Models page: Settings scrolls inside the app, so the window is made tall enough. */
const shot = async (name: string) => {
  await page.setViewportSize({ width: 1280, height: 1150 });
  await ui.shot(name);
  await page.setViewportSize({ width: 1280, height: 800 });
};

const openModels = async () => {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Models' }).click();
};
const addProvider = async (name: string) => {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Base URL').fill(`${model.url}/v1`);
  await page.getByLabel('Model', { exact: true }).fill('m');
  await page.getByRole('button', { name: 'Add model' }).click();
  await page.getByText(name, { exact: true }).waitFor();
};

beforeAll(async () => {
  model = await startReplayServer({
    models: ['m'],
    turns: [{ reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Routed here.' } }] } }],
  });
  ui = await startUi();
  ({ daemon: d, page } = ui);
});

afterAll(async () => {
  await ui?.close();
  await model?.close();
});

describe('routing settings', () => {
  it('sets a default model and a rule; a bad rule is refused inline; saved routes survive a reload', async () => {
    const { routesFile } = homePaths(d.home);
    await openModels();
    await addProvider('replay');
    await addProvider('backup');

    await page.getByLabel('Default model').selectOption('replay/m');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule id').fill('agents');
    await page.getByLabel('Priority').fill('5');
    await page.getByLabel('Task type').fill('agent');
    await page.getByLabel('Rule model').fill('nope/m');
    await page.getByLabel('Fallbacks').fill('backup/m');
    await page.getByRole('button', { name: 'Save routing' }).click();

    // The daemon's refusal, next to the rule it names; nothing was written.
    const error = page.getByTestId('routes-error');
    await expect
      .poll(() => error.textContent())
      .toBe('Rule 1 ("agents"), model: no provider named "nope" (in "nope/m").');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await page.getByLabel('Rule model').getAttribute('aria-invalid')).toBe('true');
    expect(existsSync(routesFile)).toBe(false);
    await shot('settings-routing-error');

    await page.getByLabel('Rule model').fill('replay/m');
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.getByTestId('routes-saved').waitFor();
    expect(await error.count()).toBe(0);
    expect(JSON.parse(readFileSync(routesFile, 'utf8'))).toEqual({
      defaultModel: 'replay/m',
      rules: [
        {
          id: 'agents',
          priority: 5,
          match: { taskType: 'agent' },
          modelId: 'replay/m',
          fallbacks: ['backup/m'],
        },
      ],
    });

    await page.reload();
    await page.getByTestId('connection').getByText('Connected').waitFor();
    await openModels();
    await expect.poll(() => page.getByLabel('Default model').inputValue()).toBe('replay/m');
    const rules = page.getByTestId('route-rules');
    await expect
      .poll(() => rules.locator('li').allInnerTexts())
      .toEqual([
        expect.stringMatching(
          /^agents\s+priority 5 · task agent → replay\/m, then backup\/m\s+Edit\s+Remove$/,
        ),
      ]);
    await shot('settings-routing');
    await page.getByRole('button', { name: 'Edit rule agents' }).click();
    expect(await page.getByLabel('Priority').inputValue()).toBe('5');
    expect(ui.consoleErrors).toEqual([]);
  });

  it('a message sent with the model on "auto" names none: the routes choose, as the daemon reports', async () => {
    const work = tempDir('cowork-ui-routes-');
    const c = await RpcClient.withToken(d.wsUrl, d.token);
    try {
      await c.result('grants.add', { path: work, mode: 'rw' });
      await ui.login();
      await page.getByRole('button', { name: 'Chat' }).click();
      await page.getByLabel('Folder').selectOption(work);
      expect(await page.getByLabel('Model').inputValue()).toBe('auto');
      await page.getByLabel('Message').fill('Which model am I?');
      await page.getByLabel('Message').press('Enter');
      await page.getByText('Routed here.').waitFor();
      const { runs } = await c.result('runs.list', {});
      // The rule "agents" (task agent) chose it; without routes the first provider (backup) would have.
      expect(runs.map((r) => r.model)).toEqual(['replay/m']);
      expect(ui.consoleErrors).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('a change saved elsewhere shows in the open page; a provider the routes use is not removed', async () => {
    await openModels();
    await expect.poll(() => page.getByLabel('Default model').inputValue()).toBe('replay/m');
    const c = await RpcClient.withToken(d.wsUrl, d.token);
    try {
      const current = await c.result('routes.get', {});
      await c.result('routes.set', { defaultModel: 'backup/m', rules: current.rules });
    } finally {
      await c.close();
    }
    await expect.poll(() => page.getByLabel('Default model').inputValue()).toBe('backup/m');
    await page
      .getByRole('listitem')
      .filter({ hasText: /^backup/ })
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.getByText(/backup is still used by the default model/).waitFor();
    expect(await page.getByText('backup', { exact: true }).count()).toBe(1);
    expect(ui.consoleErrors).toEqual([]);
  });
});
