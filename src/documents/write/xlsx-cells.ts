/**
 * A spec's cell in one shape for both XLSX writers: a value of one type, or a formula (stored
 * without its leading `=`, as the file keeps it), with its number format and weight. A string
 * that starts with `=` is a formula, as when typed into a spreadsheet.
 */
import { CoworkError, type XlsxCell } from '../../contracts/index.js';

export type CellValue =
  | { kind: 'empty' }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: Date }
  | { kind: 'formula'; formula: string };

export interface Cell {
  value: CellValue;
  numberFormat?: string;
  bold?: boolean;
}

/** A date's format when the spec gives none: ISO, which every locale reads the same way. */
export const DEFAULT_DATE_FORMAT = 'yyyy-mm-dd';

export function toCell(cell: XlsxCell): Cell {
  if (cell === null || typeof cell !== 'object') return { value: scalar(cell) };
  const value: CellValue = cell.formula
    ? { kind: 'formula', formula: stripEquals(cell.formula) }
    : cell.type === 'date'
      ? { kind: 'date', value: toDate(cell.value) }
      : scalar(cell.value ?? null);
  const out: Cell = { value };
  const format = cell.numberFormat ?? (value.kind === 'date' ? DEFAULT_DATE_FORMAT : undefined);
  if (format) out.numberFormat = format;
  if (cell.bold) out.bold = true;
  return out;
}

function scalar(v: string | number | boolean | null): CellValue {
  if (v === null) return { kind: 'empty' };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CoworkError('INVALID_ARGUMENTS', `A cell cannot hold ${v}.`);
    return { kind: 'number', value: v };
  }
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (v.startsWith('=') && v.length > 1) return { kind: 'formula', formula: stripEquals(v) };
  return { kind: 'string', value: v };
}

const stripEquals = (f: string) => f.replace(/^=/, '');

/** An ISO date (`2026-01-31`) or date-time; a number is taken as an Excel serial day. */
function toDate(v: string | number | boolean | null | undefined): Date {
  if (typeof v === 'number') return new Date(Date.UTC(1899, 11, 30) + v * 86_400_000);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
    const d = new Date(/T|\s\d/.test(v) && !/Z|[+-]\d\d:?\d\d$/.test(v) ? `${v}Z` : v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new CoworkError(
    'INVALID_ARGUMENTS',
    `A date cell needs an ISO date like 2026-01-31, not ${JSON.stringify(v)}.`,
  );
}

/** A date as Excel's serial day number (days since 1899-12-30, UTC; the time as a fraction). */
export function excelSerial(d: Date): number {
  return (d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** A 0-based column index as its letters (0 → A, 26 → AA). */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
