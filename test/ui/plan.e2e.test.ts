/**
 * The agent's plan in the UI, end to end: Debian's Chromium (playwright-core), a real daemon and the
 * replay model. The model makes a plan, updates it, then finishes; the timeline shows one plan card
 * with the latest states, also after a reload. Screenshots: test-results/ui/plan.png (and
 * plan-dark.png). Any console error fails the test.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/enclave/chromium.js';
import { cleanupDaemon, cowork, startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { RpcClient } from '../helpers/rpc-client.js';
import { replayProvider } from '../replay-llm/provider.js';
import { type ReplayServer, startReplayServer } from '../replay-llm/server.js';

const SHOTS = join(process.cwd(), 'test-results', 'ui');
/** A hostile step: it must show as these characters, never become an element. */
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">Check the <b>markup</b>';
let d: TestDaemon;
let c: RpcClient;
let model: ReplayServer;
let browser: Browser;
let page: Page;
let work: string;
const consoleErrors: string[] = [];

const plan = (statuses: string[], explanation?: string) => ({
  ...(explanation ? { explanation } : {}),
  steps: ['Read the notes', 'Draft the summary', HOSTILE, 'Write summary.md', 'Tell the person'].map(
    (step, i) => ({ step, status: statuses[i] }),
  ),
});

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  work = realpathSync(mkdtempSync(join(tmpdir(), 'cowork-ui-plan-')));
  model = await startReplayServer({
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
  });
  d = await startTestDaemon();
  c = await RpcClient.withToken(d.wsUrl, d.token);
  await c.result('grants.add', { path: work, mode: 'rw' });
  await c.result('providers.add', replayProvider('replay', model.url));
  browser = await chromium.launch({
    executablePath: findChromium()!,
    headless: true,
    chromiumSandbox: process.getuid?.() !== 0,
    env: { HOME: mkdtempSync(join(tmpdir(), 'cowork-ui-chrome-')) },
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const link = (await cowork(['open', '--print-url', '--home', d.home])).stdout.trim();
  await page.goto(link);
  await page.getByTestId('connection').getByText('Connected').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await c?.close();
  await cleanupDaemon(d);
  await model?.close();
  rmSync(work, { recursive: true, force: true });
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
    await page.screenshot({ path: join(SHOTS, 'plan.png') });

    await page.reload();
    await page.getByTestId('connection').getByText('Connected').waitFor();
    await page.getByText('Planned and drafted.').waitFor();
    await expectFinalPlan();

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SHOTS, 'plan-dark.png') });
    expect(model.requests.every((r) => r.failure === undefined)).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
