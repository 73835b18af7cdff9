/**
 * ODS: content.xml read through SafeZip and parsed by parseXml (no entities, depth cap). Each cell
 * shows its text as LibreOffice formatted it (text:p), dates as ISO (office:date-value). Repeats
 * (table:number-columns-repeated, number-rows-repeated) are how ODS says "and so on for a million
 * cells": they are never expanded past the caps; empty repeats at the end cost nothing.
 */

import {
  attr,
  childrenNamed,
  descendants,
  isElement,
  localName,
  parseXml,
  textOf,
  type XmlElement,
} from '../../safe-xml.js';
import type { SafeZip } from '../../safe-zip.js';
import { MAX_COLUMNS, SheetRows } from './sheet-rows.js';

export function readOds(zip: SafeZip, cap: number, cut: string[]): SheetRows[] {
  const text = zip.text('content.xml');
  if (text === undefined) return [];
  const { root, droppedDoctype } = parseXml(text);
  if (droppedDoctype)
    cut.push('content.xml: its DOCTYPE was dropped (entities it declares are not expanded).');
  const out: SheetRows[] = [];
  for (const table of tables(root)) {
    const sheet = new SheetRows(attr(table, 'name') ?? `Sheet${out.length + 1}`, cap);
    for (const row of rowsOf(table)) {
      const repeat = Number.parseInt(attr(row, 'number-rows-repeated') ?? '1', 10) || 1;
      const { cells, width } = cellsOf(row);
      sheet.add(cells, Math.max(1, repeat), width);
    }
    out.push(sheet);
  }
  return out;
}

/** table:table elements under office:spreadsheet, in order. */
function tables(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: XmlElement[] = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.name === 'table:table') {
      out.push(e);
      continue;
    }
    for (let i = e.children.length - 1; i >= 0; i--) {
      const c = e.children[i]!;
      if (isElement(c)) stack.push(c);
    }
  }
  return out;
}

/** Rows in order, through row groups and header rows. */
function rowsOf(e: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of e.children) {
    if (!isElement(c)) continue;
    const n = localName(c.name);
    if (n === 'table-row') out.push(c);
    else if (n === 'table-row-group' || n === 'table-header-rows' || n === 'table-rows')
      out.push(...rowsOf(c));
  }
  return out;
}

function cellsOf(row: XmlElement): { cells: string[]; width: number } {
  const cells: string[] = [];
  let pendingEmpty = 0;
  let width = 0;
  for (const c of row.children) {
    if (!isElement(c)) continue;
    const n = localName(c.name);
    if (n !== 'table-cell' && n !== 'covered-table-cell') continue;
    const repeat = Math.max(1, Number.parseInt(attr(c, 'number-columns-repeated') ?? '1', 10) || 1);
    // A covered cell is hidden under a merged one: the merged value is shown once, in its first cell.
    const value = n === 'covered-table-cell' ? '' : cellValue(c);
    if (value === '') {
      pendingEmpty += repeat;
      continue;
    }
    const at = width + pendingEmpty;
    width = at + repeat;
    pendingEmpty = 0;
    while (cells.length < Math.min(at, MAX_COLUMNS)) cells.push('');
    while (cells.length < Math.min(width, MAX_COLUMNS)) cells.push(value);
  }
  return { cells, width };
}

/** Title and author from meta.xml (only those present). */
export function odfMeta(zip: SafeZip): Record<string, string> {
  const text = zip.text('meta.xml');
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  const { root } = parseXml(text);
  const title = descendants(root, 'title')[0];
  const author = descendants(root, 'initial-creator')[0] ?? descendants(root, 'creator')[0];
  if (title && textOf(title).trim()) out.title = textOf(title).trim();
  if (author && textOf(author).trim()) out.author = textOf(author).trim();
  return out;
}

function cellValue(c: XmlElement): string {
  const type = attr(c, 'value-type');
  if (type === 'date') {
    const v = attr(c, 'date-value') ?? '';
    return v.endsWith('T00:00:00') ? v.slice(0, 10) : v.replace(/\.\d+$/, '');
  }
  const paragraphs = childrenNamed(c, 'p').map(paragraphText);
  if (paragraphs.length) return paragraphs.join(' ');
  // A formula LibreOffice saved without its text shows its cached value, or else the formula.
  const value = attr(c, 'value') ?? attr(c, 'string-value') ?? attr(c, 'boolean-value');
  if (value !== undefined) return value;
  const formula = attr(c, 'formula');
  return formula ? `=${formula.replace(/^of:=?/, '')}` : '';
}

/** A paragraph's text: text:s is spaces, text:tab a tab, text:line-break a space (cells are one line). */
function paragraphText(p: XmlElement): string {
  let s = '';
  for (const c of p.children) {
    if (!isElement(c)) s += c;
    else {
      const n = localName(c.name);
      if (n === 's') s += ' '.repeat(Math.min(100, Number.parseInt(attr(c, 'c') ?? '1', 10) || 1));
      else if (n === 'tab' || n === 'line-break') s += ' ';
      else if (n !== 'annotation') s += paragraphText(c);
    }
  }
  return s;
}
