/**
 * The UI end to end: Debian's Chromium (playwright-core) logged in to a real daemon by its one-time
 * bootstrap link, with every console error and page error collected (tests fail on them), and
 * screenshots saved to test-results/ui/ to be looked at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Axe from 'axe-core';
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

/**
 * What has focus, as a person hears it: its tag and accessible name ("BODY", "TEXTAREA Message",
 * "INPUT Folder to grant", "A Skip to …"): the aria-label, else the field's label, else its text.
 */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'BODY';
    const name =
      el.getAttribute('aria-label') ??
      (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ??
      el.textContent?.trim().slice(0, 60) ??
      '';
    return `${el.tagName}${name ? ` ${name}` : ''}`;
  });
}

/** One WCAG failure as axe reported it, with the selectors of the elements that fail it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** The WCAG 2.0–2.2 A and AA rules: what the UI promises. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let axeSource: string | undefined;

/**
 * axe-core's WCAG 2.2 AA checks on the page as it is now, or on the parts `include` selects (a
 * test about one screen does not fail on another's findings; none of them on the page is itself a
 * failure). axe is evaluated through the debugging protocol, not as a <script>: the app's CSP
 * forbids inline scripts, and the check must not need the page's rules relaxed.
 */
export async function axeViolations(page: Page, include?: string | string[]): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const selectors = include === undefined ? undefined : [include].flat();
  return page.evaluate(
    async ({ tags, selectors }) => {
      const axe = (window as unknown as { axe: typeof Axe }).axe;
      const present = selectors?.filter((s) => document.querySelector(s));
      if (present?.length === 0)
        return [
          { id: 'nothing-to-check', impact: null, help: `none of ${selectors} is on the page`, nodes: [] },
        ];
      const result = await axe.run(present ? { include: present.map((s) => [s]) } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
      }));
    },
    { tags: AXE_TAGS, selectors },
  );
}

/** The violations as a message a person can act on: rule, help, then each failing element and why. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target}\n    ${n.summary.replace(/\n/g, '\n    ')}`).join('\n')}`,
    )
    .join('\n');
}
