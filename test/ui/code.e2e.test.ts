/**
 * Code perception in the UI, end to end: Debian's Chromium (playwright-core), a real daemon, its
 * code index of a small TypeScript project (and a few hundred generated files, so indexing takes
 * long enough to be seen), and the replay model. Tested as a person sees it: the Files panel's
 * symbol search (indexing on first use, its error, ranked results, Enter opens the line), the
 * palette's `#` symbol mode, the open file's outline (virtual rows for a big file), go to
 * definition by Ctrl+click and by F12 with a chooser for an ambiguous name, and the edit approval
 * card's "Affects N files" with the full file list on expand.
 * Screenshots: test-results/ui/code-*.png (the chooser and the card also -dark). Any console error fails the test.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { axeViolations, describeViolations, focusedElement, startUi, type UiSession } from '../helpers/ui.js';

const GREET = `/** Says hello. */
export function greet(name: string): string {
  return \`Hello, \${name}\`;
}

export class Greeter {
  constructor(private readonly who: string) {}
  hello(): string {
    return greet(this.who);
  }
}
`;
const APP = `import { greet } from './greet';
import { helper } from './one';

export function main(): void {
  console.log(greet('world'));
  helper();
}
`;
/** Users of greet beyond the five the approval's note names: the rest come from code.impact. */
const USERS = Object.fromEntries(
  [1, 2, 3, 4, 5, 6].map((i) => [
    `src/uses/u${i}.ts`,
    `import { greet } from '../greet';\nexport const use${i} = () => greet('u${i}');\n`,
  ]),
);
/** Enough files that the first index takes a moment (its "indexing…" is seen). */
const GENERATED = Object.fromEntries(
  Array.from({ length: 300 }, (_, i) => [
    `gen/g${i}.ts`,
    `export function gen${i}A(x: number): number {\n  return x + ${i};\n}\nexport function gen${i}B(): number {\n  return gen${i}A(1);\n}\n`,
  ]),
);
/** A file with thousands of symbols: its outline draws only what is on screen. */
const BIG = Array.from(
  { length: 2000 },
  (_, i) => `export function big${i}(): number {\n  return ${i};\n}\n`,
).join('');

let ui: UiSession;
let page: Page;
let work: string;

beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-code-')
      .withDaemon()
      .withGrant('rw', {
        'src/greet.ts': GREET,
        'src/app.ts': APP,
        'src/one.ts': 'export function helper(): number {\n  return 1;\n}\n',
        'src/two.ts': 'export function helper(): number {\n  return 2;\n}\n',
        // Python has no language server here: the index answers by name, so two definers are two choices.
        'py/run.py': 'def run_all():\n    helper()\n',
        'py/one.py': 'def helper():\n    return 1\n',
        'py/two.py': 'def helper():\n    return 2\n',
        'src/shout.ts':
          "import { greet } from './greet';\nexport const shout = (n: string) => greet(n).toUpperCase();\n",
        'src/big.ts': BIG,
        ...USERS,
        ...GENERATED,
      })
      // A granted folder that is gone by the time it is searched: its index cannot be built.
      .withGrant('rw', { 'gone.ts': 'export const gone = 1;\n' }, 'gone')
      .withReplayModel([
        {
          expect: { contains: ['Let greet be excited'] },
          reply: {
            toolCalls: [
              {
                name: 'fs_edit',
                arguments: {
                  path: 'src/greet.ts',
                  edits: [
                    {
                      oldText: 'export function greet(name: string): string {',
                      newText: 'export function greet(name: string, excited = false): string {',
                    },
                  ],
                },
              },
            ],
          },
        },
        { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Left greet alone.' } }] } },
      ]),
  );
  page = ui.page;
  work = ui.fixture.folder;
}, 120_000);

afterAll(async () => {
  expect(ui?.consoleErrors ?? []).toEqual([]);
  await ui?.close();
});

async function expectAccessible(what: string, selector: string): Promise<void> {
  const violations = await axeViolations(page, selector);
  expect(violations, `${what}: ${describeViolations(violations)}`).toEqual([]);
}

