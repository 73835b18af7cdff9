/**
 * The sidebar and the Terminal and Browser panels, end to end in Debian's Chromium against a real
 * daemon and the replay model (issue 17, finding 8). Sessions are titled by their first prompt (on
 * one line, ellipsed, the whole of it on hover), dated, with their status in words and by icon;
 * `cowork run`'s sessions are under their own heading; failed attempts at the same prompt fold into
 * one row; the current session has aria-current. The Terminal panel shows its approval inline (never
 * "No terminal yet" while one is asked), the Browser panel says why an address was refused, both
 * fit their box at 1280 and 1024 wide, and their dropdowns have visible labels.
 * Screenshots: test-results/ui/sidebar.png, panel-terminal-*.png, panel-browser-refused-*.png.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cowork, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { axeViolations, startUi, type UiSession } from '../helpers/ui.js';

const LONG_TITLE =
  'Please   go through every chapter of the handbook\nand write a summary of each one for the new people';
const done = (summary: string) => ({
  reply: { toolCalls: [{ name: 'complete_task', arguments: { summary } }] },
});

let ui: UiSession;
let page: Page;
let c: RpcClient;
let work: string;
let site: Server;

async function ended(runId: string): Promise<void> {
  await waitUntil(async () => (await c.result('runs.get', { runId })).status !== 'running', 20_000);
}

beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-sidebar-')
      .withDaemon()
      .withGrant('rw', { 'notes.md': 'notes\n' })
      .withReplayModel([
        // three failed attempts at "hello" (a client error is not retried)
        { status: 400 },
        { status: 400 },
        { status: 400 },
        { expect: { contains: ['handbook'] }, ...done('Summarised.') },
        { expect: { contains: ['from the command line'] }, ...done('Said hi.') },
        // a run left waiting for the person
        {
          expect: { contains: ['Replace the notes'] },
          reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'notes.md', content: 'x\n' } }] },
        },
      ]),
  );
  page = ui.page;
  ({ client: c, folder: work } = ui.fixture);
  for (let i = 0; i < 3; i++)
    await ended((await c.result('runs.start', { prompt: 'hello', folder: work, model: 'replay/m' })).id);
  await ended((await c.result('runs.start', { prompt: LONG_TITLE, folder: work, model: 'replay/m' })).id);
  const cli = await cowork(
    [
      'run',
      '--home',
      ui.fixture.home,
      '--folder',
      work,
      '--model',
      'replay/m',
      'Say hi from the command line',
    ],
    {},
  );
  expect(cli.code).toBe(0);
  await c.result('runs.start', { prompt: 'Replace the notes', folder: work, model: 'replay/m' });
  await waitUntil(async () => (await c.result('approvals.list', {})).approvals.length === 1, 20_000);
  site = createServer((_req, res) => res.end('<title>Local</title><h1>local page</h1>'));
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
  await ui.login();
});

afterAll(async () => {
  site?.close();
  await ui?.close();
});

/** The sidebar's session rows under a heading: the title, its tooltip, the meta line. */
async function rows(heading: string) {
  const list = page
    .getByRole('navigation', { name: 'Workspaces and sessions' })
    .getByRole('list', { name: heading });
  return list.locator(':scope > li > button:not(.fold-toggle)').evaluateAll((buttons) =>
    buttons.map((b) => ({
      title: b.querySelector('.session-title')?.textContent ?? '',
      tooltip: b.getAttribute('title'),
      meta: b.querySelector('.session-meta')?.textContent ?? '',
      current: b.getAttribute('aria-current'),
    })),
  );
}

