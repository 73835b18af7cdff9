/**
 * The hostile-file corpus, generated here (nothing big is committed): each file gives a stable
 * error code or a capped result, in bounded time and memory.
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertBytes } from '../../src/documents/convert/index.js';
import { bigSheetData, billionLaughs, officeFixtures, xlsxWithSheet } from './read-tables-files.js';
import { png } from './write-helpers.js';
import { rawZip } from './zip-builder.js';

const text = (s: string) => new TextEncoder().encode(s);

/** Runs `fn`, sampling the heap meanwhile: a generous sanity bound, not a benchmark. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; peakHeapMb: number }> {
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 10);
  const start = Date.now();
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { result, ms: Date.now() - start, peakHeapMb: (peak - base) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

describe('ZIP bombs', () => {
  it('a member that claims 1 KB and inflates to 50 MB stops at its claim (zip-bomb)', async () => {
    const bomb = rawZip([
      { name: 'readme.csv', data: new Uint8Array(50 * 2 ** 20), deflate: true, claimSize: 1024 },
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    await expect(convertBytes(bomb, 'bomb.zip', { member: 'readme.csv' })).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
      details: { reason: 'zip-bomb' },
    });
    // The listing itself never inflates anything.
    const listed = await convertBytes(bomb, 'bomb.zip');
    expect(listed.markdown).toContain('| readme.csv | 1024 |');
  });

  it('the same lie inside an XLSX sheet', async () => {
    const honest = xlsxWithSheet(bigSheetData(3));
    const zip = await JSZip.loadAsync(honest);
    const lying = rawZip(
      await Promise.all(
        Object.values(zip.files).map(async (f) => {
          const data = await f.async('uint8array');
          if (f.name !== 'xl/worksheets/sheet1.xml') return { name: f.name, data };
          const huge = new Uint8Array(40 * 2 ** 20).fill(0x20);
          huge.set(data.subarray(0, data.length - '</worksheet>'.length));
          return { name: f.name, data: huge, deflate: true, claimSize: data.length };
        }),
      ),
    );
    await expect(convertBytes(lying, 'lying.xlsx')).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
      details: { reason: 'zip-bomb' },
    });
  });

  it('members claiming more than the archive budget in all', async () => {
    const claims = rawZip(
      Array.from({ length: 4 }, (_, i) => ({
        name: `part${i}.bin`,
        data: text('x'),
        claimSize: 0xffff_0000,
      })),
    );
    await expect(convertBytes(claims, 'claims.zip')).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
      details: { reason: 'zip-bomb' },
    });
  });

  it('100 000 tiny entries (zip-entries)', async () => {
    const many = rawZip(
      Array.from({ length: 100_000 }, (_, i) => ({ name: `f${i}`, data: new Uint8Array(0) })),
    );
    const { result, ms } = await measured(() => convertBytes(many, 'many.zip').catch((e: unknown) => e));
    expect(result).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', details: { reason: 'zip-entries' } });
    expect(ms).toBeLessThan(10_000);
  });

  it('a truncated archive is DOCUMENT_INVALID', async () => {
    const whole = xlsxWithSheet(bigSheetData(10));
    for (const [bytes, name] of [
      [whole.slice(0, whole.length - 30), 'cut.xlsx'],
      [whole.slice(0, whole.length - 30), 'cut.zip'],
    ] as const) {
      await expect(convertBytes(bytes, name)).rejects.toMatchObject({ code: 'DOCUMENT_INVALID' });
    }
  });
});

describe('billion laughs', () => {
  it('in a sheet: the entities are never expanded (DOCUMENT_INVALID, at once)', async () => {
    const xlsx = xlsxWithSheet(
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>',
      [],
      'Laughs',
      billionLaughs('worksheet'),
    );
    const { result, ms, peakHeapMb } = await measured(() =>
      convertBytes(xlsx, 'laughs.xlsx').catch((e: unknown) => e),
    );
    expect(result).toMatchObject({ code: 'DOCUMENT_INVALID', details: { reason: 'xlsx' } });
    expect(ms).toBeLessThan(5_000);
    expect(peakHeapMb).toBeLessThan(200);
  });

  it('in an ODS content.xml: the DOCTYPE is dropped and said', async () => {
    const content = `<?xml version="1.0"?>${billionLaughs('office:document-content')}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="T"><table:table-row><table:table-cell office:value-type="string"><text:p>&lol9;</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`;
    const r = await convertBytes(ods(content), 'laughs.ods');
    expect(r.markdown).toBe('## T\n\n| &lol9; |\n| --- |\n');
    expect(r.cut).toEqual(['content.xml: its DOCTYPE was dropped (entities it declares are not expanded).']);
  });

  describe('in a slide', () => {
    let deck: Uint8Array;
    beforeAll(async () => {
      deck = (await officeFixtures([['deck.fodp', 'pptx']]))['deck.pptx']!;
    }, 120_000);

    it('converts with the entity left as text and the DOCTYPE said in cut', async () => {
      const zip = await JSZip.loadAsync(deck);
      const slide = await zip.file('ppt/slides/slide1.xml')!.async('string');
      const patched = slide
        .replace('<p:sld ', `${billionLaughs('p:sld')}<p:sld `)
        .replace('<a:t>Where we go next</a:t>', '<a:t>&lol9;</a:t>');
      expect(patched).toContain('&lol9;</a:t>');
      zip.file('ppt/slides/slide1.xml', patched);
      const {
        result: r,
        ms,
        peakHeapMb,
      } = await measured(async () =>
        convertBytes(new Uint8Array(await zip.generateAsync({ type: 'uint8array' })), 'laughs.pptx'),
      );
      expect(r.markdown).toContain('## Slide 1: Roadmap 2025\n\n&lol9;\n');
      expect(r.cut).toEqual([
        'ppt/slides/slide1.xml: its DOCTYPE was dropped (entities it declares are not expanded).',
      ]);
      expect(ms).toBeLessThan(10_000);
      expect(peakHeapMb).toBeLessThan(200);
    });
  });
});

function ods(content: string): Uint8Array {
  return rawZip([
    { name: 'mimetype', data: text('application/vnd.oasis.opendocument.spreadsheet') },
    { name: 'content.xml', data: text(content), deflate: true },
  ]);
}

const odsTable = (rows: string) =>
  ods(
    `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Wide">${rows}</table:table></office:spreadsheet></office:body></office:document-content>`,
  );

describe('huge sheets', () => {
  it('a 1 000 000-row CSV: the first rows, a cut note, bounded time and heap', async () => {
    const lines = ['id,name,value'];
    for (let i = 1; i <= 1_000_000; i++) lines.push(`${i},"row ${i}",${i * 2}`);
    const bytes = text(lines.join('\n'));
    const { result: r, ms, peakHeapMb } = await measured(() => convertBytes(bytes, 'million.csv'));
    expect(r.cut).toEqual(['million: rows 1001–1000001 not shown (999001 rows; at most 1000 are shown).']);
    expect(r.markdown.split('\n')).toHaveLength(2 + 1001 + 2 + 1);
    // The header is sheet row 1: rows 1–1000 are the header and 999 data rows.
    expect(r.markdown).toContain('| 999 | row 999 | 1998 |\n');
    expect(r.markdown).not.toContain('\n| 1000 |');
    expect(ms).toBeLessThan(30_000);
    expect(peakHeapMb).toBeLessThan(600);
  });

  it('a 200 000-row XLSX: streamed, capped, with a cut note', async () => {
    const bytes = xlsxWithSheet(bigSheetData(200_000));
    const {
      result: r,
      ms,
      peakHeapMb,
    } = await measured(() => convertBytes(bytes, 'big.xlsx', { maxRows: 500 }));
    expect(r.cut).toEqual(['Big: rows 501–200000 not shown (199500 rows; at most 500 are shown).']);
    expect(r.markdown).toContain('| 500 | item 500 | 750 |');
    expect(r.markdown).not.toContain('item 501');
    expect(ms).toBeLessThan(60_000);
    expect(peakHeapMb).toBeLessThan(400);
  }, 120_000);

  it('ODS number-columns-repeated=1000000 and number-rows-repeated=1000000 are never expanded', async () => {
    const bytes = odsTable(
      '<table:table-row><table:table-cell office:value-type="string"><text:p>h</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>' +
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string"><text:p>again</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000000"/></table:table-row>' +
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>',
    );
    const {
      result: r,
      ms,
      peakHeapMb,
    } = await measured(() => convertBytes(bytes, 'wide.ods', { maxRows: 3 }));
    expect(r.cut).toEqual([
      'Wide: rows 4–1000001 not shown (999998 rows; at most 3 are shown).',
      'Wide: columns 257–1000001 not shown (at most 256 are shown).',
    ]);
    const header = r.markdown.split('\n')[2]!;
    expect(header.split(' | ')).toHaveLength(256);
    expect(r.markdown).toContain('\n| again |');
    expect(ms).toBeLessThan(5_000);
    expect(peakHeapMb).toBeLessThan(100);
  });
});

describe('macros and lies', () => {
  it('an .xlsm with a vbaProject.bin converts; macros flagged, never run', async () => {
    const xlsm = xlsxWithSheet(bigSheetData(2), [
      {
        name: 'xl/vbaProject.bin',
        data: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 9, 9]),
      },
    ]);
    const r = await convertBytes(xlsm, 'macro.xlsm');
    expect(r.format).toBe('xlsx');
    expect(r.metadata).toEqual({ macros: true, sheets: 1 });
    expect(r.markdown).toContain('| 2 | item 2 | 3 |');
  });

  it('a password-protected XLSX (an OLE2 container) is DOCUMENT_ENCRYPTED', async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(convertBytes(ole, 'secret.xlsx')).rejects.toMatchObject({ code: 'DOCUMENT_ENCRYPTED' });
    await expect(convertBytes(ole, 'secret.pptx')).rejects.toMatchObject({ code: 'DOCUMENT_ENCRYPTED' });
  });

  it('a PNG with a lying header is DOCUMENT_INVALID', async () => {
    const good = png(2, 2);
    const zeroSize = good.slice();
    zeroSize.fill(0, 16, 24);
    const wrongChunk = good.slice();
    wrongChunk.set(text('IDAT'), 12);
    const cutShort = good.slice(0, 20);
    for (const bytes of [zeroSize, wrongChunk, cutShort]) {
      await expect(convertBytes(bytes, 'lie.png')).rejects.toMatchObject({
        code: 'DOCUMENT_INVALID',
        details: { reason: 'image' },
      });
    }
    const huge = good.slice();
    new DataView(huge.buffer).setUint32(16, 0x8000_0000);
    await expect(convertBytes(huge, 'lie.png')).rejects.toMatchObject({ code: 'DOCUMENT_INVALID' });
  });
});