const filesTab = () => page.getByRole('tab', { name: 'Files', exact: true });
const searchField = () => page.getByRole('combobox', { name: 'Find a symbol' });
const fileView = () => page.getByTestId('file-view');
/** The marked line(s) of the open file, as shown. */
const markedLine = async () =>
  (await fileView().locator('pre.numbered > span.hit').first().textContent()) ?? '';

/** Opens `name` through the Files panel's symbol search (first result). */
async function openSymbol(name: string): Promise<void> {
  await searchField().fill(name);
  await page.getByRole('listbox', { name: 'Symbols' }).getByRole('option').first().waitFor();
  await searchField().press('Enter');
}

/** The middle of the first `word` in line `line` of the open file, on screen. */
async function wordPoint(line: number, word: string): Promise<{ x: number; y: number }> {
  const code = fileView().locator(`[data-line="${line}"] .code`);
  await code.scrollIntoViewIfNeeded();
  return code.evaluate((el, w) => {
    const text = el.firstChild!;
    const at = text.textContent!.indexOf(w);
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + w.length);
    const r = range.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, word);
}

/** Selects the first `word` in line `line` of the open file. */
async function selectWord(line: number, word: string): Promise<void> {
  await fileView()
    .locator(`[data-line="${line}"] .code`)
    .evaluate((el, w) => {
      const text = el.firstChild!;
      const at = text.textContent!.indexOf(w);
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + w.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    }, word);
}

/** A click with Ctrl held (the mouse's own click takes no modifiers). */
async function ctrlClick(at: { x: number; y: number }): Promise<void> {
  await page.keyboard.down('Control');
  await page.mouse.click(at.x, at.y);
  await page.keyboard.up('Control');
}

