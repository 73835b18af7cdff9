/**
 * One browser session's page, as the enclave hands it out: navigating and acting on the page are
 * decisions at the door (`browser.navigate` on the host, `browser.act` on the page's host), audited,
 * approved when the policy asks; reading the page and taking screenshots have no effect outside it.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { CoworkError, type PolicyRequest, type ToolResult } from '../../contracts/index.js';
import type { CallContext, Plan } from '../plan.js';

export type ClickTarget = { selector: string } | { text: string } | { x: number; y: number };

/** The door, as a page needs it. */
export type Perform = (name: string, args: unknown, ctx: CallContext, plan: Plan) => Promise<ToolResult>;

const NAVIGATION_TIMEOUT_MS = 30_000;
const ACTION_TIMEOUT_MS = 10_000;
/** How long an action may take to start a navigation before it is taken not to. */
const SETTLE_MS = 800;
/** Page text handed to a model is capped. */
const MAX_TEXT = 40_000;

export function parseWebUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CoworkError('INVALID_ARGUMENTS', `"${url.slice(0, 200)}" is not a URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new CoworkError('INVALID_ARGUMENTS', 'Only http and https pages can be opened.');
  return parsed;
}

const portOf = (u: URL) => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);

/** The policy request of navigating to, or acting on a page of, `url`. */
export function browserRequest(
  action: 'browser.navigate' | 'browser.act',
  url: URL,
  sessionId: string | null,
): PolicyRequest {
  return { action, host: url.hostname, port: portOf(url), sessionId };
}

export class BrowserPage {
  constructor(
    private readonly page: Page,
    private readonly context: BrowserContext,
    private readonly perform: Perform,
  ) {
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  }

  get url(): string {
    return this.page.url();
  }

  title(): Promise<string> {
    return this.page.title();
  }

  async navigate(url: string, ctx: CallContext): Promise<ToolResult> {
    const target = parseWebUrl(url);
    return this.perform('browser.navigate', { url }, ctx, {
      requests: [browserRequest('browser.navigate', target, ctx.sessionId)],
      target: target.href,
      title: `Open ${target.href}`,
      recheck: [],
      writes: false,
      effect: async () => {
        const response = await this.page.goto(target.href, { waitUntil: 'domcontentloaded' });
        return {
          content: [
            {
              type: 'text',
              text: `Loaded ${this.page.url()} (HTTP ${response?.status() ?? '?'}): ${await this.page.title()}`,
            },
          ],
        };
      },
    });
  }

  async click(target: ClickTarget, ctx: CallContext): Promise<ToolResult> {
    const what =
      'selector' in target
        ? target.selector
        : 'text' in target
          ? `"${target.text}"`
          : `(${target.x}, ${target.y})`;
    return this.#act('click', `Click ${what} on ${this.url}`, ctx, async () => {
      await this.#settling(async () => {
        if ('selector' in target) await this.page.click(target.selector);
        else if ('text' in target) await this.page.getByText(target.text, { exact: false }).first().click();
        else await this.page.mouse.click(target.x, target.y);
      });
      return `Clicked ${what}; now at ${this.page.url()}`;
    });
  }

  async type(
    text: string,
    opts: { selector?: string | undefined; submit?: boolean | undefined },
    ctx: CallContext,
  ): Promise<ToolResult> {
    const where = opts.selector ?? 'the focused field';
    return this.#act('type', `Type into ${where} on ${this.url}`, ctx, async () => {
      if (opts.selector) await this.page.fill(opts.selector, text);
      else await this.page.keyboard.type(text);
      if (opts.submit) await this.#settling(() => this.page.keyboard.press('Enter'));
      return `Typed into ${where}${opts.submit ? ' and pressed Enter' : ''}; now at ${this.page.url()}`;
    });
  }

  /** The page's visible text (capped), its address and title. */
  async read(): Promise<{ url: string; title: string; text: string }> {
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the *visible* text, which is the point
    const text = await this.page.evaluate(() => document.body?.innerText ?? '');
    return { url: this.page.url(), title: await this.title(), text: text.slice(0, MAX_TEXT) };
  }

  /** The accessibility tree, as YAML (roles, names): what is on the page and what can be clicked. */
  async accessibility(): Promise<string> {
    return (await this.page.locator('body').ariaSnapshot()).slice(0, MAX_TEXT);
  }

  screenshot(): Promise<Buffer> {
    return this.page.screenshot({ type: 'jpeg', quality: 70 });
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
  }

  /** Runs an input action; if it starts a navigation (a link, a form), waits until the new page is there. */
  async #settling(action: () => Promise<void>): Promise<void> {
    const navigated = this.page
      .waitForEvent('framenavigated', { timeout: SETTLE_MS, predicate: (f) => f === this.page.mainFrame() })
      .then(
        () => true,
        () => false,
      );
    await action();
    if (await navigated) await this.page.waitForLoadState('domcontentloaded').catch(() => {});
  }

  #act(kind: string, title: string, ctx: CallContext, run: () => Promise<string>): Promise<ToolResult> {
    const current = new URL(this.url === 'about:blank' ? 'http://about.blank' : this.url);
    return this.perform(`browser.${kind}`, { url: this.url }, ctx, {
      requests: [browserRequest('browser.act', current, ctx.sessionId)],
      target: this.url,
      title,
      recheck: [],
      writes: false,
      effect: async () => ({ content: [{ type: 'text', text: await run() }] }),
    });
  }
}
