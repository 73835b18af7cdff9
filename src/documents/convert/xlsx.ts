/**
 * Spreadsheets to Markdown: XLSX/XLSM, ODS and CSV/TSV, one section and one table per sheet,
 * under the row cap (sheets/sheet-rows.ts). Legacy XLS (BIFF) is refused with UNSUPPORTED_FORMAT:
 * no installed library reads it safely.
 */
import { CoworkError } from '../../contracts/index.js';
import { detectFormat } from '../detect-format.js';
import { MarkdownWriter } from '../markdown-writer.js';
import { SafeZip } from '../safe-zip.js';
import type { Converter } from './converter.js';
import { coreProperties, hasMacros, refuseEncrypted } from './ooxml-parts.js';
import { readCsv } from './sheets/csv.js';
import { odfMeta, readOds } from './sheets/ods-reader.js';
import { rowCap, type SheetRows, writeSheets } from './sheets/sheet-rows.js';
import { readXlsx } from './sheets/xlsx-reader.js';

export const convert: Converter = async ({ bytes, fileName, options }) => {
  const format = detectFormat(bytes, fileName);
  const cap = rowCap(options);
  const cut: string[] = [];
  const metadata: Record<string, string | number | boolean> = {};
  let sheets: SheetRows[];
  if (format === 'csv') sheets = [readCsv(bytes, fileName, cap)];
  else if (format === 'xls') {
    throw new CoworkError(
      'UNSUPPORTED_FORMAT',
      'Legacy Excel files (.xls) are not converted; save it as .xlsx (File › Save As) and convert that.',
      { format: 'xls' },
    );
  } else {
    if (format === 'xlsx') refuseEncrypted(bytes);
    const zip = new SafeZip(bytes);
    if (format === 'ods') {
      Object.assign(metadata, odfMeta(zip));
      sheets = readOds(zip, cap, cut);
    } else {
      Object.assign(metadata, coreProperties(zip));
      if (hasMacros(zip)) metadata.macros = true;
      sheets = await readXlsx(zip, cap, cut);
    }
  }
  metadata.sheets = sheets.length;
  const md = new MarkdownWriter();
  cut.push(...writeSheets(md, sheets));
  const { markdown, sections } = md.build();
  return { markdown, sections, cut, metadata, images: [] };
};
