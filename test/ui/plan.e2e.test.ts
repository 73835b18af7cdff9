/**
 * The agent's plan in the UI, end to end: Debian's Chromium (playwright-core), a real daemon and the
 * replay model. The model makes a plan, updates it, then finishes; the timeline shows one plan card
 * with the latest states, also after a reload. Screenshots: test-results/ui/plan.png (and
 * plan-dark.png). Any console error fails the test.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/gym/scripted-model/server.js';
import { fixture } from '../helpers/fixture/index.js';
import { startUi, type UiSession } from '../helpers/ui.js';

/** A hostile step: it must show as these characters, never become an element. */
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">Check the <b>markup</b>';
let ui: UiSession;
let page: Page;
let model: ReplayServer;
let work: string;

const plan = (statuses: string[], explanation?: string) => ({
  ...(explanation ? { explanation } : {}),
  steps: ['Read the notes', 'Draft the summary', HOSTILE, 'Write summary.md', 'Tell the person'].map(
    (step, i) => ({ step, status: statuses[i] }),
  ),
});

beforeAll(async () => {
  const script = {
    models: ['m'],
    turns: [
      {
        expect: { contains: ['Summarise my notes', 'update_plan'] },
        reply: {
          text: 'Here is my plan.',
          toolCalls: [
            {
              name: 'update_plan',
              arguments: plan(['in_progress', 'pending', 'pending', 'pending', 'pending']),
            },
          ],
        },
      },
      {
        reply: {
          toolCalls: [
            {
              name: 'update_plan',
              arguments: plan(
                ['completed', 'completed', 'in_progress', 'pending', 'pending'],
                'The notes were short, so the draft went quickly.',
              ),
            },
          ],
        },
      },
      {
        reply: {
          text: 'Stopping here for the demo.',
          toolCalls: [{ name: 'complete_task', arguments: { summary: 'Planned and drafted.' } }],
        },
      },
    ],
  };
  // The folder and the model are in place before the page logs in, so it sees them.
  ui = await startUi(fixture('cowork-ui-plan-').withDaemon().withGrant('rw').withReplayModel(script));
  page = ui.page;
  ({ folder: work, model } = ui.fixture);
});

afterAll(async () => {
  await ui?.close();
});

/** The plan card's steps as the person reads them: text, then status. */
async function planSteps(): Promise<{ text: string; status: string | null }[]> {
  const items = page.getByTestId('plan-card').getByRole('list', { name: 'Plan steps' }).getByRole('listitem');
  return Promise.all(
    (await items.all()).map(async (li) => ({
      text: (await li.locator('.plan-text').textContent()) ?? '',
      status: await li.getAttribute('data-status'),
    })),
  );
}

async function expectFinalPlan(): Promise<void> {
  // One card, whatever the number of updates, with the latest states.
  expect(await page.getByTestId('plan-card').count()).toBe(1);
  expect(await page.getByTestId('plan-count').textContent()).toBe('2 of 5 done');
  expect(await planSteps()).toEqual([
    { text: 'Read the notes', status: 'completed' },
    { text: 'Draft the summary', status: 'completed' },
    { text: HOSTILE, status: 'in_progress' },
    { text: 'Write summary.md', status: 'pending' },
    { text: 'Tell the person', status: 'pending' },
  ]);
  await page.getByText('The notes were short, so the draft went quickly.').waitFor();
  // The status is there in words for screen readers, and the card is named by its progress.
  await page.getByRole('region', { name: 'Plan, 2 of 5 done' }).waitFor();
  expect(await page.getByTestId('plan-card').getByRole('listitem').first().textContent()).toMatch(/, done$/);
  // The hostile step stayed text; plan updates are not tool cards.
  expect(await page.getByTestId('plan-card').locator('img, b').count()).toBe(0);
  expect(await page.title()).not.toBe('pwned');
  expect(await page.getByTestId('tool-card').count()).toBe(0);
}

describe('the plan card', () => {
  it('shows the latest plan once, updated in place, and again after a reload', async () => {
    await page.getByLabel('Folder').selectOption(work);
    await page.getByLabel('Message').fill('Summarise my notes');
    await page.getByLabel('Message').press('Enter');
    await page.getByText('Planned and drafted.').waitFor({ timeout: 20_000 });
    await expectFinalPlan();
    await page.getByTestId('plan-card').scrollIntoViewIfNeeded();
    await ui.shot('plan');

    await page.reload();
    await page.getByTestId('connection').getByText('Connected').waitFor();
    await page.getByText('Planned and drafted.').waitFor();
    await expectFinalPlan();

    await page.emulateMedia({ colorScheme: 'dark' });
    await ui.shot('plan-dark');
    expect(model.requests.every((r) => r.failure === undefined)).toBe(true);
    expect(ui.consoleErrors).toEqual([]);
  });
});
