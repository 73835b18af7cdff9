/**
 * XLSX (and XLSM: macros are listed in the metadata, never run) with exceljs's streaming reader,
 * fed a SafeZip stored copy, never the file's own bytes. The stored copy puts the workbook, its
 * relationships, the shared strings and the styles before the sheets, so exceljs reads each sheet
 * as it streams (it would otherwise spool sheets to temporary files) and a 100 000-row sheet is
 * never held whole: rows past the cap are only counted.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CoworkError } from '../../../contracts/index.js';
import { attr, childrenNamed, firstChild } from '../../safe-xml.js';
import type { SafeZip } from '../../safe-zip.js';
import { readXml, relationships, relId } from '../ooxml-parts.js';
import { formatNumber, isoDate } from './number-format.js';
import { MAX_COLUMNS, SheetRows } from './sheet-rows.js';

const PAST_CAP = '…';

interface SheetPart {
  name: string;
  member: string;
}

/** The worksheets in workbook order (chart sheets and sheets exceljs cannot stream are said in `cut`). */
function sheetParts(zip: SafeZip, cut: string[]): { sheets: SheetPart[]; date1904: boolean } {
  const book = readXml(zip, 'xl/workbook.xml');
  if (!book) return { sheets: [], date1904: false };
  const rels = relationships(zip, 'xl/workbook.xml');
  const pr = firstChild(book, 'workbookPr');
  const date1904 = pr ? ['1', 'true'].includes(attr(pr, 'date1904') ?? '') : false;
  const sheets: SheetPart[] = [];
  for (const s of childrenNamed(firstChild(book, 'sheets') ?? book, 'sheet')) {
    const name = attr(s, 'name') ?? `Sheet${sheets.length + 1}`;
    const rel = rels.get(relId(s));
    if (rel?.type !== 'worksheet') continue;
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(rel.target) || !zip.has(rel.target)) {
      cut.push(`${name}: not read (its part ${rel.target} is not where Excel keeps worksheets).`);
      continue;
    }
    sheets.push({ name, member: rel.target });
  }
  return { sheets, date1904 };
}

export async function readXlsx(zip: SafeZip, cap: number, cut: string[]): Promise<SheetRows[]> {
  try {
    return await streamSheets(zip, cap, cut);
  } catch (err) {
    // exceljs's own errors (an entity it does not know, a damaged part) say the file is damaged;
    // running out of room (RangeError) and Cowork's own errors keep their meaning.
    if (err instanceof CoworkError || err instanceof RangeError) throw err;
    throw new CoworkError('DOCUMENT_INVALID', `The workbook could not be read: ${(err as Error).message}`, {
      reason: 'xlsx',
    });
  }
}

async function streamSheets(zip: SafeZip, cap: number, cut: string[]): Promise<SheetRows[]> {
  const { sheets, date1904 } = sheetParts(zip, cut);
  if (sheets.length === 0) return [];
  const wanted = new Set(sheets.map((s) => s.member));
  const first = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
  const copy = await zip.storedCopy(
    (n) => first.includes(n) || wanted.has(n),
    [...first, ...sheets.map((s) => s.member)],
  );
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks(copy)), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // Without a shared-strings part exceljs would spool every sheet to a temporary file first.
  (reader as unknown as { sharedStrings: unknown[] }).sharedStrings = [];
  const out: SheetRows[] = [];
  let i = 0;
  for await (const ws of reader) {
    const part = sheets[i++];
    if (!part) break;
    const sheet = new SheetRows(part.name, cap);
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      // Past the cap a row is only counted: whether it has anything in it is all that matters.
      if (sheet.full) {
        sheet.addAt(row.number, row.hasValues ? [PAST_CAP] : []);
        continue;
      }
      const cells: string[] = [];
      let width = 0;
      row.eachCell((cell, col) => {
        const text = cellText(cell, date1904);
        if (text === '') return;
        width = col;
        if (col > MAX_COLUMNS) return;
        while (cells.length < col - 1) cells.push('');
        cells.push(text);
      });
      sheet.addAt(row.number, cells, width);
    }
    out.push(sheet);
  }
  return out;
}

/**
 * The copy in small pieces: exceljs parses each piece it is given at once and keeps all of its
 * events until the piece is done, so one 30 MB piece would be a million objects alive together.
 */
function* chunks(bytes: Uint8Array, size = 256 * 1024): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size)
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(size, bytes.length - at));
}

const isDateFormat = (fmt: string | undefined) =>
  !!fmt &&
  /[ymdhsb]/i.test(
    fmt
      .replace(/\[[^\]]*]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, ''),
  );

const serialToDate = (v: number, date1904: boolean) =>
  new Date(Math.round((v - (date1904 ? 24107 : 25569)) * 86_400_000));

/** What the cell shows: its formatted value, a formula's cached result, or `=FORMULA` when none was saved. */
export function cellText(cell: ExcelJS.Cell, date1904: boolean): string {
  const numFmt = cell.numFmt as string | undefined;
  const value = cell.value as unknown;
  return valueText(value, numFmt, date1904);
}

function valueText(value: unknown, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    return isDateFormat(numFmt) ? isoDate(serialToDate(value, date1904)) : formatNumber(value, numFmt);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  const v = value as Record<string, unknown>;
  if ('richText' in v && Array.isArray(v.richText))
    return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if ('error' in v) return String(v.error);
  if ('formula' in v || 'sharedFormula' in v) {
    if (!('result' in v) || v.result === undefined) return v.formula ? `=${String(v.formula)}` : '';
    // exceljs reads an error result as a number (NaN): the error's own text is not kept.
    if (typeof v.result === 'number' && Number.isNaN(v.result)) return '#ERROR';
    return valueText(v.result, numFmt, date1904);
  }
  if ('text' in v) return valueText(v.text, numFmt, date1904);
  if ('sharedString' in v) return '';
  return '';
}
