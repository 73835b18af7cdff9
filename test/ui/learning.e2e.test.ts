/**
 * Adaptive learning in the UI (issue 21), end to end in Chromium against a real daemon and the
 * replay model: the person corrects the agent in a continued run; the Memory panel lists what the
 * critic proposes with its evidence; Accept (a hard rule also shows the policy rule that enforces
 * it), Edit then Accept, and Dismiss; a persona made there is picked in the composer and its
 * instructions reach the model. Screenshots: test-results/ui/learning-proposals.png,
 * learning-accepted.png, learning-persona.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/daemon.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { startUi, type UiSession } from '../helpers/ui.js';

const done = { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Done.' } }] } };
const PERSONA = 'You review code like a strict senior engineer.';

let ui: UiSession;
let page: Page;
let c: RpcClient;

async function ended(runId: string): Promise<void> {
  await waitUntil(async () => (await c.result('runs.get', { runId })).status !== 'running', 20_000);
}

beforeAll(async () => {
  ui = await startUi(
    (await import('../helpers/fixture/index.js'))
      .fixture('cowork-ui-learning-')
      .withDaemon()
      .withGrant('rw', { 'lexer.js': 'x\n' })
      .withReplayModel([done, done, { match: PERSONA, ...done }]),
  );
  page = ui.page;
  c = ui.fixture.client;
  const folder = ui.fixture.folder;
  const first = await c.result('runs.start', { prompt: 'Indent lexer.js', folder, model: 'replay/m' });
  await ended(first.id);
  const corrected = await c.result('runs.start', {
    prompt: 'No, use tabs for indentation. Never run rm -rf. Always write dates as YYYY-MM-DD.',
    folder,
    model: 'replay/m',
    continueRun: first.id,
  });
  await ended(corrected.id);
  await waitUntil(
    async () => (await c.result('memory.proposals.list', { status: 'pending' })).proposals.length === 3,
    10_000,
  );
}, 90_000);
afterAll(() => ui?.close());

describe('learning in the Memory panel', () => {
  it('lists proposals with their evidence; Accept, Edit and Dismiss; a hard rule is enforced by a policy rule', async () => {
    await page.getByRole('tab', { name: 'Memory', exact: true }).click();
    const proposals = page.getByRole('region', { name: 'Proposed lessons' });
    await proposals.getByText('Use tabs for indentation', { exact: true }).waitFor();
    await expect.poll(() => proposals.locator('.proposal').count()).toBe(3);
    const tabs = proposals.locator('.proposal', { hasText: 'Use tabs for indentation' });
    await tabs.getByText('You corrected the agent in chat').click();
    await tabs.getByText('No, use tabs for indentation.').waitFor();
    await ui.shot('learning-proposals');

    const rmRf = proposals.locator('.proposal', { hasText: 'Never run rm -rf' });
    await rmRf.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('status').filter({ hasText: 'Enforced, not only remembered' }).waitFor();
    await expect.poll(() => page.locator('.offered-rule pre').textContent()).toContain('"rm"');
    // The panel's word is the daemon's fact: the rule it shows is in the policy the enclave applies.
    const shownId = JSON.parse((await page.locator('.offered-rule pre').textContent()) ?? '{}').id;
    expect(shownId).toMatch(/^lesson-/);
    expect((await c.result('policy.get')).text).toContain(shownId);

    await tabs.getByRole('button', { name: 'Edit' }).click();
    await tabs.getByLabel('Proposed lesson text').fill('Indent with tabs, never spaces');
    await tabs.getByLabel('Scope').selectOption('global');
    await tabs.getByRole('button', { name: 'Accept' }).click();

    const dates = proposals.locator('.proposal', { hasText: 'Always write dates' });
    await dates.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => proposals.locator('.proposal').count()).toBe(0);
    // The rule offered stays until closed, a later soft lesson does not hide it.
    await expect.poll(() => page.locator('.offered-rule').isVisible()).toBe(true);

    const lessons = page.locator('ul.lessons').first();
    await lessons.getByText('Never run rm -rf').waitFor();
    await lessons.getByText('Indent with tabs, never spaces').waitFor();
    const { lessons: stored } = await c.result('memory.lessons.list', {});
    expect(stored.map((l) => [l.text, l.kind, l.workspace === null])).toEqual(
      expect.arrayContaining([
        ['Never run rm -rf', 'hard', false],
        ['Indent with tabs, never spaces', 'soft', true],
      ]),
    );
    expect(stored.map((l) => l.text)).not.toContain('Always write dates as YYYY-MM-DD');
    await ui.shot('learning-accepted');
  });

  it('a persona made in the panel is picked in the composer and reaches the model', async () => {
    await page.getByLabel('Persona name').fill('reviewer');
    await page.getByLabel('Persona instructions').fill(PERSONA);
    const personas = page.getByRole('region', { name: 'Personas' });
    await personas.getByLabel('Never run rm -rf').check();
    await page.getByRole('button', { name: 'Add persona' }).click();
    await personas.getByText('(1 lessons)').waitFor();
    await page.getByLabel('Persona', { exact: true }).selectOption('reviewer');
    await ui.shot('learning-persona');
    await page.getByLabel('Message').fill('Review lexer.js');
    await page.getByLabel('Message').press('Enter');
    const model = ui.fixture.models['replay']!;
    await waitUntil(async () => model.requests.some((r) => JSON.stringify(r.body).includes(PERSONA)), 20_000);
    const asked = JSON.stringify(model.requests.find((r) => JSON.stringify(r.body).includes(PERSONA))?.body);
    expect(asked).toContain('Never run rm -rf');
    const { runs } = await c.result('runs.list', {});
    const run = runs.find((r) => r.prompt === 'Review lexer.js');
    expect(run).toBeDefined();
    await ended(run!.id);
    expect((await c.result('runs.get', { runId: run!.id })).status).toBe('completed');
  });
});
