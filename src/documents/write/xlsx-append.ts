/**
 * `xlsx.appendRows`: appends rows to one sheet of an existing XLSX by editing that sheet's XML as
 * text: the new `<row>`s go after the last row of `<sheetData>`, numbered on from it, strings
 * inline (`t="inlineStr"`, so the shared-strings table is untouched), and `<dimension>` grows to
 * cover them. A cell takes the style of the cell above it (the last row's, same column), so an
 * appended date or amount looks like the ones before it; a cell's own number format adds a style
 * to styles.xml (the only other member that may change). Every other member keeps its bytes.
 */
import { CoworkError } from '../../contracts/index.js';
import { SafeZip } from '../safe-zip.js';
import { escapeXml, rezip, unescapeXml } from './rezip.js';
import type { BuildRequest, Built } from './writer.js';
import { type Cell, columnLetters, DEFAULT_DATE_FORMAT, excelSerial, toCell } from './xlsx-cells.js';
import { XlsxStyles } from './xlsx-styles.js';

type Request = Extract<BuildRequest, { tool: 'xlsx.appendRows' }>;

export async function build(request: Request): Promise<Built> {
  const zip = new SafeZip(request.source);
  const { name, path } = sheetPart(zip, request.args.sheet);
  const xml = zip.text(path);
  if (xml === undefined)
    throw new CoworkError('DOCUMENT_INVALID', `The workbook names ${path} but has no such part.`);
  const styles = new XlsxStyles(zip.text('xl/styles.xml'));
  const { lastRow, lastStyles, insertAt, selfClosing } = lastRowOf(xml);
  let width = 0;
  let bold = false;
  const rows = request.args.rows.map((raw, i) => {
    const r = lastRow + 1 + i;
    width = Math.max(width, raw.length);
    const cells = raw.map((c, col) => {
      const cell = toCell(c);
      bold ||= !!cell.bold;
      return cellXml(cell, `${columnLetters(col)}${r}`, lastStyles.get(col), styles);
    });
    return `<row r="${r}">${cells.join('')}</row>`;
  });
  const added = rows.join('');
  let next = selfClosing
    ? `${xml.slice(0, insertAt)}<sheetData>${added}</sheetData>${xml.slice(insertAt + selfClosing)}`
    : `${xml.slice(0, insertAt)}${added}${xml.slice(insertAt)}`;
  next = withDimension(next, lastRow + rows.length, width);
  const replaced = new Map([[path, next]]);
  const stylesXml = styles.changed();
  if (stylesXml !== undefined) replaced.set('xl/styles.xml', stylesXml);
  const n = rows.length;
  return {
    bytes: await rezip(zip, replaced),
    summary: `${n} row${n === 1 ? '' : 's'} appended to ${name} (rows ${lastRow + 1}–${lastRow + n})${
      bold ? '; bold is not applied to appended cells' : ''
    }`,
  };
}

/** The sheet's name and its part's path (`xl/worksheets/sheet2.xml`), by name or the first sheet. */
function sheetPart(zip: SafeZip, wanted: string | undefined): { name: string; path: string } {
  const workbook = zip.text('xl/workbook.xml');
  if (workbook === undefined)
    throw new CoworkError('DOCUMENT_INVALID', 'This is not an Excel workbook (no xl/workbook.xml).');
  const sheets = [...workbook.matchAll(/<sheet\b([^>]*)\/?>/g)].map((m) => ({
    name: unescapeXml(attr(m[1]!, 'name') ?? ''),
    rel: attr(m[1]!, 'r:id') ?? '',
  }));
  const sheet = wanted === undefined ? sheets[0] : sheets.find((s) => s.name === wanted);
  if (!sheet) {
    throw new CoworkError(
      'RESOURCE_NOT_FOUND',
      `The workbook has no sheet ${JSON.stringify(wanted)}; its sheets are ${sheets.map((s) => JSON.stringify(s.name)).join(', ')}.`,
    );
  }
  const rels = zip.text('xl/_rels/workbook.xml.rels') ?? '';
  const rel = [...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)].find((m) => attr(m[1]!, 'Id') === sheet.rel);
  const target = rel ? attr(rel[1]!, 'Target') : undefined;
  if (!target)
    throw new CoworkError('DOCUMENT_INVALID', `The workbook does not say where sheet ${sheet.name} is.`);
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  return { name: sheet.name, path };
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}\\s*=\\s*"([^"]*)"`).exec(attrs);
  return m?.[1];
}