describe('code perception in the UI', () => {
  it('the symbol search says why when the folder cannot be indexed', async () => {
    const gone = ui.fixture.folders.gone!;
    rmSync(gone, { recursive: true, force: true });
    await ui.login(`#folder=${encodeURIComponent(gone)}`);
    await filesTab().click();
    await searchField().fill('greet');
    const alert = page.getByRole('alert').filter({ hasText: 'The symbol index failed' });
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    await ui.shot('code-index-failed');
    await ui.login(`#folder=${encodeURIComponent(work)}`);
  });

  it('the Files panel finds symbols: indexing on first use, then ranked, and Enter opens the line', async () => {
    await page.getByLabel('Folder').selectOption(work);
    await filesTab().click();
    await searchField().fill('greet');
    // The first use builds the index: the panel says so while it runs.
    await page.getByRole('status').filter({ hasText: 'Indexing the folder…' }).waitFor({ timeout: 10_000 });
    await ui.shot('code-indexing');
    const options = page.getByRole('listbox', { name: 'Symbols' }).getByRole('option');
    await options.first().waitFor({ timeout: 60_000 });
    const texts = await options.allTextContents();
    // Kind, qualified name and file:line; the exact name first.
    expect(texts[0]).toBe('functiongreetsrc/greet.ts:2');
    expect(texts.some((t) => t.includes('Greeter') && t.includes('src/greet.ts:6'))).toBe(true);
    expect(await searchField().getAttribute('aria-expanded')).toBe('true');
    await expectAccessible('symbol search', '.symbol-search');
    await ui.shot('code-symbols');
    // The arrows move the active option; Enter opens its file at its line.
    await searchField().press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await searchField().press('ArrowUp');
    await searchField().press('Enter');
    await expect.poll(() => fileView().locator('strong').textContent()).toBe('src/greet.ts');
    expect(await markedLine()).toContain('export function greet(name: string): string {');
    // A click opens too.
    await searchField().fill('shout');
    await page.getByRole('option', { name: /shout.*src\/shout\.ts:2/ }).click();
    await expect.poll(() => fileView().locator('strong').textContent()).toBe('src/shout.ts');
  });

  it("the open file's outline lists its symbols; each shows its line", async () => {
    await openSymbol('Greeter');
    await fileView().getByRole('button', { name: 'Outline' }).click();
    const outline = page.getByRole('navigation', { name: 'Outline of greet.ts' });
    await outline.getByRole('button', { name: /hello/ }).waitFor();
    const entries = await outline.getByRole('button').allTextContents();
    expect(entries).toEqual(['functiongreet2', 'classGreeter6', 'methodhello8']);
    await outline.getByRole('button', { name: /hello/ }).click();
    await expect.poll(markedLine).toContain('hello(): string {');
    await expectAccessible('outline', '[data-testid="file-outline"]');
    await ui.shot('code-outline');
    // 2,000 symbols: only the rows on screen are in the page.
    // The outline stays open from file to file.
    await openSymbol('big1999');
    expect(await fileView().getByRole('button', { name: 'Outline' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    const big = page.getByRole('navigation', { name: 'Outline of big.ts' });
    await big.getByRole('button').first().waitFor();
    expect(await big.getByRole('button').count()).toBeLessThan(100);
    await big.getByRole('button', { name: /big0\b/ }).click();
    await expect.poll(markedLine).toContain('export function big0(): number {');
  });

  it('go to definition: Ctrl+click a use opens its definition; F12 on an ambiguous name offers a chooser', async () => {
    await openSymbol('main');
    await expect.poll(() => fileView().locator('strong').textContent()).toBe('src/app.ts');
    // Under Ctrl the name the pointer is on looks like a link.
    const greetAt = await wordPoint(5, 'greet');
    await page.keyboard.down('Control');
    await page.mouse.move(greetAt.x, greetAt.y);
    const linked = () =>
      page.evaluate(() => {
        // (the registry is a Map of Highlights, sets of ranges; this lib's typing leaves out get)
        const h = (CSS.highlights as unknown as Map<string, Set<Range>>).get('definition-link');
        return h ? [...h].map((r) => r.toString()) : [];
      });
    await expect.poll(linked).toEqual(['greet']);
    await ui.shot('code-definition-link');
    await page.keyboard.up('Control');
    await expect.poll(linked).toEqual([]);
    // F12 with nothing selected says what to do.
    await page.evaluate(() => getSelection()!.removeAllRanges());
    await page.getByRole('region', { name: 'Contents of app.ts' }).focus();
    await page.keyboard.press('F12');
    await page.getByRole('status').filter({ hasText: 'Select a name (or click in it) first' }).waitFor();
    // Ctrl+click on `greet` in `console.log(greet('world'))` (where it is now, below the note). The
    // first question starts the folder's language server: it may take a second or two.
    await ctrlClick(await wordPoint(5, 'greet'));
    await expect
      .poll(() => fileView().locator('strong').textContent(), { timeout: 20_000 })
      .toBe('src/greet.ts');
    expect(await markedLine()).toContain('export function greet(');

    // F12 on `helper` in app.ts: two files define a `helper`, but the language server knows which
    // one app.ts imports, so it opens at once.
    await openSymbol('main');
    await expect.poll(() => fileView().locator('strong').textContent()).toBe('src/app.ts');
    await selectWord(6, 'helper');
    await page.getByRole('region', { name: 'Contents of app.ts' }).focus();
    await page.keyboard.press('F12');
    await expect
      .poll(() => fileView().locator('strong').textContent(), { timeout: 20_000 })
      .toBe('src/one.ts');

    // F12 on `helper` in a Python file: the index answers by name, so a chooser asks which.
    await openSymbol('run_all');
    await expect.poll(() => fileView().locator('strong').textContent()).toBe('py/run.py');
    await selectWord(2, 'helper');
    await page.getByRole('region', { name: 'Contents of run.py' }).focus();
    await page.keyboard.press('F12');
    const chooser = page.getByRole('dialog', { name: 'Definitions of helper' });
    await chooser.waitFor();
    const choices = await chooser.getByRole('listitem').allTextContents();
    expect(choices).toEqual(['functionhelperpy/one.py:1', 'functionhelperpy/two.py:1']);
    await expectAccessible('definition chooser', '[data-testid="definition-chooser"]');
    await ui.shot('code-definition-chooser');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(500); // the colours' transitions end
    await ui.shot('code-definition-chooser-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // The keyboard picks: the first choice has the focus, the arrow moves to the second.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => fileView().locator('strong').textContent()).toBe('py/two.py');
    expect(await markedLine()).toContain('def helper():');
    // Escape closes the chooser and gives the focus back to the text.
    await openSymbol('run_all');
    await fileView()
      .locator('[data-line="2"] .code')
      .evaluate((el) => {
        getSelection()!.collapse(el.firstChild!, 6);
      });
    await page.getByRole('region', { name: 'Contents of run.py' }).focus();
    await page.keyboard.press('F12');
    await chooser.waitFor();
    await page.keyboard.press('Escape');
    await chooser.waitFor({ state: 'detached' });
    expect(await focusedElement(page)).toBe('SECTION Contents of run.py');

    // A name nothing defines says so.
    await openSymbol('main');
    await ctrlClick(await wordPoint(5, 'log'));
    await page.getByRole('status').filter({ hasText: 'No definition of log found.' }).waitFor();
  });

  it('the palette finds symbols after #, in the index’s order, and opens one at its line', async () => {
    await page.getByRole('tab', { name: 'Approvals', exact: true }).click();
    await page.keyboard.press('Control+k');
    const input = page.getByPlaceholder('Type a command or search… (# for a symbol)');
    await input.fill('#Greeter');
    const option = page.getByRole('option', { name: /Greeter.*src\/greet\.ts:6/ });
    await option.waitFor();
    const options = await page.getByRole('option').allTextContents();
    expect(options[0]).toBe('classGreetersrc/greet.ts:6');
    // Only symbols in symbol mode: no command is offered.
    expect(options.some((o) => o.startsWith('Settings'))).toBe(false);
    await ui.shot('code-palette');
    await input.press('Enter');
    await expect.poll(() => fileView().locator('strong').textContent()).toBe('src/greet.ts');
    expect(await markedLine()).toContain('export class Greeter {');
    // Without # the palette is its usual self.
    await page.keyboard.press('Control+k');
    await input.fill('Settings: Models');
    await page.getByRole('option', { name: 'Settings: Models' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('an edit that changes an exported signature says "Affects N files" on its card, every file on expand', async () => {
    await page.getByLabel('Message').fill('Let greet be excited');
    await page.getByLabel('Message').press('Enter');
    const card = page.getByTestId('approval-card');
    await card.waitFor({ timeout: 30_000 });
    const impact = card.getByTestId('edit-impact');
    const head = impact.getByRole('button', { name: /Affects 8 files/ });
    await head.waitFor();
    expect(await head.textContent()).toContain('changes greet');
    expect(await head.getAttribute('aria-expanded')).toBe('false');
    // The note is said once, as the card's line, not again in the diff.
    expect(await card.getByTestId('diff').textContent()).not.toContain('Affects');
    await head.click();
    const files = impact.getByRole('list', { name: 'Files that use what this edit changes' });
    // The note names five; the rest are asked of the index.
    await expect.poll(() => files.getByRole('listitem').count()).toBe(8);
    const names = await files.getByRole('listitem').allTextContents();
    expect([...names].sort()).toEqual(
      ['src/app.ts', 'src/shout.ts', ...[1, 2, 3, 4, 5, 6].map((i) => `src/uses/u${i}.ts`)].sort(),
    );
    await expectAccessible('approval card with its impact', '[data-testid="approval-card"]');
    await ui.shot('code-approval-impact');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(500); // the colours' transitions end
    await ui.shot('code-approval-impact-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await card.getByRole('button', { name: /Deny/ }).click();
    await card.getByLabel('Reason for denying').fill('not now');
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    await card.waitFor({ state: 'detached', timeout: 15_000 });
  });
});
