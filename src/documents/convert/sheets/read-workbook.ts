/**
 * Any spreadsheet (CSV/TSV, XLSX/XLSM, ODS) as its sheets' rows under a row cap, with its
 * metadata: what the Markdown converter writes as tables and the preview shows as grids. Legacy
 * XLS (BIFF) is refused with UNSUPPORTED_FORMAT: no installed library reads it safely.
 */
import { CoworkError } from '../../../contracts/index.js';
import { detectFormat } from '../../detect-format.js';
import { SafeZip } from '../../safe-zip.js';
import { coreProperties, hasMacros, refuseEncrypted } from '../ooxml-parts.js';
import { readCsv } from './csv.js';
import { odfMeta, readOds } from './ods-reader.js';
import type { SheetRows } from './sheet-rows.js';
import { readXlsx } from './xlsx-reader.js';

export interface Workbook {
  sheets: SheetRows[];
  metadata: Record<string, string | number | boolean>;
  /** What reading left out (beyond each sheet's own cut notes). */
  cut: string[];
}

export async function readWorkbook(bytes: Uint8Array, fileName: string, cap: number): Promise<Workbook> {
  const format = detectFormat(bytes, fileName);
  const cut: string[] = [];
  const metadata: Record<string, string | number | boolean> = {};
  if (format === 'csv') return { sheets: [readCsv(bytes, fileName, cap)], metadata, cut };
  if (format === 'xls') {
    throw new CoworkError(
      'UNSUPPORTED_FORMAT',
      'Legacy Excel files (.xls) are not converted; save it as .xlsx (File › Save As) and convert that.',
      { format: 'xls' },
    );
  }
  if (format === 'xlsx') refuseEncrypted(bytes);
  const zip = new SafeZip(bytes);
  if (format === 'ods') return { sheets: readOds(zip, cap, cut), metadata: odfMeta(zip), cut };
  Object.assign(metadata, coreProperties(zip));
  if (hasMacros(zip)) metadata.macros = true;
  return { sheets: await readXlsx(zip, cap, cut), metadata, cut };
}
