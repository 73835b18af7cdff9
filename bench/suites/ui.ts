// UI benchmarks (issue 5): from the bootstrap link to first contentful paint and to interactive
// (connected), main bundle size (gzip), typing latency in the composer (next to a bare textarea),
// and rendering a 5,000-event timeline (a real run of 2,500 tool calls, backfilled on page load).
// Issue 17: from the daemon's start to the first-run setup interactive, next to a set-up home's chat.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { findChromium } from '../../src/enclave/chromium.js';
import { cowork, startTestDaemon } from '../../test/helpers/daemon.js';
import { fixture } from '../../test/helpers/fixture/index.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { median, round } from '../lib/stats.js';

const suite = 'ui';
const CALLS = 2500;
const DIST = fileURLToPath(new URL('../../web/dist/assets/', import.meta.url));

function bundleSize(): Measurement {
  const main = readdirSync(DIST).find((f) => /^index-.*\.js$/.test(f))!;
  const gz = gzipSync(readFileSync(join(DIST, main))).length;
  return {
    suite,
    name: 'main bundle (gzip)',
    value: round(gz / 1024, 1),
    unit: 'KB',
    budget: { op: '<', value: 250 },
  };
}

/** Keydown → the frame after the input was handled, for each of `n` keys typed into `selector`. */
async function typingLatency(page: Page, selector: string, n: number): Promise<number[]> {
  await page.evaluate((sel) => {
    const w = window as unknown as { samples: number[]; t0: number };
    w.samples = [];
    const el = document.querySelector(sel)!;
    el.addEventListener('keydown', () => {
      w.t0 = performance.now();
    });
    el.addEventListener('input', () => {
      requestAnimationFrame(() => setTimeout(() => w.samples.push(performance.now() - w.t0), 0));
    });
  }, selector);
  await page.focus(selector);
  for (let i = 0; i < n; i++) await page.keyboard.type('x', { delay: 15 });
  await page.waitForTimeout(100);
  return page.evaluate(() => (window as unknown as { samples: number[] }).samples);
}

/**
 * `cowork start` (what `npm start` runs once built) in `home`, the login link, and Chromium (a fresh
 * profile: nothing remembered) until `shown` is on screen; then the daemon stops. In ms.
 */
async function startToScreen(browser: Browser, home: string, shown: (page: Page) => Promise<void>) {
  const t0 = performance.now();
  const daemon = await startTestDaemon(home);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto((await cowork(['open', '--print-url', '--home', home])).stdout.trim());
    await shown(page);
    return performance.now() - t0;
  } finally {
    await context.close();
    await daemon.stop();
  }
}

/**
 * A newcomer's first screen: a fresh home → the setup's heading shown and its model step able to
 * take a key. Baseline, in the same run: a set-up home (a folder, a model) → the chat's composer.
 */
async function startToOnboarding(browser: Browser, runs = 5): Promise<Measurement> {
  const setUp = await fixture('cowork-bench-returning-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([])
    .start();
  await setUp.client.close();
  await setUp.daemon.stop();
  const onboarding: number[] = [];
  const chat: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      onboarding.push(
        await startToScreen(browser, tempDir('cowork-bench-first-run-'), async (page) => {
          await page.getByRole('heading', { name: 'Set up Cowork' }).waitFor();
          await page.getByLabel('API key').waitFor();
        }),
      );
      chat.push(await startToScreen(browser, setUp.home, (page) => page.getByLabel('Message').waitFor()));
    }
  } finally {
    await setUp.cleanup();
  }
  return {
    suite,
    name: `daemon start → first-run setup interactive (fresh home, median of ${runs})`,
    value: round(median(onboarding), 0),
    unit: 'ms',
    baseline: { name: 'a set-up home → the chat', value: round(median(chat), 0) },
  };
}

