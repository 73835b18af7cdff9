/**
 * Previews of real office files: DOCX, XLSX, PPTX and PDF made by LibreOffice from the sources in
 * test/fixtures/documents/ui/, previewed as the UI gets them (documents/preview).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentPreview } from '../../src/contracts/index.js';
import { previewBytes } from '../../src/documents/preview/index.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';

const SOURCES = join(import.meta.dirname, '../fixtures/documents/ui');
const made: Record<'docx' | 'xlsx' | 'pptx' | 'pdf' | 'ods' | 'locked' | 'budget', string> = {} as never;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cowork-preview-'));
  // A PDF with an open password, as LibreOffice's PDF export encrypts it.
  const locked = `pdf:writer_web_pdf_Export:${JSON.stringify({
    EncryptFile: { type: 'boolean', value: 'true' },
    DocumentOpenPassword: { type: 'string', value: 'secret' },
  })}`;
  const [docx, xlsx, pptx, ods, encrypted, budget] = await Promise.all([
    convertWithLibreOffice(join(SOURCES, 'report.html'), 'docx:MS Word 2007 XML', join(dir, 'docx')),
    convertWithLibreOffice(join(SOURCES, 'sales.csv'), 'xlsx', join(dir, 'xlsx')),
    convertWithLibreOffice(join(SOURCES, 'deck.fodp'), 'pptx', join(dir, 'pptx')),
    convertWithLibreOffice(join(SOURCES, 'sales.csv'), 'ods', join(dir, 'ods')),
    convertWithLibreOffice(join(SOURCES, 'report.html'), locked, join(dir, 'locked')),
    convertWithLibreOffice(join(SOURCES, 'budget.fods'), 'xlsx', join(dir, 'budget')),
  ]);
  // The PDF as Writer prints the document (HTML's own PDF export starts with an empty page).
  const pdf = await convertWithLibreOffice(docx, 'pdf', join(dir, 'pdf'));
  Object.assign(made, { docx, xlsx, pptx, pdf, ods, locked: encrypted, budget });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const preview = (path: string) => previewBytes(readFileSync(path), path);
function as<K extends DocumentPreview['kind']>(p: DocumentPreview, kind: K) {
  expect(p.kind).toBe(kind);
  return p as Extract<DocumentPreview, { kind: K }>;
}

describe('previews of files LibreOffice made', () => {
  it('a PDF: its page count (the browser draws the pages)', async () => {
    // LibreOffice writes an uncompressed page tree: its /Count is the number of pages.
    const count = Number(/\/Type\s*\/Pages[^>]*\/Count\s+(\d+)/.exec(readFileSync(made.pdf, 'latin1'))?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(await preview(made.pdf)).toEqual({ kind: 'pdf', path: made.pdf, pages: count });
  });

  it('a DOCX: its HTML, headings, lists and tables kept', async () => {
    const { html } = as(await preview(made.docx), 'html');
    expect(html).toContain('<h1>Quarterly report</h1>');
    expect(html).toMatch(/<strong>twelve percent<\/strong>/);
    expect(html).toMatch(/<li>North region<\/li>/);
    expect(html).toMatch(/<td><p>South<\/p><\/td><td><p>800<\/p><\/td>/);
    // The document's script link lost its target; the web link kept it.
    expect(html).toContain('<a href="https://example.com/figures">the figures</a>');
    expect(html).toContain('<a>a hostile link</a>');
    expect(html).not.toMatch(/javascript/i);
  });

  it('an XLSX: the grid as shown, and the sheet size', async () => {
    const { sheets } = as(await preview(made.xlsx), 'sheets');
    expect(sheets).toHaveLength(1);
    expect(sheets[0]).toMatchObject({ totalRows: 5, totalColumns: 4 });
    expect(sheets[0]!.rows[0]).toEqual(['Region', 'Product', 'Units', 'Price']);
    expect(sheets[0]!.rows[4]).toEqual(['West', 'Gizmo, large', '30', '40']);
  });

  it('an XLSX with two sheets: each in order, a formula as its result, a date as a date', async () => {
    const { sheets } = as(await preview(made.budget), 'sheets');
    expect(sheets.map((s) => s.name)).toEqual(['Costs', 'Notes']);
    expect(sheets[0]!.rows).toEqual([
      ['Item', 'Amount', 'Due'],
      ['Rent', '1500', '2026-03-01'],
      ['Power', '230.5', '2026-03-15'],
      ['Total', '1730.5', ''],
    ]);
    expect(sheets[1]).toEqual({
      name: 'Notes',
      rows: [['Paid from the team budget']],
      totalRows: 1,
      totalColumns: 1,
    });
  });

  it('an ODS: the same grid, with trailing repeated empties not counted', async () => {
    const { sheets } = as(await preview(made.ods), 'sheets');
    expect(sheets[0]).toMatchObject({ totalRows: 5, totalColumns: 4 });
    expect(sheets[0]!.rows[2]).toEqual(['South', 'Gadget', '80', '12.25']);
  });

  it('a CSV: quoted fields, sizes', async () => {
    const { sheets } = as(await preview(join(SOURCES, 'sales.csv')), 'sheets');
    expect(sheets[0]!.rows[4]).toEqual(['West', 'Gizmo, large', '30', '40']);
    expect(sheets[0]).toMatchObject({ totalRows: 5, totalColumns: 4 });
  });

  it('a PPTX: slides as boxes on a 16:9 canvas, titles, bullet levels, notes', async () => {
    const p = as(await preview(made.pptx), 'slides');
    expect(p.aspect).toBeCloseTo(28 / 15.75, 2);
    expect(p.slides.map((s) => s.title)).toEqual(['Launch plan', 'Budget']);
    const [first] = p.slides;
    const title = first!.boxes.find((b) => b.kind === 'title')!;
    expect(title.x).toBeCloseTo(2 / 28, 2);
    expect(title.y).toBeCloseTo(1 / 15.75, 2);
    expect(title.w).toBeCloseTo(24 / 28, 2);
    const body = first!.boxes.find((b) => b.kind === 'text')!;
    expect(body.paragraphs).toEqual([
      { text: 'Ship in March', level: 0 },
      { text: 'Beta first', level: 1 },
      { text: 'Hire two engineers', level: 0 },
    ]);
    expect(first!.notes).toBe('Mention the budget.');
  });
});

describe('previews of other files', () => {
  it('an image: its type by its bytes, whatever its name', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(await previewBytes(png, '/x/photo.jpg')).toEqual({
      kind: 'image',
      path: '/x/photo.jpg',
      mimeType: 'image/png',
    });
  });

  it('a large CSV shows a capped corner and says how big it is', async () => {
    const line = `${Array.from({ length: 60 }, (_, i) => `c${i}`).join(',')}\n`;
    const { sheets } = as(await previewBytes(Buffer.from(line.repeat(100_000)), '/x/big.csv'), 'sheets');
    expect(sheets[0]).toMatchObject({ totalRows: 100_000, totalColumns: 60 });
    expect(sheets[0]!.rows).toHaveLength(200);
    expect(sheets[0]!.rows[0]).toHaveLength(50);
  });

  it('a DOCX with a member inflating past its claim (a zip bomb) is refused before mammoth sees it', async () => {
    const docx = await JSZip.loadAsync(readFileSync(made.docx));
    const zip = Buffer.from(
      await docx
        .file('word/media/zeros.bin', Buffer.alloc(50 * 1024 * 1024))
        .generateAsync({ type: 'uint8array', compression: 'DEFLATE' }),
    );
    claimSize(zip, 'word/media/zeros.bin', 1000);
    await expect(previewBytes(zip, '/x/bomb.docx')).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
      details: { reason: 'zip-bomb' },
    });
  });

  it('an encrypted PDF is DOCUMENT_ENCRYPTED', async () => {
    await expect(preview(made.locked)).rejects.toMatchObject({
      code: 'DOCUMENT_ENCRYPTED',
    });
  });

  it('anything else convertible is its Markdown', async () => {
    const p = await previewBytes(Buffer.from('hello\n'), '/x/notes.txt');
    expect(p).toMatchObject({ kind: 'markdown', format: 'text' });
  });
});

/** Rewrites the size the central directory claims for `name` (the lie a zip bomb tells). */
function claimSize(zip: Buffer, name: string, size: number): void {
  for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; ) {
    const len = zip.readUInt16LE(at + 28);
    if (zip.subarray(at + 46, at + 46 + len).toString() === name)
      return void zip.writeUInt32LE(size, at + 24);
    at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 46);
  }
  throw new Error(`${name} is not in the archive`);
}
