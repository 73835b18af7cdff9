/**
 * Accessibility and polish end to end, in Debian's Chromium against a real daemon and the replay
 * model: axe-core's WCAG 2.2 AA rules find nothing on every main view (chat empty and after a run,
 * each context panel, each Settings page, the palette, the login page) in light and dark; the
 * journey works from the keyboard alone (skip link, tablist arrows, focus after approving and after
 * the palette); state is in ARIA, not only in colour; motion stops under reduced motion.
 * Screenshots: test-results/ui/a11y-*.png. Any console error fails the test.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { axeViolations, describeViolations, focusedElement, startUi, type UiSession } from '../helpers/ui.js';

const PANELS = ['Approvals', 'Checkpoints', 'Files', 'Terminal', 'Browser', 'Memory', 'Logs'];
const SETTINGS = ['Models', 'Folders', 'MCP servers', 'Rules', 'Audit log', 'Data', 'App'];
const SCHEMES = ['light', 'dark'] as const;

let ui: UiSession;
let page: Page;

const edit = (path: string, oldText: string, newText: string) => ({
  name: 'fs_edit',
  arguments: { path, edits: [{ oldText, newText }] },
});

beforeAll(async () => {
  const script = {
    models: ['m'],
    turns: [
      {
        expect: { contains: ['Fix the typo'] },
        reply: { toolCalls: [edit('notes.md', 'Hello wrold.', 'Hello world.')] },
      },
      {
        reply: {
          text: 'Fixed the typo.',
          toolCalls: [{ name: 'complete_task', arguments: { summary: 'Fixed the typo in notes.md.' } }],
        },
      },
      // Two runs waiting at once (the last test): this session's, then another's.
      {
        expect: { contains: ['Tick the todo'] },
        reply: { toolCalls: [edit('todo.md', '- [ ] one', '- [x] one')] },
      },
      {
        expect: { contains: ['Add a comma'] },
        reply: { toolCalls: [edit('notes.md', 'Hello world.', 'Hello, world.')] },
      },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Ticked.' } }] } },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Comma added.' } }] } },
    ],
  };
  ui = await startUi(
    fixture('cowork-ui-a11y-')
      .withDaemon()
      .withGrant('rw', { 'notes.md': '# Notes\n\nHello wrold.\n', 'todo.md': '- [ ] one\n' })
      .withReplayModel(script),
  );
  page = ui.page;
});

afterAll(async () => {
  expect(ui?.consoleErrors ?? []).toEqual([]);
  await ui?.close();
});

/** No WCAG 2.2 AA violation on the page in either colour scheme; `name` names the screenshots. */
async function expectAxeClean(name: string, target: Page = page): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await target.emulateMedia({ colorScheme });
    // The scheme's colours fade in (transitions): axe must read the colours they end on.
    await target.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(r));
      await Promise.all(document.getAnimations().map((a) => a.finished));
    });
    const violations = await axeViolations(target);
    if (target === page) await ui.shot(`a11y-${name}-${colorScheme}`);
    expect(describeViolations(violations), `${name} (${colorScheme})`).toBe('');
  }
  await target.emulateMedia({ colorScheme: 'light' });
}

const focused = (p: Page = page) => focusedElement(p);

/**
 * The run-updates live region as a screen reader gets it: from Chromium's accessibility tree (the
 * region is in a closed shadow root, out of the page's text), its politeness and its text.
 */
async function liveRegion(): Promise<{ live: string; text: string } | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const region = nodes.find((n) => n.role?.value === 'log' && n.name?.value === 'Run updates');
    if (!region) return null;
    const texts: string[] = [];
    const walk = (n: AxNode) => {
      if (n.role?.value === 'StaticText') texts.push(String(n.name?.value ?? ''));
      for (const id of n.childIds ?? []) walk(byId.get(id)!);
    };
    walk(region);
    const live = region.properties?.find((p) => p.name === 'live')?.value.value;
    return { live: String(live), text: texts.join('\n') };
  } finally {
    await cdp.detach();
  }
}
interface AxNode {
  nodeId: string;
  role?: { value: string };
  name?: { value: unknown };
  properties?: { name: string; value: { value: unknown } }[];
  childIds?: string[];
}

const tab = (name: string) =>
  page.getByRole('tablist', { name: 'Context panels' }).getByRole('tab', { name });

