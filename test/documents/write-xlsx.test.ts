import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SafeZip } from '../../src/documents/safe-zip.js';
import { build } from '../../src/documents/write/xlsx.js';
import { tempDir } from '../helpers/temp-dir.js';
import { roundTrip } from './write-helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('cowork-xlsx-');
});

const CSV = 'csv:Text - txt - csv (StarCalc):44,34,76,1';

describe('xlsx.create', () => {
  it('writes typed cells, dates, formats and formulas that LibreOffice computes', async () => {
    const built = await build({
      tool: 'xlsx.create',
      args: {
        path: 'sales.xlsx',
        sheets: [
          {
            name: 'Sales',
            header: true,
            columnWidths: [20, 12, 14],
            columnFormats: [null, '0.00', 'yyyy-mm-dd'],
            rows: [
              ['Item', 'Price', 'Sold on', 'Paid'],
              ['Apples', 1.5, { type: 'date', value: '2026-01-31' }, true],
              ['Pears', 2.25, { type: 'date', value: '2026-02-01', numberFormat: 'dd/mm/yyyy' }, false],
              ['Total', '=SUM(B2:B3)', null, null],
              ['Share', { formula: 'B2/B4', numberFormat: '0%' }, null, null],
            ],
          },
        ],
      },
    });
    expect(built.summary).toBe('1 sheet (Sales: 5 rows with a header, 2 formulas)');
    const csv = readFileSync(await roundTrip(built.bytes, dir, 'sales.xlsx', CSV), 'utf8');
    expect(csv.trim().split('\n')).toEqual([
      // LibreOffice quotes text cells: numbers, dates, booleans and formula results are not text.
      '"Item","Price","Sold on","Paid"',
      '"Apples",1.50,2026-01-31,TRUE',
      '"Pears",2.25,01/02/2026,FALSE',
      '"Total",3.75,,',
      '"Share",40%,,',
    ]);
    const zip = new SafeZip(built.bytes);
    const sheet = zip.text('xl/worksheets/sheet1.xml')!;
    expect(sheet).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/);
    expect(sheet).toContain('<f>SUM(B2:B3)</f>');
    expect(sheet).toMatch(/<col min="1" max="1" width="20"/);
    // The header's cells use a style whose font is bold.
    const headerStyle = Number(/<c r="A1" s="(\d+)"/.exec(sheet)![1]);
    const styles = zip.text('xl/styles.xml')!;
    const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!;
    const fontId = Number([...cellXfs.matchAll(/<xf [^>]*fontId="(\d+)"/g)][headerStyle]![1]);
    const fonts = /<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(styles)![1]!.split('</font>');
    expect(fonts[fontId]).toContain('<b/>');
  });

  it('writes several sheets, each LibreOffice reads', async () => {
    const built = await build({
      tool: 'xlsx.create',
      args: {
        path: 'two.xlsx',
        sheets: [
          { name: 'One', header: true, rows: [['a'], [1]] },
          { name: 'Two', header: false, rows: [['x', 'y']] },
        ],
      },
    });
    expect(built.summary).toBe('2 sheets (One: 2 rows with a header; Two: 1 row)');
    const zip = new SafeZip(built.bytes);
    expect(zip.text('xl/workbook.xml')).toMatch(/name="One"[\s\S]*name="Two"/);
    expect(zip.text('xl/worksheets/sheet2.xml')).not.toContain('ySplit');
  });

  it('writes 100 000 rows in seconds, the same bytes every time', async () => {
    const rows: unknown[][] = [['id', 'name', 'amount', 'date', 'total']];
    for (let i = 0; i < 100_000; i++)
      rows.push([i, `name ${i}`, i * 1.5, { type: 'date', value: '2026-01-31' }, `=A${i + 2}*C${i + 2}`]);
    const args = { path: 'big.xlsx', sheets: [{ name: 'Big', rows: rows as never, header: true }] };
    const started = performance.now();
    const a = await build({ tool: 'xlsx.create', args });
    const ms = performance.now() - started;
    console.log(`xlsx.create: 100 000 rows × 5 columns in ${Math.round(ms)} ms, ${a.bytes.length} bytes`);
    expect(ms).toBeLessThan(30_000);
    const b = await build({ tool: 'xlsx.create', args });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('refuses a date cell that is not an ISO date', async () => {
    await expect(
      build({
        tool: 'xlsx.create',
        args: {
          path: 'd.xlsx',
          sheets: [{ name: 'S', header: true, rows: [[{ type: 'date', value: 'tomorrow' }]] }],
        },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
  });
});
