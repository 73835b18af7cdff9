/**
 * Documents in the UI, end to end: Debian's Chromium, a real daemon, real office files made by
 * LibreOffice from the sources in test/fixtures/documents/ui/. The Files panel shows a DOCX's text,
 * an XLSX as a grid, a PPTX as slide thumbnails and a PDF drawn by pdf.js; a run's artifact shows
 * as a card after the call that made it, with its preview, a download and the Files panel.
 * Screenshots: test-results/ui/documents-*.png. Any console error fails the test.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homePaths } from '../../src/store/index.js';
import { cowork } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { axeViolations, describeViolations, startUi, type UiSession } from '../helpers/ui.js';

const SOURCES = join(import.meta.dirname, '../fixtures/documents/ui');

let ui: UiSession;
let page: Page;
let work: string;
let made: string;

beforeAll(async () => {
  made = mkdtempSync(join(tmpdir(), 'cowork-ui-docs-'));
  const files: string[] = await Promise.all([
    convertWithLibreOffice(join(SOURCES, 'report.html'), 'docx:MS Word 2007 XML', join(made, 'docx')),
    convertWithLibreOffice(join(SOURCES, 'sales.csv'), 'xlsx', join(made, 'xlsx')),
    convertWithLibreOffice(join(SOURCES, 'deck.fodp'), 'pptx', join(made, 'pptx')),
    convertWithLibreOffice(join(SOURCES, 'budget.fods'), 'xlsx', join(made, 'budget')),
  ]);
  // The PDF as Writer prints the document (HTML's own PDF export starts with an empty page).
  files.push(await convertWithLibreOffice(files[0]!, 'pdf', join(made, 'pdf')));
  // An image: the document's first page as Writer draws it.
  files.push(await convertWithLibreOffice(files[0]!, 'png', join(made, 'png')));
  const script = {
    models: ['m'],
    turns: [
      {
        expect: { contains: ['Make the sales summary'] },
        reply: {
          toolCalls: [
            {
              id: 'make-sheet',
              name: 'xlsx_create',
              arguments: {
                path: 'sales-summary.xlsx',
                sheets: [
                  {
                    name: 'Sales',
                    rows: [
                      ['Region', 'Units'],
                      ['North', 120],
                      ['South', 80],
                    ],
                  },
                ],
              },
            },
          ],
        },
      },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Sheet made.' } }] } },
      {
        expect: { contains: ['Export the figures'] },
        reply: {
          toolCalls: [
            {
              id: 'export',
              name: 'fs_write',
              arguments: { path: 'figures.csv', content: 'Region,Units\nNorth,120\n' },
            },
          ],
        },
      },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Figures exported.' } }] } },
    ],
  };
  ui = await startUi(fixture('cowork-ui-docs-').withDaemon().withGrant('rw').withReplayModel(script));
  page = ui.page;
  work = ui.fixture.folder;
  for (const f of files) copyFileSync(f, join(work, f.split('/').pop()!));
}, 180_000);

afterAll(async () => {
  await ui?.close();
  rmSync(made, { recursive: true, force: true });
});

async function openInFilesPanel(name: string): Promise<void> {
  await page.getByRole('tab', { name: 'Files', exact: true }).click();
  const close = page.getByTestId('file-view').getByRole('button', { name: 'Close', exact: true });
  if (await close.count()) await close.click();
  await page.getByRole('button', { name }).click({ timeout: 10_000 });
}

async function expectAccessible(what: string): Promise<void> {
  const violations = await axeViolations(page, '[data-testid="document-preview"]');
  expect(violations, `${what}: ${describeViolations(violations)}`).toEqual([]);
}

describe('the Files panel previews documents', () => {
  it('a DOCX as its text, sanitized', async () => {
    await page.getByLabel('Folder').selectOption(work);
    await openInFilesPanel('report.docx');
    const preview = page.getByTestId('document-preview');
    await preview.getByRole('article', { name: 'Document' }).getByText('Revenue grew by').waitFor();
    await preview.getByRole('heading', { name: 'Quarterly report' }).waitFor();
    expect(await preview.getByRole('cell', { name: '800' }).count()).toBe(1);
    // The sanitizer kept the safe link (opening a new tab, no opener) and dropped the script one.
    const safe = preview.getByRole('link', { name: 'the figures' });
    expect(await safe.getAttribute('href')).toBe('https://example.com/figures');
    expect(await safe.getAttribute('rel')).toBe('noopener noreferrer');
    const hostile = preview.getByText('a hostile link');
    await hostile.waitFor();
    expect(await preview.locator('a[href^="javascript"], script, [onerror], [onclick]').count()).toBe(0);
    await hostile.click();
    expect(await page.title()).not.toBe('pwned');
    expect(await preview.getByRole('link', { name: 'Download' }).getAttribute('href')).toBe(
      `/api/files?path=${encodeURIComponent(join(work, 'report.docx'))}&download=1`,
    );
    await expectAccessible('docx');
    await ui.shot('documents-docx');
  });

  it('an XLSX as a grid with its size', async () => {
    await openInFilesPanel('sales.xlsx');
    const grid = page.getByRole('region', { name: 'Sheet sales' });
    await grid.getByRole('cell', { name: 'Gizmo, large' }).waitFor();
    await grid.getByRole('columnheader', { name: 'D' }).waitFor();
    await grid.getByRole('rowheader', { name: '5' }).waitFor();
    await page.getByText('5 rows, 4 columns').waitFor();
    await grid.focus();
    await expectAccessible('xlsx');
    await ui.shot('documents-xlsx');
  });

  it('a workbook with two sheets: tabs, by click or arrow keys', async () => {
    await openInFilesPanel('budget.xlsx');
    const costs = page.getByRole('tab', { name: 'Costs' });
    await costs.waitFor();
    expect(await costs.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('region', { name: 'Sheet Costs' }).getByRole('cell', { name: '1730.5' }).waitFor();
    await costs.focus();
    await page.keyboard.press('ArrowRight');
    await page
      .getByRole('region', { name: 'Sheet Notes' })
      .getByRole('cell', { name: 'Paid from the team budget' })
      .waitFor();
    expect(
      await page.getByRole('tab', { name: 'Notes' }).evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await expectAccessible('two sheets');
    await ui.shot('documents-sheet-tabs');
  });

  it('an image inline, from its bytes', async () => {
    await openInFilesPanel('report.png');
    const img = page.getByTestId('document-preview').getByRole('img', { name: 'report.png' });
    await img.waitFor();
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
      .toBeGreaterThan(100);
    await expectAccessible('image');
  });

  it('a PPTX as slide thumbnails that enlarge', async () => {
    await openInFilesPanel('deck.pptx');
    const first = page.getByRole('button', { name: 'Slide 1: Launch plan' });
    await first.waitFor();
    await page.getByRole('button', { name: 'Slide 2: Budget' }).waitFor();
    await first.press('Enter');
    const large = page.getByRole('region', { name: 'Slide 1' });
    await large.getByText('Beta first').waitFor();
    await large.getByText('Notes: Mention the budget.').waitFor();
    await expectAccessible('pptx');
    await ui.shot('documents-pptx');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(400); // the theme's colour transitions
    await ui.shot('documents-pptx-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('a PDF drawn by pdf.js, page by page', async () => {
    await openInFilesPanel('report.pdf');
    const page1 = page.getByRole('img', { name: /^Page 1 of \d+$/ });
    await page1.waitFor({ timeout: 5000 }).catch(async (e) => {
      await ui.shot('documents-pdf-failed');
      throw new Error(`${e}\n${ui.consoleErrors.join('\n')}`);
    });
    await expect.poll(() => page1.getAttribute('data-drawn'), { timeout: 20_000 }).toBe('true');
    await ui.shot('documents-pdf');
    // Something other than white paper was drawn: the text.
    const inked = await page1.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) dark++;
      return dark;
    });
    expect(inked, ui.consoleErrors.join('\n')).toBeGreaterThan(100);
    await expectAccessible('pdf');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(400); // the theme's colour transitions
    await ui.shot('documents-pdf-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('artifacts in the transcript', () => {
  it('a sheet the run made: a card after the call, its grid on Preview', async () => {
    await page.getByLabel('Message').fill('Make the sales summary');
    await page.getByLabel('Message').press('Enter');
    await page.getByText('Sheet made.').waitFor({ timeout: 20_000 });
    const card = page.getByRole('region', { name: 'Spreadsheet sales-summary.xlsx' });
    await card.getByRole('button', { name: 'Preview' }).click();
    await card.getByRole('cell', { name: 'North' }).waitFor();
    await ui.shot('documents-artifact-made');
  });

  it('a recorded artifact of a run: loaded with the session, previewed, downloaded, opened in Files', async () => {
    await page.getByLabel('Message').fill('Export the figures');
    await page.getByLabel('Message').press('Enter');
    await page.getByText('Figures exported.').waitFor({ timeout: 20_000 });
    // The run's artifact, as a writer records it: the LibreOffice sheet, made by the fs_write call.
    const { runs } = await ui.fixture.client.result('runs.list', {});
    const run = runs.find((r) => r.prompt === 'Export the figures')!;
    // The running daemon holds cowork.db exclusively: it is stopped, the row added, and started again.
    const { home, port } = ui.daemon;
    await ui.daemon.stop();
    const db = new Database(homePaths(home).database);
    const path = join(work, 'sales.xlsx');
    db.prepare(
      `INSERT INTO artifacts (id, kind, path, bytes, sha256, tool, run_id, session_id, call_id, created_at)
       VALUES ('a1', 'xlsx', ?, ?, 'x', 'xlsx.create', ?, ?, 'export', ?)`,
    ).run(path, readFileSync(path).length, run.id, run.sessionId, new Date().toISOString());
    // And one known only by its live event (run.artifact, replayed to the page when it loads).
    const deck = join(work, 'deck.pptx');
    const artifact = {
      id: 'a2',
      kind: 'pptx',
      path: deck,
      bytes: readFileSync(deck).length,
      sha256: 'x',
      tool: 'pptx.create',
      runId: run.id,
      sessionId: run.sessionId,
      callId: 'export',
      createdAt: new Date().toISOString(),
    };
    db.prepare(
      `INSERT INTO events (type, timestamp, session_id, payload) VALUES ('run.artifact', ?, ?, ?)`,
    ).run(artifact.createdAt, run.sessionId, JSON.stringify({ runId: run.id, artifact }));
    db.close();
    const started = await cowork(['start', '--home', home, '--port', String(port), '--no-open']);
    expect(started.code, started.stderr).toBe(0);
    await page.reload();
    await page.getByTestId('connection').getByText('Connected').waitFor();
    const card = page.getByRole('region', { name: 'Spreadsheet sales.xlsx' });
    await card.waitFor({ timeout: 10_000 });
    // Right after the tool card of the call that made it.
    const order = await page
      .locator('[data-testid="tool-card"], [data-testid="artifact-card"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(order.slice(-3)).toEqual(['tool-card', 'artifact-card', 'artifact-card']);
    const slides = page.getByRole('region', { name: 'Slide deck deck.pptx' });
    await slides.getByRole('button', { name: 'Preview' }).click();
    await slides.getByRole('button', { name: 'Slide 2: Budget' }).waitFor();
    await slides.getByRole('button', { name: 'Hide preview' }).click();
    await card.getByRole('button', { name: 'Preview' }).click();
    await card.getByRole('cell', { name: 'Gizmo, large' }).waitFor();
    const violations = await axeViolations(page, '[data-testid="artifact-card"]');
    expect(violations, describeViolations(violations)).toEqual([]);
    await ui.shot('documents-artifact');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(400); // the theme's colour transitions
    await ui.shot('documents-artifact-dark');
    const dark = await axeViolations(page, '[data-testid="artifact-card"]');
    expect(dark, `dark: ${describeViolations(dark)}`).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    // The download is the file's bytes, through the door.
    const href = (await card.getByRole('link', { name: 'Download sales.xlsx' }).getAttribute('href'))!;
    const size = await page.evaluate(async (u) => (await (await fetch(u)).arrayBuffer()).byteLength, href);
    expect(size).toBe(readFileSync(path).length);
    await card.getByRole('button', { name: 'Open sales.xlsx in Files' }).click();
    await page.getByTestId('file-view').getByRole('region', { name: 'Sheet sales' }).waitFor();
    // Only the outage of the restart above (the page's reconnect attempts) was an error.
    expect(ui.consoleErrors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
  });
});
