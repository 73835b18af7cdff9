/**
 * CSV and TSV, parsed here: quoted fields (with embedded delimiters, quotes and newlines), the
 * delimiter sniffed from the first lines (comma, semicolon, tab or pipe), a BOM dropped, UTF-8 or
 * (when the bytes are not valid UTF-8) Windows-1252. Rows past the cap are counted, not kept.
 */
import { extname } from 'node:path';
import { SheetRows } from './sheet-rows.js';

const DELIMITERS = [',', ';', '\t', '|'] as const;

export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The delimiter that splits the first lines (outside quotes) most consistently. */
export function sniffDelimiter(text: string, fileName: string): string {
  if (extname(fileName).toLowerCase() === '.tsv') return '\t';
  const sample = text.slice(0, 64 * 1024);
  let best: string = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = firstLines(sample, 20).map((line) => countOutsideQuotes(line, d));
    const nonZero = counts.filter((c) => c > 0);
    if (nonZero.length === 0) continue;
    const mode = nonZero.sort((a, b) => a - b)[Math.floor(nonZero.length / 2)]!;
    // Lines that agree on the count, weighted by how many fields the delimiter makes.
    const score = counts.filter((c) => c === mode).length * 1000 + mode;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function firstLines(text: string, n: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < n; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      lines.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (lines.length < n && start < text.length) lines.push(text.slice(start));
  return lines.filter((l) => l.trim() !== '');
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

/** The rows of a CSV text, each handed to `onRow` as soon as it is complete. */
export function parseCsv(text: string, delimiter: string, onRow: (cells: string[]) => void): void {
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      // Copy up to the next quote at once: long quoted fields are not built a character at a time.
      const next = text.indexOf('"', i);
      const end = next < 0 ? n : next;
      field += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      onRow(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    onRow(row);
  }
}

export function readCsv(bytes: Uint8Array, fileName: string, cap: number): SheetRows {
  const text = decodeText(bytes);
  const name = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || 'Sheet1';
  const sheet = new SheetRows(name, cap);
  parseCsv(text, sniffDelimiter(text, fileName), (cells) => sheet.add(cells));
  return sheet;
}
