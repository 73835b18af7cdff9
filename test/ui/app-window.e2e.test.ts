/**
 * The installable app window end to end, in Debian's Chromium against a real daemon: the manifest
 * and service worker are served under the page's CSP (`default-src 'self'`) and Chromium finds the
 * page installable; installed (through the debugging protocol, as "Install Cowork" would), the app
 * is where `cowork open` looks for it; the icon's badge follows the approvals waiting; a
 * notification is shown only once turned on in Settings; `cowork://` links open what they name and
 * `run?prompt=` asks first and never runs. Screenshots: test-results/ui/app-settings.png,
 * link-run-prompt.png. Any console error (a CSP refusal is one) fails the test.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAppId, findInstalledApp } from '../../src/cli/desktop/installed-app.js';
import { findChromium } from '../../src/enclave/chromium.js';
import { cowork } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;

type Calls = { badge: (number | 'clear')[]; notes: string[] };

beforeAll(async () => {
  ui = await startUi(fixture('cowork-ui-app-').withDaemon().withGrant('rw', { 'a.md': 'old\n' }));
  // Observed, not replaced: each call is recorded, then goes to the browser's own API.
  await ui.page.addInitScript(() => {
    const calls: Calls = { badge: [], notes: [] };
    (window as unknown as { calls: Calls }).calls = calls;
    const set = navigator.setAppBadge?.bind(navigator);
    const clear = navigator.clearAppBadge?.bind(navigator);
    navigator.setAppBadge = (n?: number) => {
      calls.badge.push(n ?? 0);
      return set ? set(n) : Promise.resolve();
    };
    navigator.clearAppBadge = () => {
      calls.badge.push('clear');
      return clear ? clear() : Promise.resolve();
    };
    const Real = window.Notification;
    const shown: Notification[] = [];
    (window as unknown as { shown: Notification[] }).shown = shown;
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        calls.notes.push(`${title}: ${options?.body ?? ''}`);
        shown.push(this);
      }
    } as typeof Notification;
  });
  await ui.page.context().grantPermissions(['notifications']);
  await ui.page.reload();
  await ui.page.getByTestId('connection').getByText('Connected').waitFor();
});

afterAll(async () => {
  await ui?.close();
});

const calls = () => ui.page.evaluate(() => (window as unknown as { calls: Calls }).calls);

/** An approval waiting: overwriting a file asks the person. */
function askApproval() {
  const { client, folder } = ui.fixture;
  void client
    .result('tools.call', { name: 'fs.write', arguments: { path: `${folder}/a.md`, content: 'new\n' } })
    .catch(() => {});
}
async function waitingApproval(): Promise<string> {
  await expect
    .poll(async () => (await ui.fixture.client.result('approvals.list', {})).approvals.length)
    .toBe(1);
  return (await ui.fixture.client.result('approvals.list', {})).approvals[0]!.id;
}

