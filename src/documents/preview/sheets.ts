/**
 * A workbook as grids: a capped corner of each sheet (ROWS × COLUMNS) as the text a person sees,
 * with the sheet's real size so the UI can say what it does not show. XLSX through exceljs on a
 * SafeZip stored copy, ODS from its content.xml (repeats capped), CSV by a small parser.
 */
import ExcelJS from 'exceljs';
import type { DocumentPreview, SheetPreview } from '../../contracts/index.js';
import { attr, descendants, localName, parseXml, textOf, type XmlElement } from '../safe-xml.js';
import { SafeZip } from '../safe-zip.js';

export const ROWS = 200;
export const COLUMNS = 50;
const MAX_SHEETS = 100;
const CELL_CHARS = 1000;

type Sheets = Extract<DocumentPreview, { kind: 'sheets' }>;
const cell = (s: string) => (s.length > CELL_CHARS ? `${s.slice(0, CELL_CHARS)}…` : s);

export async function previewXlsx(bytes: Uint8Array, path: string): Promise<Sheets> {
  const stored = await new SafeZip(bytes).storedCopy();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(stored) as unknown as ArrayBuffer);
  const sheets = book.worksheets.slice(0, MAX_SHEETS).map((ws): SheetPreview => {
    const rows: string[][] = [];
    const columns = Math.min(ws.columnCount, COLUMNS);
    for (let r = 1; r <= Math.min(ws.rowCount, ROWS); r++) {
      const row = ws.getRow(r);
      rows.push(Array.from({ length: columns }, (_, c) => cell(display(row.getCell(c + 1).value))));
    }
    return { name: ws.name, rows, totalRows: ws.rowCount, totalColumns: ws.columnCount };
  });
  return { kind: 'sheets', path, sheets };
}

/** A cell's value as shown: a formula's cached result, a date as ISO, rich text as its text. */
function display(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof v !== 'object') return String(v);
  if ('result' in v) return display(v.result as ExcelJS.CellValue);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('text' in v) return String(v.text);
  if ('error' in v) return String(v.error);
  if ('formula' in v || 'sharedFormula' in v) return '';
  return '';
}

export function previewOds(bytes: Uint8Array, path: string): Sheets {
  const content = new SafeZip(bytes).text('content.xml') ?? '';
  const { root } = parseXml(content);
  const sheets = descendants(root, 'table')
    .slice(0, MAX_SHEETS)
    .map((t) => odsSheet(t));
  return { kind: 'sheets', path, sheets };
}

/**
 * One ODS table. Repeated rows and cells (LibreOffice writes a million empty rows as one) count
 * only up to the last one with content; only the shown corner is materialised.
 */
function odsSheet(table: XmlElement): SheetPreview {
  const rows: string[][] = [];
  let rowAt = 0;
  let totalRows = 0;
  let totalColumns = 0;
  for (const row of descendants(table, 'table-row')) {
    const repeat = Math.max(1, Number(attr(row, 'number-rows-repeated')) || 1);
    const cells: string[] = [];
    let colAt = 0;
    let lastFilled = 0;
    for (const c of row.children) {
      if (typeof c === 'string' || !/^(covered-)?table-cell$/.test(localName(c.name))) continue;
      const times = Math.max(1, Number(attr(c, 'number-columns-repeated')) || 1);
      const text = odsCellText(c);
      if (text !== '') lastFilled = colAt + times;
      for (let i = 0; i < times && colAt + i < COLUMNS; i++) cells.push(cell(text));
      colAt += times;
    }
    if (lastFilled > 0) {
      totalRows = rowAt + repeat;
      totalColumns = Math.max(totalColumns, lastFilled);
    }
    for (let i = 0; i < repeat && rowAt + i < ROWS; i++) rows.push(cells);
    rowAt += repeat;
  }
  const shown = rows.slice(0, totalRows).map((r) => r.slice(0, Math.min(totalColumns, COLUMNS)));
  return { name: attr(table, 'name') ?? 'Sheet', rows: shown, totalRows, totalColumns };
}

function odsCellText(c: XmlElement): string {
  const paragraphs = c.children.filter(
    (p): p is XmlElement => typeof p !== 'string' && localName(p.name) === 'p',
  );
  if (paragraphs.length) return paragraphs.map((p) => textOf(p)).join('\n');
  return attr(c, 'value') ?? attr(c, 'date-value') ?? attr(c, 'boolean-value') ?? '';
}

/** CSV (or TSV): RFC 4180 quotes, the delimiter guessed from the first line. */
export function previewCsv(bytes: Uint8Array, path: string): Sheets {
  let text = Buffer.from(bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = ['\t', ';', ','].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  const rows: string[][] = [];
  let totalRows = 0;
  let totalColumns = 0;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) {
      totalRows++;
      totalColumns = Math.max(totalColumns, row.length);
      if (rows.length < ROWS) rows.push(row.slice(0, COLUMNS).map(cell));
    }
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n') endRow();
    else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length) endRow();
  return { kind: 'sheets', path, sheets: [{ name: 'Sheet1', rows, totalRows, totalColumns }] };
}
