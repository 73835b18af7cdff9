/**
 * The UI end to end: Debian's Chromium (playwright-core) logged in to a real daemon by its one-time
 * bootstrap link, with every console error and page error collected (tests fail on them), and
 * screenshots saved to test-results/ui/ to be looked at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { findChromium } from '../../src/enclave/chromium.js';
import { cleanupDaemon, cowork, startTestDaemon, type TestDaemon } from './daemon.js';

export const SHOTS = join(process.cwd(), 'test-results', 'ui');

export interface UiSession {
  daemon: TestDaemon;
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  /** Opens the UI again by a new bootstrap link (a fresh login), at `hash` if given. */
  login(hash?: string): Promise<void>;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startUi(): Promise<UiSession> {
  mkdirSync(SHOTS, { recursive: true });
  const daemon = await startTestDaemon();
  const chromeHome = mkdtempSync(join(tmpdir(), 'cowork-ui-chrome-'));
  const browser = await chromium.launch({
    executablePath: findChromium()!,
    headless: true,
    chromiumSandbox: process.getuid?.() !== 0,
    env: { HOME: chromeHome },
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const login = async (hash = '') => {
    const link = (await cowork(['open', '--print-url', '--home', daemon.home])).stdout.trim();
    await page.goto(`${link}${hash}`);
    await page.getByTestId('connection').getByText('Connected').waitFor();
  };
  await login();
  return {
    daemon,
    browser,
    page,
    consoleErrors,
    login,
    shot: async (name) => {
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
    close: async () => {
      await browser.close();
      await cleanupDaemon(daemon);
      rmSync(chromeHome, { recursive: true, force: true });
    },
  };
}
