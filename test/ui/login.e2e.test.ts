/**
 * Logged out is not broken, in Debian's Chromium against a real daemon: the plain address without
 * a session, a login link used twice, and an open page whose session is revoked while the daemon
 * restarts all end on the styled login page that names `cowork open`; a daemon that is merely down
 * keeps "Reconnecting…". The page carries no token, no code and no script.
 */
import Database from 'better-sqlite3';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/enclave/chromium.js';
import { homePaths } from '../../src/store/index.js';
import { cowork } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { SHOTS, startUi, type UiSession } from '../helpers/ui.js';

let f: DaemonFixture;
let browser: Browser;

const loginLink = async (home: string) =>
  (await cowork(['open', '--print-url', '--home', home])).stdout.trim();

/** A browser with no cookie at all. */
const freshPage = async () =>
  (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();

beforeAll(async () => {
  f = await fixture('cowork-login-').withDaemon().start();
  browser = await chromium.launch({
    executablePath: findChromium()!,
    headless: true,
    chromiumSandbox: process.getuid?.() !== 0,
    env: { HOME: tempDir('cowork-login-chrome-') },
  });
});
afterAll(async () => {
  await browser?.close();
  await f?.cleanup();
});

describe('a browser without a session', () => {
  it('sees the login page, with the command that logs in, at the plain address and any app route', async () => {
    const page = await freshPage();
    const res = await page.goto(`${f.daemon.url}/`);
    expect(res?.status()).toBe(401);
    const login = page.getByTestId('login-page');
    await expect(login.getAttribute('data-reason')).resolves.toBe('signed-out');
    await page.getByRole('heading', { name: 'You are not logged in to Cowork' }).waitFor();
    expect(await login.locator('code').textContent()).toBe('cowork open');
    // Styled in the app's palette, with no app bundle loaded.
    const card = await login.evaluate((el) => getComputedStyle(el).borderRadius);
    expect(card).toBe('12px');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.getByTestId('connection').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/login-signed-out.png` });

    const html = await res!.text();
    expect(html).not.toContain(f.daemon.token);
    expect(res!.headers()['content-security-policy']).toContain("default-src 'none'");
    // A client-side route is the app shell too: also the login page.
    expect((await page.goto(`${f.daemon.url}/settings`))?.status()).toBe(401);
    await page.getByTestId('login-page').waitFor();
    await page.context().close();
  });

  it('sees the same page for a login link already used, and the link stays single-use', async () => {
    const link = await loginLink(f.home);
    const first = await freshPage();
    await first.goto(link);
    await first.getByTestId('connection').getByText('Connected').waitFor();
    await first.context().close();

    const again = await freshPage();
    const res = await again.goto(link);
    expect(res?.status()).toBe(401);
    await expect(again.getByTestId('login-page').getAttribute('data-reason')).resolves.toBe('link-used');
    await again.getByRole('heading', { name: /already been used or has expired/ }).waitFor();
    expect(await again.getByTestId('login-page').locator('code').textContent()).toBe('cowork open');
    const html = await res!.text();
    expect(html).not.toContain(new URL(link).searchParams.get('code')!);
    await again.screenshot({ path: `${SHOTS}/login-link-used.png` });
    // Nothing was logged in: the plain address is still the login page.
    await again.goto(`${f.daemon.url}/`);
    await expect(again.getByTestId('login-page').getAttribute('data-reason')).resolves.toBe('signed-out');
    await again.context().close();
  });
});

describe('an open page', () => {
  let ui: UiSession;
  beforeAll(async () => {
    ui = await startUi(fixture('cowork-login-open-').withDaemon());
  });
  afterAll(async () => ui?.close());

  it('keeps reconnecting while the daemon is down, and ends on the login page once its session is revoked', async () => {
    const { home, port } = ui.daemon;
    await ui.daemon.stop();
    await ui.page.getByTestId('connection').getByText('Reconnecting…').waitFor();
    // An outage is not a logout: still reconnecting a few attempts later.
    await new Promise((r) => setTimeout(r, 2_000));
    await ui.page.getByTestId('connection').getByText('Reconnecting…').waitFor({ timeout: 100 });

    const db = new Database(homePaths(home).database);
    db.prepare('DELETE FROM ui_sessions').run();
    db.close();
    const started = await cowork(['start', '--home', home, '--port', String(port), '--no-open']);
    expect(started.code, started.stderr).toBe(0);

    const login = ui.page.getByTestId('login-page');
    await login.waitFor({ timeout: 20_000 });
    expect(await login.getAttribute('data-reason')).toBe('signed-out');
    expect(await ui.page.getByText('Reconnecting…').count()).toBe(0);
    await ui.shot('login-after-revoked-session');
  });
});
