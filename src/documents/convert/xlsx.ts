/**
 * Spreadsheets to Markdown: XLSX/XLSM, ODS and CSV/TSV (sheets/read-workbook.ts), one section and
 * one table per sheet, under the row cap (sheets/sheet-rows.ts).
 */
import { MarkdownWriter } from '../markdown-writer.js';
import type { Converter } from './converter.js';
import { readWorkbook } from './sheets/read-workbook.js';
import { rowCap, writeSheets } from './sheets/sheet-rows.js';

export const convert: Converter = async ({ bytes, fileName, options }) => {
  const { sheets, metadata, cut } = await readWorkbook(bytes, fileName, rowCap(options));
  metadata.sheets = sheets.length;
  const md = new MarkdownWriter();
  cut.push(...writeSheets(md, sheets));
  const { markdown, sections } = md.build();
  return { markdown, sections, cut, metadata, images: [] };
};