/** Where rows go (before `</sheetData>`), the last row's number, and its cells' styles by column. */
function lastRowOf(xml: string): {
  lastRow: number;
  lastStyles: Map<number, string>;
  insertAt: number;
  selfClosing: number;
} {
  const empty = /<sheetData\s*\/>/.exec(xml);
  if (empty)
    return { lastRow: 0, lastStyles: new Map(), insertAt: empty.index, selfClosing: empty[0].length };
  const open = xml.indexOf('<sheetData');
  const close = xml.lastIndexOf('</sheetData>');
  if (open < 0 || close < 0) throw new CoworkError('DOCUMENT_INVALID', 'The sheet has no sheetData.');
  const data = xml.slice(open, close);
  let lastRow = 0;
  let lastAt = -1;
  for (const m of data.matchAll(/<row\b([^>]*)>/g)) {
    const r = attr(m[1]!, 'r');
    lastRow = r ? Number(r) : lastRow + 1;
    lastAt = m.index;
  }
  const lastStyles = new Map<number, string>();
  if (lastAt >= 0) {
    const end = data.indexOf('</row>', lastAt);
    const row = data.slice(lastAt, end < 0 ? undefined : end);
    let col = -1;
    for (const m of row.matchAll(/<c\b([^>]*?)\/?>/g)) {
      const ref = attr(m[1]!, 'r');
      col = ref ? columnIndex(ref) : col + 1;
      const s = attr(m[1]!, 's');
      if (s) lastStyles.set(col, s);
    }
  }
  return { lastRow, lastStyles, insertAt: close, selfClosing: 0 };
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

function cellXml(cell: Cell, ref: string, inherited: string | undefined, styles: XlsxStyles): string {
  const v = cell.value;
  if (v.kind === 'empty' && !cell.numberFormat) return '';
  const format = cell.numberFormat ?? (v.kind === 'date' && !inherited ? DEFAULT_DATE_FORMAT : undefined);
  const style = format ? styles.forFormat(format) : inherited;
  const s = style ? ` s="${style}"` : '';
  switch (v.kind) {
    case 'empty':
      return `<c r="${ref}"${s}/>`;
    case 'string':
      return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v.value)}</t></is></c>`;
    case 'number':
      return `<c r="${ref}"${s}><v>${v.value}</v></c>`;
    case 'boolean':
      return `<c r="${ref}"${s} t="b"><v>${v.value ? 1 : 0}</v></c>`;
    case 'date':
      return `<c r="${ref}"${s}><v>${excelSerial(v.value)}</v></c>`;
    case 'formula':
      return `<c r="${ref}"${s}><f>${escapeXml(v.formula)}</f></c>`;
  }
}

/** `<dimension ref>` covering the rows and columns the sheet now has. */
function withDimension(xml: string, lastRow: number, width: number): string {
  return xml.replace(/<dimension\b[^>]*?ref="([^"]*)"/, (m, ref: string) => {
    const [from = 'A1', to = from] = ref.split(':');
    const toCol = Math.max(columnIndex(to), width - 1);
    const toRow = Math.max(Number(/\d+$/.exec(to)?.[0] ?? 1), lastRow);
    const fromRef = /^[A-Z]+\d+$/.test(from) ? from : 'A1';
    return m.replace(`ref="${ref}"`, `ref="${fromRef}:${columnLetters(toCol)}${toRow}"`);
  });
}
