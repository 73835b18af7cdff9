/**
 * The UI end to end: Debian's Chromium (playwright-core) logged in to a real daemon by its one-time
 * bootstrap link, with every console error and page error collected (tests fail on them), and
 * screenshots saved to test-results/ui/ to be looked at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { findChromium } from '../../src/enclave/chromium.js';
import { cowork, type TestDaemon } from './daemon.js';
import { type DaemonFixture, type DaemonFixtureBuilder, fixture } from './fixture/index.js';
import { tempDir } from './temp-dir.js';

export const SHOTS = join(process.cwd(), 'test-results', 'ui');

export interface UiSession {
  /** The daemon, its client, grants and models, as `startUi` was given them. */
  fixture: DaemonFixture;
  daemon: TestDaemon;
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  /** Opens the UI again by a new bootstrap link (a fresh login), at `hash` if given. */
  login(hash?: string): Promise<void>;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Chromium logged in to the daemon `daemon` starts (with its grants and models in place first).
 * The first-run setup is marked done, as for a returning person, unless `firstRun` asks for it.
 */
export async function startUi(
  daemon: DaemonFixtureBuilder = fixture('cowork-ui-').withDaemon(),
  { firstRun = false }: { firstRun?: boolean } = {},
): Promise<UiSession> {
  mkdirSync(SHOTS, { recursive: true });
  const f = await daemon.start();
  const chromeHome = tempDir('cowork-ui-chrome-');
  const browser = await chromium.launch({
    executablePath: findChromium()!,
    headless: true,
    chromiumSandbox: process.getuid?.() !== 0,
    env: { HOME: chromeHome },
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  if (!firstRun) await page.addInitScript(() => localStorage.setItem('cowork.onboarded', 'by the test'));
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const login = async (hash = '') => {
    const link = (await cowork(['open', '--print-url', '--home', f.home])).stdout.trim();
    await page.goto(`${link}${hash}`);
    await page.getByTestId('connection').getByText('Connected').waitFor();
  };
  await login();
  return {
    fixture: f,
    daemon: f.daemon,
    browser,
    page,
    consoleErrors,
    login,
    shot: async (name) => {
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
    close: async () => {
      await browser.close();
      await f.cleanup();
    },
  };
}
