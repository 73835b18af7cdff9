import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Footer, Header, Packer, Paragraph } from 'docx';
import { beforeAll, describe, expect, it } from 'vitest';
import { SafeZip } from '../../src/documents/safe-zip.js';
import { build as createDocx } from '../../src/documents/write/docx.js';
import { build as replaceText } from '../../src/documents/write/docx-replace.js';
import { build as appendRows } from '../../src/documents/write/xlsx-append.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { tempDir } from '../helpers/temp-dir.js';
import { roundTrip } from './write-helpers.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/documents/write');
const CSV = 'csv:Text - txt - csv (StarCalc):44,34,76,1';
let dir: string;
let contract: Buffer;
let ledger: Buffer;

beforeAll(async () => {
  dir = tempDir('cowork-edits-');
  // Real office files, made by LibreOffice from the sources in the repository.
  contract = readFileSync(
    await convertWithLibreOffice(join(FIXTURES, 'contract.html'), 'docx:MS Word 2007 XML', join(dir, 'src')),
  );
  ledger = readFileSync(await convertWithLibreOffice(join(FIXTURES, 'ledger.csv'), 'xlsx', join(dir, 'src')));
});

/** The members whose bytes differ between two archives (and those only one has). */
function changedMembers(before: Uint8Array, after: Uint8Array): string[] {
  const a = new SafeZip(before);
  const b = new SafeZip(after);
  const names = new Set([...a.entries, ...b.entries].map((e) => e.name).filter((n) => !n.endsWith('/')));
  return [...names].filter((n) => !a.has(n) || !b.has(n) || !a.read(n).equals(b.read(n))).sort();
}

describe('docx.replaceText', () => {
  it('replaces every occurrence in a LibreOffice document, changing only word/document.xml', async () => {
    const built = await replaceText({
      tool: 'docx.replaceText',
      args: {
        path: 'c.docx',
        replacements: [{ find: 'Acme Corp', replace: 'Globex & Sons <Ltd>', all: true }],
      },
      source: contract,
    });
    expect(built.summary).toBe('3 replacements: "Acme Corp" → "Globex & Sons <Ltd>" (3)');
    expect(changedMembers(contract, built.bytes)).toEqual(['word/document.xml']);
    const txt = readFileSync(await roundTrip(built.bytes, dir, 'replaced.docx', 'txt:Text'), 'utf8');
    expect(txt).toContain('This agreement is between Globex & Sons <Ltd> and the Client.');
    expect(txt).toContain('Signed for Globex & Sons <Ltd>.');
    expect(txt).not.toContain('Acme');
    expect(txt).toContain('Service contract');
  });

  it('finds text split across runs and keeps the first run’s formatting', async () => {
    const made = await createDocx({
      tool: 'docx.create',
      args: { path: 's.docx', blocks: [{ type: 'paragraph', text: 'Pay **Ac**me *Inc* now.' }] },
      images: {},
    });
    const built = await replaceText({
      tool: 'docx.replaceText',
      args: { path: 's.docx', replacements: [{ find: 'Acme Inc', replace: 'Globex', all: false }] },
      source: made.bytes,
    });
    const xml = new SafeZip(built.bytes).text('word/document.xml')!;
    expect(xml).toMatch(
      /<w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">Globex<\/w:t><\/w:r>/,
    );
    const txt = readFileSync(await roundTrip(built.bytes, dir, 'split.docx', 'txt:Text'), 'utf8');
    expect(txt.trim()).toBe('Pay Globex now.');
    expect(changedMembers(made.bytes, built.bytes)).toEqual(['word/document.xml']);
  });

  it('replaces in headers and footers too', async () => {
    const doc = new Document({
      sections: [
        {
          headers: { default: new Header({ children: [new Paragraph('Acme confidential')] }) },
          footers: { default: new Footer({ children: [new Paragraph('© Acme')] }) },
          children: [new Paragraph('Body without the name.')],
        },
      ],
    });
    const source = await Packer.toBuffer(doc);
    const built = await replaceText({
      tool: 'docx.replaceText',
      args: { path: 'h.docx', replacements: [{ find: 'Acme', replace: 'Globex', all: true }] },
      source,
    });
    expect(built.summary).toBe('2 replacements: "Acme" → "Globex" (2)');
    const zip = new SafeZip(built.bytes);
    const parts = changedMembers(source, built.bytes);
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => /^word\/(header|footer)\d*\.xml$/.test(p))).toBe(true);
    expect(parts.map((p) => zip.text(p)).join('')).toMatch(
      /Globex confidential[\s\S]*© Globex|© Globex[\s\S]*Globex confidential/,
    );
  });

  it('is a CONFLICT when the text is missing, or occurs more than once without all', async () => {
    const run = (find: string) =>
      replaceText({
        tool: 'docx.replaceText',
        args: { path: 'c.docx', replacements: [{ find, replace: 'x', all: false }] },
        source: contract,
      });
    await expect(run('Initech')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '"Initech" is not in the document; nothing was replaced.',
    });
    await expect(run('Acme Corp')).rejects.toMatchObject({ code: 'CONFLICT', details: { occurrences: 3 } });
  });
});

