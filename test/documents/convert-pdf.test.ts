import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoworkError } from '../../src/contracts/index.js';
import { convertBytes } from '../../src/documents/convert/index.js';
import { DocumentWorker } from '../../src/documents/worker/client.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { tempDir } from '../helpers/temp-dir.js';

const SOURCE = join(import.meta.dirname, '../fixtures/documents/read-text/report.fodt');
const ENCRYPTED =
  'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"pw"}}';

let pdf: Uint8Array;
let encrypted: Uint8Array;

beforeAll(async () => {
  const dir = tempDir('cowork-pdf-');
  const [plain, locked] = await Promise.all([
    convertWithLibreOffice(SOURCE, 'pdf', join(dir, 'plain')),
    convertWithLibreOffice(SOURCE, ENCRYPTED, join(dir, 'locked')),
  ]);
  pdf = new Uint8Array(readFileSync(plain));
  encrypted = new Uint8Array(readFileSync(locked));
}, 120_000);

async function codeOf(p: Promise<unknown>): Promise<{ code: string; details?: unknown }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoworkError);
  return { code: (err as CoworkError).code, details: (err as CoworkError).details };
}

describe('PDF to Markdown', () => {
  it('gives headings by size, paragraphs, lists, a table and a marker per page, byte for byte the same each time', async () => {
    const a = await convertBytes(pdf, 'report.pdf');
    const b = await convertBytes(pdf, 'report.pdf');
    expect(a.format).toBe('pdf');
    await expect(a.markdown).toMatchFileSnapshot('__snapshots__/convert-pdf.md');
    expect(Buffer.from(b.markdown)).toEqual(Buffer.from(a.markdown));
    expect(b).toEqual(a);
    expect(a.metadata).toEqual({ author: 'Ada Lovelace', pages: 3, title: 'Quarterly Report' });
    expect(a.markdown).toContain('# Sales by Region');
    expect(a.markdown).toContain('## Highlights');
    expect(a.markdown).toContain('### Next steps');
    expect(a.markdown).toContain('| Region | Q1 | Q2 |\n| --- | --- | --- |\n| North | 120 | 135 |');
    expect(a.markdown).toContain('- Revenue up twelve percent\n  - North region led the growth');
  });

  it("points each page's section at that page's text", async () => {
    const { markdown, sections } = await convertBytes(pdf, 'report.pdf');
    const lines = markdown.split('\n');
    const text = (s: (typeof sections)[number]) => lines.slice(s.startLine - 1, s.endLine).join('\n');
    expect(sections.map((s) => [s.kind, s.index])).toEqual([
      ['page', 1],
      ['page', 2],
      ['page', 3],
    ]);
    expect(text(sections[0]!)).toMatch(
      /^<!-- page 1 -->\n\n# Quarterly Report\n[\s\S]*Figures are unaudited\.$/,
    );
    expect(text(sections[1]!)).toMatch(
      /^<!-- page 2 -->\n\n# Sales by Region\n[\s\S]*All regions met their targets\.$/,
    );
    expect(text(sections[2]!)).toMatch(
      /^<!-- page 3 -->\n\n# Outlook\n[\s\S]*budget to hold\.\n\nRisks remain\.[\s\S]*not a list either$/,
    );
  });

  it('reads another producer’s layout (pdfkit): columns of prose stay prose, right-aligned figures make a table, a blank page is said', async () => {
    const r = await convertBytes(await pdfkitSample(), 'sample.pdf');
    const prose =
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.';
    expect(r.markdown).toBe(
      [
        '<!-- page 1 -->',
        '# Annual Review',
        prose,
        prose,
        '| Item | Qty | Price |\n| --- | --- | --- |\n| Apples | 10 | 3.50 |\n| Pears | 200 | 12.00 |\n| Figs | 7 | 125.25 |',
        '## Summary',
        'Short closing words here.',
        '<!-- page 2 -->\n',
      ].join('\n\n'),
    );
    expect(r.cut).toEqual(['No text on page 2 (scanned pages are not read).']);
    expect(r.metadata).toEqual({ pages: 2, title: 'Sample' });
  });

  it('converts only the pages asked for, and says so', async () => {
    const r = await convertBytes(pdf, 'report.pdf', { pages: { from: 2, to: 9 } });
    expect(r.sections.map((s) => s.index)).toEqual([2, 3]);
    expect(r.markdown.startsWith('<!-- page 2 -->\n\n# Sales by Region\n')).toBe(true);
    expect(r.cut).toEqual(['Only pages 2–3 of 3 were asked for.']);
    expect((await codeOf(convertBytes(pdf, 'report.pdf', { pages: { from: 4, to: 5 } }))).code).toBe(
      'INVALID_ARGUMENTS',
    );
  });

  it('refuses an encrypted PDF with DOCUMENT_ENCRYPTED', async () => {
    expect((await codeOf(convertBytes(encrypted, 'locked.pdf'))).code).toBe('DOCUMENT_ENCRYPTED');
  });

  it('refuses a truncated or garbage PDF with DOCUMENT_INVALID', async () => {
    expect((await codeOf(convertBytes(pdf.subarray(0, 900), 'cut.pdf'))).code).toBe('DOCUMENT_INVALID');
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x41)]);
    expect((await codeOf(convertBytes(garbage, 'garbage.pdf'))).code).toBe('DOCUMENT_INVALID');
  });

  it('converts in the built worker bundle (dist/documents-worker.mjs), encrypted files included', async () => {
    const worker = new DocumentWorker({ url: new URL('../../dist/documents-worker.mjs', import.meta.url) });
    try {
      const inWorker = await worker.run({
        op: 'convert',
        bytes: pdf.slice(),
        fileName: 'report.pdf',
        options: {},
      });
      expect(inWorker).toEqual(await convertBytes(pdf, 'report.pdf'));
      const locked = worker.run({
        op: 'convert',
        bytes: encrypted.slice(),
        fileName: 'locked.pdf',
        options: {},
      });
      expect((await codeOf(locked)).code).toBe('DOCUMENT_ENCRYPTED');
    } finally {
      await worker.close();
    }
  });
});

/** Two justified columns of prose, a table whose figures are right-aligned, and a blank page. */
async function pdfkitSample(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: 'Sample', CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  doc.fontSize(24).text('Annual Review', 50, 50);
  const prose =
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.';
  doc.fontSize(10).text(prose, 50, 100, { width: 230, align: 'justify' });
  doc.text(prose, 310, 100, { width: 230, align: 'justify' });
  const rows = [
    ['Item', 'Qty', 'Price'],
    ['Apples', '10', '3.50'],
    ['Pears', '200', '12.00'],
    ['Figs', '7', '125.25'],
  ];
  rows.forEach(([item, qty, price], i) => {
    doc.text(item!, 50, 300 + i * 14);
    doc.text(qty!, 200, 300 + i * 14, { width: 40, align: 'right' });
    doc.text(price!, 260, 300 + i * 14, { width: 60, align: 'right' });
  });
  doc.fontSize(14).text('Summary', 50, 400);
  doc.fontSize(10).text('Short closing words here.', 50, 420);
  doc.addPage();
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