export async function runUi(): Promise<Measurement[]> {
  const turns = [
    {
      reply: {
        toolCalls: Array.from({ length: CALLS }, (_, i) => ({
          id: `c${i}`,
          name: 'fs_stat',
          arguments: { path: '.' },
        })),
      },
    },
    { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'stat-ed' } }] } },
  ];
  const f = await fixture('cowork-bench-ui-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel(turns, { provider: { timeouts: { connectMs: 5000, requestMs: 120_000 } } })
    .start();
  const { client, folder: work } = f;
  const browser = await chromium.launch({
    executablePath: findChromium()!,
    headless: true,
    chromiumSandbox: process.getuid?.() !== 0,
    env: { HOME: tempDir('cowork-bench-chrome-') },
  });
  try {
    const run = await client.result('runs.start', {
      prompt: 'stat a lot',
      folder: work,
      model: 'replay/m',
    });
    for (;;) {
      const info = await client.result('runs.get', { runId: run.id });
      if (info.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await client.close();

    const link = async () => (await cowork(['open', '--print-url', '--home', f.home])).stdout.trim();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // First load: paint and interactive (connected), with an empty session.
    await page.goto(await link());
    await page.getByText('Connected').waitFor();
    const load = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      now: performance.now(),
    }));
    // The composer appears once the first screen knows the model and folder are set up.
    await page.getByLabel('Message').waitFor();
    const typing = await typingLatency(page, 'textarea[aria-label="Message"]', 60);
    // The 5,000-event session, loaded fresh: backfill from the event log, then render. The page
    // notes (in page time, no polling) when it connected and when the run's end was on screen.
    await page.addInitScript(() => {
      const marks: Record<string, number> = {};
      (window as unknown as { marks: typeof marks }).marks = marks;
      new MutationObserver(() => {
        if (
          !marks['connected'] &&
          document.querySelector('[data-testid="connection"]')?.textContent === 'Connected'
        )
          marks['connected'] = performance.now();
        if (
          !marks['end'] &&
          Array.from(document.querySelectorAll('.note')).some((n) => n.textContent === 'stat-ed')
        )
          marks['end'] = performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(`${await link()}#session=${run.sessionId}`);
    // Events apply in order, so the closing note on screen means all 5,000 are in. The transcript is
    // virtualised: only the cards on screen are in the page (counted, to show it).
    await page.getByTestId('transcript').getByText('stat-ed', { exact: true }).waitFor({ timeout: 120_000 });
    const marks = await page.evaluate(() => (window as unknown as { marks: Record<string, number> }).marks);
    const timeline = marks['end']!;
    const backfill = marks['end']! - marks['connected']!;
    const cardsInPage = await page.locator('[data-testid="tool-card"]').count();
    const bare = await browser.newPage();
    await bare.setContent('<textarea id="t"></textarea>');
    const bareTyping = await typingLatency(bare, '#t', 60);
    const firstRun = await startToOnboarding(browser);
    return [
      firstRun,
      { suite, name: 'bootstrap link → first contentful paint', value: round(load.fcp, 0), unit: 'ms' },
      { suite, name: 'bootstrap link → interactive (connected)', value: round(load.now, 0), unit: 'ms' },
      bundleSize(),
      ...latencyPair(
        suite,
        'typing in the composer, key → next frame',
        'ms',
        typing,
        { name: 'a bare textarea', samples: bareTyping },
        1,
        undefined,
        [50, 95],
      ),
      {
        suite,
        name: `render a ${CALLS * 2}-event timeline (load → its end shown)`,
        value: round(timeline, 0),
        unit: 'ms',
      },
      {
        suite,
        name: `${CALLS * 2}-event timeline: connected → its end shown (backfill + render)`,
        value: round(backfill, 0),
        unit: 'ms',
      },
      {
        suite,
        name: `tool cards in the page for ${CALLS} calls (virtualised)`,
        value: cardsInPage,
        unit: 'cards',
      },
    ];
  } finally {
    await browser.close();
    await f.cleanup();
  }
}