describe('the installable window', () => {
  it('serves the manifest and the service worker under the CSP; the worker keeps only the shell', async () => {
    const { page } = ui;
    const res = await page.request.get(`${ui.daemon.url}/manifest.webmanifest`);
    expect(res.headers()['content-type']).toBe('application/manifest+json');
    const manifest = await res.json();
    expect(manifest.display).toBe('standalone');
    expect(manifest.display_override).toEqual(['window-controls-overlay']);
    expect(manifest.shortcuts.map((s: { name: string }) => s.name)).toEqual(['New session', 'Approvals']);
    const page200 = await page.request.get(`${ui.daemon.url}/`);
    expect(page200.headers()['content-security-policy']).toMatch(/^default-src 'self';/);

    const worker = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(worker).toBe(`${ui.daemon.url}/sw.js`);
    const cdp = await page.context().newCDPSession(page);
    const { errors } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
    // The worker keeps the shell under this build's version, and never an /api/ answer.
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls = (
        await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))
      ).flat();
      return { names, urls };
    });
    expect(cached.names).toHaveLength(1);
    const version = /const VERSION = "([0-9a-f]{16})"/.exec(
      await (await page.request.get(`${ui.daemon.url}/sw.js`)).text(),
    );
    expect(cached.names).toEqual([`cowork-shell-${version?.[1]}`]);
    expect(cached.urls).toContain(`${ui.daemon.url}/`);
    expect(cached.urls.some((u) => u.includes('/api/'))).toBe(false);
    expect(ui.consoleErrors).toEqual([]);
  });

  it('Chromium finds it installable; installed, `cowork open LINK` opens that app at the link', async () => {
    // The person's HOME, where Chromium keeps its profile (~/.config/chromium) and `cowork open` looks.
    const home = tempDir('cowork-ui-app-home-');
    const profile = join(home, '.config', 'chromium');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: findChromium()!,
      headless: true,
      chromiumSandbox: process.getuid?.() !== 0,
      env: { HOME: home },
    });
    const manifestId = `${ui.daemon.url}/`;
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const link = (await cowork(['open', '--print-url', '--home', ui.daemon.home])).stdout.trim();
      await page.goto(link);
      await page.getByTestId('connection').getByText('Connected').waitFor();
      expect(findInstalledApp([profile], chromiumAppId(manifestId))).toBeUndefined();
      const cdp = await context.newCDPSession(page);
      // In a real profile (the test's other windows are incognito, which cannot install anything).
      await page.evaluate(() => navigator.serviceWorker.ready);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      await cdp.send('PWA.install' as 'Page.enable', { manifestId } as never);
      await expect
        .poll(() => findInstalledApp([profile], chromiumAppId(manifestId)), { timeout: 15_000 })
        .toEqual({ appId: chromiumAppId(manifestId), profile: 'Default' });
    } finally {
      await context.close();
    }

    // `cowork open` as on a desktop (it sees a display), but the browser it starts is this Chromium,
    // headless (no display here after all; headless keeps another profile unless told), telling its pid.
    const bin = tempDir('cowork-ui-app-bin-');
    const wrapper = join(bin, 'chromium');
    const sandbox = process.getuid?.() === 0 ? ' --no-sandbox' : '';
    writeFileSync(
      wrapper,
      `#!/bin/sh\necho $$ > "$HOME/browser.pid"\nunset DISPLAY\nexec ${findChromium()} --headless=new${sandbox} --remote-debugging-port=0 --user-data-dir="$HOME/.config/chromium" "$@" 2>/dev/null\n`,
      { mode: 0o755 },
    );
    const prompt = 'From the installed app';
    const opened = await cowork(
      ['open', `cowork://run?prompt=${encodeURIComponent(prompt)}`, '--home', ui.daemon.home],
      { HOME: home, DISPLAY: ':0', COWORK_CHROMIUM: wrapper },
    );
    // No native window here (its binding is not installed, or this glibc is too old): it says why.
    expect(opened.stderr).toMatch(/^Not the native window: .+\.\nOpened Cowork’s installed app\.\n$/);
    await expect.poll(() => existsSync(join(profile, 'DevToolsActivePort')), { timeout: 15_000 }).toBe(true);
    const port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    try {
      const app = await expect
        .poll(() =>
          browser
            .contexts()
            .flatMap((c) => c.pages())
            .find((p) => p.url().startsWith(ui.daemon.url)),
        )
        .toBeDefined()
        .then(
          () =>
            browser
              .contexts()
              .flatMap((c) => c.pages())
              .find((p) => p.url().startsWith(ui.daemon.url))!,
        );
      // Logged in by the link (it is used up), at the link: the prompt waits to be confirmed.
      await app.getByTestId('link-prompt').waitFor();
      expect(await app.getByTestId('link-prompt-text').textContent()).toBe(prompt);
    } finally {
      await browser.close();
      // `cowork open` started it detached: its own process group, helpers and all, ended before its HOME goes.
      const group = -Number(readFileSync(join(home, 'browser.pid'), 'utf8'));
      process.kill(group, 'SIGTERM');
      await expect.poll(() => groupAlive(group), { timeout: 15_000 }).toBe(false);
    }
  });

  it('the badge shows the approvals waiting, and clears when none is', async () => {
    expect((await calls()).badge.at(-1)).toBe('clear');
    askApproval();
    const id = await waitingApproval();
    await expect.poll(async () => (await calls()).badge.at(-1)).toBe(1);
    await ui.fixture.client.result('approvals.decide', { id, status: 'rejected' });
    await expect.poll(async () => (await calls()).badge.at(-1)).toBe('clear');
  });

  it('notifies of a waiting approval only once turned on in Settings → App; its click opens the card', async () => {
    const { page } = ui;
    askApproval();
    let id = await waitingApproval();
    expect((await calls()).notes).toEqual([]); // not asked for: nothing shown
    await ui.fixture.client.result('approvals.decide', { id, status: 'rejected' });

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'App', exact: true }).click();
    await expect.poll(() => page.getByTestId('notify-state').textContent()).toBe('Off.');
    await page.getByRole('button', { name: 'Turn notifications on' }).click();
    await expect.poll(() => page.getByTestId('notify-state').textContent()).toMatch(/^On:/);
    await ui.shot('app-settings');

    askApproval();
    id = await waitingApproval();
    await expect
      .poll(async () => (await calls()).notes)
      .toEqual([`Cowork needs your approval: ${await approvalTitle()}`]);
    // Its click brings the Approvals panel (shown elsewhere: Files) and the card there (no run asked).
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByTestId('approval-card').waitFor({ state: 'detached' });
    await page.evaluate(() =>
      (window as unknown as { shown: Notification[] }).shown[0]!.dispatchEvent(new Event('click')),
    );
    await page.getByTestId('approval-card').waitFor();
    expect(await page.getByRole('tab', { name: /^Approvals/ }).getAttribute('aria-selected')).toBe('true');
    await ui.fixture.client.result('approvals.decide', { id, status: 'rejected' });
    await page.getByRole('button', { name: 'Turn notifications off' }).click();
  });

  it('cowork://approval/ID shows that card; the address is put back to /', async () => {
    const { page } = ui;
    askApproval();
    const id = await waitingApproval();
    const link = (
      await cowork(['open', `cowork://approval/${id}`, '--print-url', '--home', ui.daemon.home])
    ).stdout.trim();
    await page.goto(link);
    await page.getByTestId('approval-card').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await ui.fixture.client.result('approvals.decide', { id, status: 'rejected' });
  });

  it('cowork://run?prompt= asks first; nothing runs, and on yes the prompt waits in a new chat', async () => {
    const { page } = ui;
    const prompt = 'Summarise a.md & list its TODOs';
    const runsNow = async () => (await ui.fixture.client.result('runs.list', {})).runs.length;
    const before = await runsNow();
    const link = `cowork://run?prompt=${encodeURIComponent(prompt)}`;
    await page.goto((await cowork(['open', link, '--print-url', '--home', ui.daemon.home])).stdout.trim());
    const dialog = page.getByTestId('link-prompt');
    await dialog.waitFor();
    expect(await page.getByTestId('link-prompt-text').textContent()).toBe(prompt);
    await ui.shot('link-run-prompt');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByLabel('Message').inputValue()).toBe('');

    await page.goto(`${ui.daemon.url}/open?link=${encodeURIComponent(link)}`);
    await dialog.getByRole('button', { name: 'Put it in a new chat' }).click();
    await expect.poll(() => page.getByLabel('Message').inputValue()).toBe(prompt);
    expect(await runsNow()).toBe(before);
  });

  it('a link that names nothing says so; `cowork open` refuses what is not a cowork:// link', async () => {
    const { page } = ui;
    await page.goto(`${ui.daemon.url}/open?link=${encodeURIComponent('cowork://nothing/here')}`);
    await page.getByText('Not a Cowork link: cowork://nothing/here').waitFor();
    const refused = await cowork(['open', 'https://example.com/', '--print-url', '--home', ui.daemon.home]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Not a cowork:\/\/ link/);
  });

  it('signed out, the worker gives the login page, not its kept shell; with the daemon gone, the shell', async () => {
    const { page } = ui;
    await page.context().clearCookies();
    const signedOut = await page.goto(ui.daemon.url);
    expect(signedOut?.status()).toBe(401);
    expect(await page.locator('#root').count()).toBe(0);
    ui.consoleErrors.length = 0; // the 401 itself is logged as a failed load
    await ui.daemon.stop();
    await page.goto(ui.daemon.url);
    await page.getByTestId('daemon-away').waitFor();
    expect(await page.getByTestId('connection').textContent()).toBe('Reconnecting…');
    await ui.shot('app-window-offline');
  });
});

function groupAlive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

async function approvalTitle(): Promise<string> {
  return (await ui.fixture.client.result('approvals.list', {})).approvals[0]!.title;
}
