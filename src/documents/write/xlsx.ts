/**
 * `xlsx.create`: a workbook from sheets of typed cells, written by exceljs's streaming writer
 * (rows are serialised as they are added, so 100k rows cost seconds, not the whole model in
 * memory), strings inline (no shared-strings table to build), styles only where a cell has a
 * number format or weight. A header row is bold and frozen. Formulas are stored without a cached
 * result: Excel and LibreOffice compute them on open.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { XlsxSheetSpec } from '../../contracts/index.js';
import type { BuildRequest, Built } from './writer.js';
import { type Cell, type CellValue, toCell } from './xlsx-cells.js';
import { FIXED_DATE, fixZipTimes } from './zip-times.js';

type Request = Extract<BuildRequest, { tool: 'xlsx.create' }>;

export async function build(request: Request): Promise<Built> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Cowork';
  wb.lastModifiedBy = 'Cowork';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const counts: string[] = [];
  for (const sheet of request.args.sheets) counts.push(writeSheet(wb, sheet));
  await wb.commit();
  await done;
  const sheets = request.args.sheets.length;
  return {
    bytes: fixZipTimes(new Uint8Array(Buffer.concat(chunks))),
    summary: `${sheets} sheet${sheets === 1 ? '' : 's'} (${counts.join('; ')})`,
  };
}

function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, spec: XlsxSheetSpec): string {
  const header = spec.header !== false && spec.rows.length > 0;
  const ws = wb.addWorksheet(spec.name, header ? { views: [{ state: 'frozen', ySplit: 1 }] } : {});
  if (spec.columnWidths?.length) {
    ws.columns = spec.columnWidths.map((width) => ({ width }));
  }
  let formulas = 0;
  spec.rows.forEach((cells, r) => {
    const row = ws.getRow(r + 1);
    cells.forEach((raw, c) => {
      const cell = toCell(raw);
      if (cell.value.kind === 'empty' && !cell.numberFormat && !cell.bold) return;
      if (cell.value.kind === 'formula') formulas++;
      const target = row.getCell(c + 1);
      target.value = excelValue(cell.value);
      const format =
        cell.numberFormat ?? (r > 0 || !header ? (spec.columnFormats?.[c] ?? undefined) : undefined);
      if (format) target.numFmt = format;
      if (cell.bold || (header && r === 0)) target.font = { bold: true };
    });
    row.commit();
  });
  ws.commit();
  const rows = spec.rows.length;
  return `${spec.name}: ${rows} row${rows === 1 ? '' : 's'}${header ? ' with a header' : ''}${
    formulas ? `, ${formulas} formula${formulas === 1 ? '' : 's'}` : ''
  }`;
}

function excelValue(v: CellValue): ExcelJS.CellValue {
  switch (v.kind) {
    case 'empty':
      return null;
    case 'formula':
      return { formula: v.formula } as ExcelJS.CellFormulaValue;
    default:
      return v.value;
  }
}

export type { Cell };