describe('keyboard only', () => {
  it('the first Tab reaches a skip link that moves focus to the composer', async () => {
    await ui.login();
    expect(await focused()).toBe('BODY');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('A Skip to the message box');
    // Seen when focused (it is off screen until then, and slides in).
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    const box = await page.getByRole('link', { name: 'Skip to the message box' }).boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    await ui.shot('a11y-skip-link');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('TEXTAREA Message');
  });

  it('in Settings, the skip link goes to the page’s content', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Models', level: 2 }).waitFor();
    await page.getByRole('link', { name: 'Skip to the content' }).focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('MAIN Settings');
    await page.getByRole('button', { name: 'Chat' }).click();
  });

  it('the composer is reached in at most 3 Tabs from load', async () => {
    await ui.login();
    let tabs = 0;
    while ((await focused()) !== 'TEXTAREA Message' && tabs < 3) {
      await page.keyboard.press('Tab');
      tabs++;
      // The skip link is followed as a keyboard user would.
      if ((await focused()).startsWith('A Skip')) await page.keyboard.press('Enter');
    }
    expect(await focused()).toBe('TEXTAREA Message');
    expect(tabs).toBeLessThanOrEqual(3);
  });

  it('the context panels are a tablist: arrows, Home and End move the selection, one Tab stop', async () => {
    const list = page.getByRole('tablist', { name: 'Context panels' });
    expect(await list.getByRole('tab').allTextContents()).toEqual(PANELS);
    expect(await tab('Approvals').getAttribute('aria-selected')).toBe('true');
    expect(await tab('Approvals').getAttribute('tabindex')).toBe('0');
    await tab('Approvals').focus();
    expect(await tab('Files').getAttribute('tabindex')).toBe('-1');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('BUTTON Checkpoints');
    expect(await tab('Checkpoints').getAttribute('aria-selected')).toBe('true');
    expect(await tab('Approvals').getAttribute('aria-selected')).toBe('false');
    // The panel shown is the tab's, and says so.
    const panel = page.getByRole('tabpanel', { name: 'Checkpoints' });
    await panel.waitFor();
    await page.keyboard.press('End');
    expect(await focused()).toBe('BUTTON Logs');
    await page.getByRole('tabpanel', { name: 'Logs' }).waitFor();
    await page.keyboard.press('ArrowRight'); // wraps
    expect(await focused()).toBe('BUTTON Approvals');
    await page.keyboard.press('ArrowLeft'); // wraps back
    expect(await focused()).toBe('BUTTON Logs');
    await page.keyboard.press('Home');
    expect(await tab('Approvals').getAttribute('aria-selected')).toBe('true');
  });

  it('after approving from the keyboard, focus is on the composer, not on <body>', async () => {
    await page.getByLabel('Message').fill('Fix the typo in notes.md');
    await page.getByLabel('Message').press('Enter');
    const card = page.getByTestId('transcript').getByTestId('approval-card');
    await card.waitFor();
    await expect.poll(() => focused()).toMatch(/^SECTION Approval needed/);
    // (the approval, in the transcript and the Approvals panel, is a main view too)
    expect(await tab('Approvals').getAttribute('aria-selected')).toBe('true');
    await expectAxeClean('approval-pending');
    expect(await focused()).toMatch(/^SECTION Approval needed/);
    await page.keyboard.press('a');
    await page.getByTestId('transcript').getByText('Fixed the typo.').waitFor();
    await expect.poll(() => focused()).toBe('TEXTAREA Message');
    // A screen reader heard the approval asked for, the agent's message once whole, and the end.
    await expect
      .poll(() => liveRegion())
      .toEqual({
        live: 'polite',
        text: expect.stringMatching(
          /^Waiting for your approval: .*\nCowork: Fixed the typo\.\nRun done: Fixed the typo in notes\.md\.$/s,
        ),
      });
  });

  it('after Escape on the palette, focus is back where it was', async () => {
    await page.getByLabel('Message').focus();
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Type a command or search…').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => focused()).toBe('TEXTAREA Message');

    await page.getByRole('button', { name: 'Settings' }).focus();
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Type a command or search…').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => focused()).toBe('BUTTON Settings');
  });

  it('after a palette command, focus is never left on <body>', async () => {
    await page.locator('body').click({ position: { x: 640, y: 300 } });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Type a command or search…').fill('New session');
    await page.getByRole('option', { name: 'New session' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused()).toBe('TEXTAREA Message');
  });
});