describe('the sidebar', () => {
  it('titles, dates and states each session; CLI runs apart; failed attempts folded', async () => {
    await page.getByText('Say hi from the command line').waitFor();
    const app = await rows('Sessions');
    const cli = await rows('From the command line');
    expect(cli.map((r) => r.title)).toEqual(['Say hi from the command line']);
    expect(cli[0]!.meta).toMatch(/^(just now|\d+ min ago) · Done$/);
    expect(app.map((r) => r.title)).toEqual(['Replace the notes', LONG_TITLE.replace(/\s+/g, ' '), 'hello']);
    expect(app[0]!.meta).toMatch(/· Waiting for you$/);
    expect(app[1]!.meta).toMatch(/· Done$/);
    expect(app[2]!.meta).toMatch(/· 3 failed attempts$/);
    // A long title ends in an ellipsis on screen; the whole of it is the tooltip.
    expect(app[1]!.tooltip).toBe(LONG_TITLE.replace(/\s+/g, ' '));
    const cut = await page.locator('.sidebar .session-title', { hasText: 'handbook' }).evaluate((el) => ({
      over: el.scrollWidth > el.clientWidth,
      style: getComputedStyle(el).textOverflow,
    }));
    expect(cut).toEqual({ over: true, style: 'ellipsis' });
    // Status is not colour alone: each row names it in words (above) and by an icon.
    expect(await page.locator('.sidebar .session-status svg').count()).toBe(4);
  });

  it('marks the session shown with aria-current', async () => {
    await page.getByRole('button', { name: /Say hi from the command line/ }).click();
    await expect.poll(async () => (await rows('From the command line'))[0]!.current).toBe('page');
    expect((await rows('Sessions')).map((r) => r.current)).toEqual([null, null, null]);
    await ui.shot('sidebar');
    expect(await axeViolations(page, ['.sidebar'])).toEqual([]);
  });

  it("points at another session's approval by its title, and Show opens it with the card focused", async () => {
    const pointer = page.getByTestId('approval-pointer');
    await expect
      .poll(() => pointer.textContent())
      .toContain('waiting for you in the session “Replace the notes”');
    await pointer.getByRole('button', { name: /Show/ }).click();
    await expect.poll(async () => (await rows('Sessions'))[0]!.current).toBe('page');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('approval-card');
  });
});

/** The panel's content fits its box: nothing wider than the panel, nothing past the window. */
async function fits(): Promise<{ panel: boolean; window: boolean }> {
  return page.evaluate(() => {
    const panel = document.querySelector('.context .panel') as HTMLElement;
    const inside = Array.from(panel.querySelectorAll('*')).every(
      (el) => el.getBoundingClientRect().right <= panel.getBoundingClientRect().right + 1,
    );
    return {
      panel: panel.scrollWidth <= panel.clientWidth && inside,
      window: document.documentElement.scrollWidth <= innerWidth,
    };
  });
}

/** Every dropdown in the context panel has a label a person can see. */
async function dropdownsLabelled(): Promise<boolean> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.context select')).every((s) =>
      Array.from((s as HTMLSelectElement).labels).some((l) => (l.textContent ?? '').trim().length > 0),
    ),
  );
}

describe('the panels', () => {
  it('Terminal: New terminal opens at once (the person’s click is their consent), never "No terminal yet"; it fits', async () => {
    await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
    await page.getByTestId('terminal-empty').waitFor();
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByTestId('terminal').locator('.xterm-screen').waitFor();
    expect(await page.getByText(/No terminal/).count()).toBe(0);
    expect(await page.locator('.terminal-panel').getByTestId('approval-card').count()).toBe(0);
    expect(
      (await c.result('approvals.list', {})).approvals.filter(
        (a) => a.title.includes('terminal') || a.detail.includes('pty.spawn'),
      ),
    ).toEqual([]);
    expect(await axeViolations(page, ['.terminal-panel'])).toEqual([]);
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(300);
      expect(await fits()).toEqual({ panel: true, window: true });
      await ui.shot(`panel-terminal-${width}`);
    }
    expect(await dropdownsLabelled()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('Browser: an address the policy refuses says why (the reason code), not a blank page; it fits', async () => {
    await c.result('policy.set', { text: 'version: 1\nrules: []\n' });
    const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    await page.getByRole('tab', { name: 'Browser', exact: true }).click();
    await page.getByLabel('Open a page').fill(url);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const refused = page.getByTestId('browser-refused');
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.textContent()).toMatch(/blocked.*HOST_NOT_ALLOWED/);
    expect(await axeViolations(page, ['.browser-panel'])).toEqual([]);
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(300);
      expect(await fits()).toEqual({ panel: true, window: true });
      await ui.shot(`panel-browser-refused-${width}`);
    }
    expect(await dropdownsLabelled()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('no console errors at any point', () => {
    expect(ui.consoleErrors).toEqual([]);
  });
});
