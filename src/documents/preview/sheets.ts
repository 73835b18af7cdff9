/**
 * A workbook as grids: a capped corner of each sheet (ROWS × COLUMNS) as the text a person sees
 * (the same readers as the Markdown conversion: formatted values, a formula's cached result),
 * with the sheet's real size so the UI can say what it does not show.
 */
import type { DocumentPreview, SheetPreview } from '../../contracts/index.js';
import { readWorkbook } from '../convert/sheets/read-workbook.js';

export const ROWS = 200;
export const COLUMNS = 50;
const MAX_SHEETS = 100;
const CELL_CHARS = 1000;

type Sheets = Extract<DocumentPreview, { kind: 'sheets' }>;
const cell = (s: string) => (s.length > CELL_CHARS ? `${s.slice(0, CELL_CHARS)}…` : s);

export async function previewSheets(bytes: Uint8Array, path: string): Promise<Sheets> {
  const { sheets } = await readWorkbook(bytes, path, ROWS);
  return {
    kind: 'sheets',
    path,
    sheets: sheets.slice(0, MAX_SHEETS).map(
      (s): SheetPreview => ({
        name: s.name,
        rows: s.rows.map((r) =>
          Array.from({ length: Math.min(s.columns, COLUMNS) }, (_, i) => cell(r[i] ?? '')),
        ),
        totalRows: s.total,
        totalColumns: s.columns,
      }),
    ),
  };
}