describe('state in words, not only colour', () => {
  it('has an <h1>, aria-current on the active view, aria-expanded on the sidebar toggle', async () => {
    expect(await page.locator('h1').count()).toBe(1);
    const chat = page.getByRole('button', { name: 'Chat' });
    const settings = page.getByRole('button', { name: 'Settings' });
    expect(await chat.getAttribute('aria-current')).toBe('page');
    expect(await settings.getAttribute('aria-current')).toBeNull();
    await settings.click();
    expect(await settings.getAttribute('aria-current')).toBe('page');
    expect(await chat.getAttribute('aria-current')).toBeNull();
    const models = page.getByRole('main', { name: 'Settings' }).getByRole('button', { name: 'Models' });
    expect(await models.getAttribute('aria-current')).toBe('page');
    await chat.click();

    const toggle = page.getByRole('button', { name: 'Sidebar' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('navigation', { name: 'Workspaces and sessions' }).count()).toBe(0);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  });

  it('the streaming transcript is not itself live; tool rows say whether they are open', async () => {
    await page.getByRole('button', { name: /Fix the typo/ }).click();
    // The streaming transcript itself is not live: a screen reader would read every token.
    expect(await page.getByTestId('transcript').getAttribute('aria-live')).toBeNull();
    // Tool rows say whether they are open.
    const head = page.getByTestId('tool-card').first().getByRole('button').first();
    expect(await head.getAttribute('aria-expanded')).toBe('false');
    await head.click();
    expect(await head.getAttribute('aria-expanded')).toBe('true');
  });
});

describe('axe-core finds no WCAG 2.2 AA violation', () => {
  it('on the chat with a finished run (a tool row open)', async () => {
    await expectAxeClean('chat-run');
  });

  it('on the empty chat', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('heading', { name: 'What should we work on?' }).waitFor();
    await expectAxeClean('chat-empty');
  });

  it('on each context panel', async () => {
    try {
      for (const name of PANELS) {
        await tab(name).click();
        await page.getByRole('tabpanel', { name }).waitFor();
        await page.waitForTimeout(300); // lazy panels and their first data
        await expectAxeClean(`panel-${name.toLowerCase()}`);
      }
    } finally {
      await tab('Approvals').click();
    }
  });

  it('on the open palette', async () => {
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Type a command or search…').waitFor();
    try {
      await expectAxeClean('palette');
    } finally {
      await page.keyboard.press('Escape');
    }
  });

  it('on each Settings page, the audit log showing an ask_user entry', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const main = page.getByRole('main', { name: 'Settings' });
    for (const name of SETTINGS) {
      await main.getByRole('button', { name, exact: true }).click();
      await main.getByRole('heading', { level: 2 }).first().waitFor();
      if (name === 'Audit log') await page.locator('.audit-row.ask_user').first().waitFor();
      await page.waitForTimeout(200);
      await expectAxeClean(`settings-${name.toLowerCase().replace(/ /g, '-')}`);
    }
    await page.getByRole('button', { name: 'Chat' }).click();
  });

  it('on the login page', async () => {
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const login = await context.newPage();
    await login.goto(`${ui.daemon.url}/`);
    await login.getByTestId('login-page').waitFor();
    await expectAxeClean('login', login);
    await context.close();
  });
});

describe('visual polish', () => {
  it('styles.css has a type scale, a spacing scale and radii as tokens', async () => {
    const tokens = await page.evaluate(() => {
      const s = getComputedStyle(document.documentElement);
      return ['--text-xs', '--text-sm', '--text-md', '--text-lg', '--text-xl', '--space-1', '--space-2']
        .concat(['--space-3', '--space-4', '--space-6', '--radius-sm', '--radius-md', '--radius-lg'])
        .map((t) => [t, s.getPropertyValue(t).trim()]);
    });
    for (const [name, value] of tokens) expect(value, name).toMatch(/^\d+(\.\d+)?(px|rem)$/);
    // The body text is the scale's, not a stray size.
    const body = await page.evaluate(() => getComputedStyle(document.body).fontSize);
    expect(body).toBe(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize));
  });

  it('the topbar and status bar use lucide icons', async () => {
    for (const name of ['Sidebar', 'Chat', 'Settings'])
      expect(await page.getByRole('button', { name }).locator('svg.lucide').count(), name).toBe(1);
    expect(await page.locator('footer.status svg.lucide').count()).toBeGreaterThan(0);
  });

  it('motion stops under prefers-reduced-motion', async () => {
    const duration = () =>
      page
        .getByRole('button', { name: 'Settings' })
        .evaluate((el) => getComputedStyle(el).transitionDuration);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await duration()).not.toMatch(/^0s$/);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await duration()).toMatch(/^0s$/);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
  });
});

describe('keyboard only, two approvals waiting', () => {
  it('after approving one, focus goes to the next, then to the composer', async () => {
    await tab('Approvals').click();
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('Message').fill('Tick the todo');
    await page.getByLabel('Message').press('Enter');
    const pointers = page.getByRole('tabpanel', { name: /Approvals/ }).getByTestId('approval-pointer');
    await expect.poll(() => focused()).toMatch(/^SECTION Approval needed: .*todo\.md/);
    // Another session's run asks too: the Approvals panel points to it (its card is in its conversation).
    await ui.fixture.client.result('runs.start', { prompt: 'Add a comma', folder: ui.fixture.folder });
    await expect.poll(() => pointers.count()).toBe(2);
    expect(await focused()).toMatch(/^SECTION Approval needed: .*todo\.md/);
    await page.keyboard.press('a');
    // The next approval is the other conversation's: focus goes to the button that goes there.
    await expect.poll(() => focused()).toMatch(/^BUTTON Show/);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused()).toMatch(/^SECTION Approval needed: .*notes\.md/);
    await page.keyboard.press('a');
    await expect.poll(() => pointers.count()).toBe(0);
    await expect.poll(() => focused()).toBe('TEXTAREA Message');
    await page.getByTestId('transcript').getByText('Comma added.').waitFor();
  });
});
