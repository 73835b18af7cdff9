/**
 * Spreadsheets to Markdown, on files real LibreOffice made from the sources in
 * test/fixtures/documents/read-tables/: one section and one table per sheet, values as shown,
 * merged cells once, trailing empties trimmed, the row cap with its note, the same bytes twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertBytes } from '../../src/documents/convert/index.js';
import { formatNumber } from '../../src/documents/convert/sheets/number-format.js';
import { officeFixtures, SOURCES } from './read-tables-files.js';

let files: Record<string, Uint8Array>;

beforeAll(async () => {
  files = await officeFixtures([
    ['budget.fods', 'xlsx'],
    ['budget.fods', 'ods'],
    ['budget.fods', 'xls'],
    ['orders.csv', 'xlsx'],
  ]);
}, 120_000);

const snap = (name: string) => `./__snapshots__/convert-sheets.${name}.md`;

describe('XLSX and ODS made by LibreOffice', () => {
  it('XLSX: a table per sheet, dates ISO, numbers as formatted, merged cells once, formulas by their results', async () => {
    const r = await convertBytes(files['budget.xlsx']!, 'budget.xlsx');
    expect(r.format).toBe('xlsx');
    await expect(r.markdown).toMatchFileSnapshot(snap('budget-xlsx'));
    expect(r.markdown).toContain('| 2024-01-15 | Rent \\| office | 1,250.50 | 80.0% |');
    expect(r.markdown).toContain('| Total |  | 1,563.13 |  |');
    expect(r.sections.map((s) => [s.kind, s.index, s.name])).toEqual([
      ['sheet', 1, 'Expenses'],
      ['sheet', 2, 'Notes'],
    ]);
    const lines = r.markdown.split('\n');
    for (const s of r.sections) expect(lines[s.startLine - 1]).toBe(`## ${s.name}`);
    expect(r.metadata).toEqual({ author: 'Ada Lovelace', sheets: 2, title: 'Quarterly budget' });
    expect(r.cut).toEqual([]);
  });

  it('ODS gives the same tables as the XLSX of the same source', async () => {
    const ods = await convertBytes(files['budget.ods']!, 'budget.ods');
    const xlsx = await convertBytes(files['budget.xlsx']!, 'budget.xlsx');
    expect(ods.format).toBe('ods');
    await expect(ods.markdown).toMatchFileSnapshot(snap('budget-ods'));
    expect(ods.markdown).toBe(xlsx.markdown);
    expect(ods.sections).toEqual(xlsx.sections);
    expect(ods.metadata).toEqual({ author: 'Ada Lovelace', sheets: 2, title: 'Quarterly budget' });
  });

  it('the same bytes give the same Markdown, byte for byte', async () => {
    for (const name of ['budget.xlsx', 'budget.ods', 'orders.xlsx']) {
      const a = await convertBytes(files[name]!, name);
      const b = await convertBytes(files[name]!, name);
      expect(Buffer.from(a.markdown).equals(Buffer.from(b.markdown))).toBe(true);
      expect(a).toEqual(b);
    }
  });

  it('the row cap keeps the first rows and says which were cut, naming the sheet', async () => {
    for (const name of ['budget.xlsx', 'budget.ods']) {
      const r = await convertBytes(files[name]!, name, { maxRows: 2 });
      expect(r.cut).toEqual([
        'Expenses: rows 3–5 not shown (3 rows; at most 2 are shown).',
        'Notes: rows 3–3 not shown (1 rows; at most 2 are shown).',
      ]);
      expect(r.markdown).toContain('_Expenses: rows 3–5 not shown (3 rows; at most 2 are shown)._');
      expect(r.markdown).not.toContain('Coffee');
    }
  });

  it('CSV made into XLSX by LibreOffice reads back with its quoted fields', async () => {
    const r = await convertBytes(files['orders.xlsx']!, 'orders.xlsx');
    await expect(r.markdown).toMatchFileSnapshot(snap('orders-xlsx'));
    expect(r.markdown).toContain('| 1002 | Widgets "R" Us | 5 |  |');
  });

  it('legacy XLS is refused with a stable code, suggesting XLSX', async () => {
    const err = await convertBytes(files['budget.xls']!, 'budget.xls').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNSUPPORTED_FORMAT', details: { format: 'xls' } });
    expect((err as Error).message).toMatch(/\.xlsx/);
  });
});

describe('XLSX details', () => {
  it('a formula saved without a cached result is shown as its formula', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Calc');
    ws.addRow(['a', 'b', 'sum']);
    ws.addRow([1, 2, { formula: 'A2+B2' }]);
    ws.addRow([3, 4, { formula: 'A3+B3', result: 7 }]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await convertBytes(bytes, 'calc.xlsx');
    expect(r.markdown).toBe(
      [
        '## Calc',
        '',
        '| a | b | sum |',
        '| --- | --- | --- |',
        '| 1 | 2 | =A2+B2 |',
        '| 3 | 4 | 7 |',
        '',
      ].join('\n'),
    );
  });
});

describe('columns', () => {
  it('a cell far to the right: columns past the cap are said, not shown', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Wide');
    ws.getCell('A1').value = 'first';
    ws.getCell(2, 300).value = 'far';
    const r = await convertBytes(new Uint8Array(await wb.xlsx.writeBuffer()), 'wide.xlsx');
    expect(r.cut).toEqual(['Wide: columns 257–300 not shown (at most 256 are shown).']);
    expect(r.markdown).not.toContain('far');
    expect(r.markdown.split('\n')[2]).toBe('| first |');
    const csv = await convertBytes(new TextEncoder().encode(`a${','.repeat(400)}\nb\n`), 'commas.csv');
    expect(csv.cut).toEqual([]);
  });
});

describe('CSV', () => {
  const csv = (text: string, name = 'data.csv', options = {}) =>
    convertBytes(new TextEncoder().encode(text), name, options);

  it('quotes, embedded newlines and delimiters, a BOM, semicolons sniffed', async () => {
    const r = await convertBytes(new Uint8Array(readFileSync(join(SOURCES, 'contacts.csv'))), 'contacts.csv');
    await expect(r.markdown).toMatchFileSnapshot(snap('contacts-csv'));
    expect(r.sections).toEqual([{ kind: 'sheet', index: 1, name: 'contacts', startLine: 1, endLine: 7 }]);
    const bom = await csv('\ufeffa,b\r\n1,"x, ""y"""\r\n');
    expect(bom.markdown).toBe('## data\n\n| a | b |\n| --- | --- |\n| 1 | x, "y" |\n');
  });

  it('tabs in a .tsv, pipes escaped, trailing empty rows and columns trimmed', async () => {
    const r = await csv('k\tv\t\t\nx|y\t2\t\t\n\t\t\t\n\n', 'pairs.tsv');
    expect(r.markdown).toBe('## pairs\n\n| k | v |\n| --- | --- |\n| x\\|y | 2 |\n');
  });

  it('Windows-1252 bytes that are not UTF-8 are read as such', async () => {
    const r = await convertBytes(
      new Uint8Array([0x6e, 0x0a, 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x0a]),
      'cities.csv',
    );
    expect(r.markdown).toContain('| Zürich |');
  });
});

describe('number formats', () => {
  it.each([
    [1234.5, '#,##0.00', '1,234.50'],
    [0.256, '0.0%', '25.6%'],
    [-3, '0.00;(0.00)', '(3.00)'],
    [0, '0.00;-0.00;"zero"', 'zero'],
    [1234567, '0.00E+00', '1.23E+06'],
    [19.9, '[$€-407] #,##0.00', '€ 19.90'],
    [5, '"$"#,##0', '$5'],
    [0.1 + 0.2, 'General', '0.3'],
    [1234567, '#,##0,', '1,235'],
    [7, '000', '007'],
  ])('%s under %s is %s', (n, fmt, shown) => {
    expect(formatNumber(n, fmt)).toBe(shown);
  });
});