describe('xlsx.appendRows', () => {
  it('appends typed rows after the last one, changing only the sheet; LibreOffice computes them', async () => {
    const built = await appendRows({
      tool: 'xlsx.appendRows',
      args: {
        path: 'l.xlsx',
        rows: [
          ['Phone & net', 45.25],
          ['Total', '=SUM(B2:B5)'],
          ['Paid', true],
        ],
      },
      source: ledger,
    });
    expect(built.summary).toBe('3 rows appended to ledger (rows 5–7)');
    const sheetPath = 'xl/worksheets/sheet1.xml';
    expect(changedMembers(ledger, built.bytes)).toEqual([sheetPath]);
    const sheet = new SafeZip(built.bytes).text(sheetPath)!;
    expect(sheet).toMatch(/<dimension ref="A1:B7"\/>/);
    expect(sheet).toMatch(
      /<row r="5"><c r="A5"( s="\d+")? t="inlineStr"><is><t xml:space="preserve">Phone &amp; net<\/t><\/is><\/c>/,
    );
    const csv = readFileSync(await roundTrip(built.bytes, dir, 'appended.xlsx', CSV), 'utf8');
    expect(csv.trim().split('\n')).toEqual([
      '"Name","Amount"',
      '"Rent",1200',
      '"Power",80.5',
      '"Water",30',
      '"Phone & net",45.25',
      '"Total",1355.75',
      '"Paid",TRUE',
    ]);
  });

  it('adds a style for a date (styles.xml is then the only other change)', async () => {
    const built = await appendRows({
      tool: 'xlsx.appendRows',
      args: {
        path: 'l.xlsx',
        sheet: 'ledger',
        rows: [
          [
            { type: 'date', value: '2026-01-31' },
            { value: 0.5, numberFormat: '0.0%' },
          ],
        ],
      },
      source: ledger,
    });
    expect(changedMembers(ledger, built.bytes)).toEqual(['xl/styles.xml', 'xl/worksheets/sheet1.xml']);
    const csv = readFileSync(await roundTrip(built.bytes, dir, 'dated.xlsx', CSV), 'utf8');
    expect(csv.trim().split('\n').at(-1)).toBe('2026-01-31,50.0%');
  });

  it('refuses a sheet the workbook does not have', async () => {
    await expect(
      appendRows({
        tool: 'xlsx.appendRows',
        args: { path: 'l.xlsx', sheet: 'Nope', rows: [[1]] },
        source: ledger,
      }),
    ).rejects.toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
      message: 'The workbook has no sheet "Nope"; its sheets are "ledger".',
    });
  });
});
