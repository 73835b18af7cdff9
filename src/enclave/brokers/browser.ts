/**
 * Browser sessions: a headless Chromium (the system's Chrome/Chromium/Edge; Debian's `chromium` in
 * CI) driven through playwright-core. All of its traffic — pages, subresources, redirects,
 * WebSockets — goes through an audited egress proxy that admits only hosts the policy allows (and
 * refuses names resolving to internal addresses unless those are listed), so a page can load or
 * leak nothing else. One browser per daemon, one isolated context (cookies, storage) per session.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { CoworkError, type PolicyDecision } from '../../contracts/index.js';
import { homePaths } from '../../store/index.js';
import { findChromium } from '../chromium.js';
import { EgressProxy, LOOPBACK_TCP } from '../net/egress-proxy.js';

export interface BrowserPolicy {
  decideHost(host: string, port: number): PolicyDecision;
  record(decision: PolicyDecision, target: string): void;
}

export class BrowserBroker {
  #browser: Promise<Browser> | undefined;
  #proxy: EgressProxy | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly policy: BrowserPolicy,
  ) {}

  /** A fresh, isolated page (its own cookies and storage). */
  async newPage() {
    const browser = await this.#launch();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block', // a worker could outlive the page and fetch behind its back
      acceptDownloads: false,
    });
    return { context, page: await context.newPage() };
  }

  async close(): Promise<void> {
    const browser = this.#browser;
    this.#browser = undefined;
    await (await browser?.catch(() => undefined))?.close().catch(() => {});
    this.#proxy?.close();
    this.#proxy = undefined;
  }

  #launch(): Promise<Browser> {
    this.#browser ??= (async () => {
      const executablePath = findChromium();
      if (!executablePath)
        throw new CoworkError(
          'UNAVAILABLE',
          'No Chrome, Chromium, Edge or Brave is installed; install one (or set COWORK_CHROMIUM) to use browser sessions.',
        );
      const password = randomBytes(18).toString('base64url');
      const proxy = new EgressProxy(
        LOOPBACK_TCP,
        {
          decide: (host, port) => this.policy.decideHost(host, port),
          record: (d, target) => this.policy.record(d, target),
        },
        `Basic ${Buffer.from(`cowork:${password}`).toString('base64')}`,
      );
      await proxy.start();
      this.#proxy = proxy;
      const home = homePaths(this.dataDir).browserHome;
      mkdirSync(home, { recursive: true, mode: 0o700 });
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath,
        headless: true,
        // Everything through the proxy, loopback included (Playwright adds <-loopback>).
        proxy: { server: `http://127.0.0.1:${proxy.port}`, username: 'cowork', password },
        args: [
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        // Chromium's own sandbox cannot start as root (CI containers); everywhere else it stays on.
        chromiumSandbox: process.getuid?.() !== 0,
        env: { HOME: home, PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
      });
      browser.on('disconnected', () => {
        this.#browser = undefined;
      });
      return browser;
    })();
    this.#browser.catch(() => {
      this.#browser = undefined;
    });
    return this.#browser;
  }
}
