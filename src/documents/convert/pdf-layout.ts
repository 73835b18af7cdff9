/**
 * A PDF page's positioned text pieces (pdf.js text content) turned into Markdown blocks. PDFs
 * have no paragraphs, headings or tables, only glyph runs at coordinates, so the structure is
 * inferred, conservatively:
 * - lines: pieces on one baseline, in the content stream's order (which is the reading order
 *   producers write, columns included); a piece that goes back left starts a new line;
 * - cells: a horizontal gap of over two font sizes inside a line splits it;
 * - headings: lines set clearly larger than the body text (the size most characters have), the
 *   largest sizes giving #, ## and ###;
 * - lists: lines starting with a bullet glyph or `1.`, nested by indentation;
 * - tables: two or more consecutive lines with the same number (≥ 2) of short cells whose
 *   columns line up (left or right edges); anything looser stays text;
 * - paragraphs: consecutive lines of one size, close together.
 */
import { oneLine } from '../markdown-writer.js';

/** One text run as pdf.js gives it: baseline origin (PDF space, y up), width, font size. */
export interface TextPiece {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Cell {
  x: number;
  end: number;
  text: string;
}

export interface Line {
  y: number;
  /** The size most of the line's characters have. */
  size: number;
  cells: Cell[];
}

export type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: { text: string; level: number; ordered: boolean }[] }
  | { type: 'table'; rows: string[][] };

const round = (n: number) => Math.round(n * 2) / 2;
const isBlank = (s: string) => s.trim() === '';

/** Groups a page's pieces into lines, and each line into cells. */
export function linesOf(pieces: readonly TextPiece[]): Line[] {
  const lines: Line[] = [];
  let line: (Line & { end: number; weights: Map<number, number> }) | undefined;
  for (const p of pieces) {
    if (isBlank(p.str) || !(p.size > 0)) continue;
    const sameLine =
      line &&
      Math.abs(p.y - line.y) <= 0.5 * Math.max(line.size, p.size) &&
      p.x >= line.end - Math.max(line.size, p.size);
    if (!line || !sameLine) {
      line = { y: p.y, size: p.size, cells: [], end: p.x, weights: new Map() };
      lines.push(line);
    }
    const cell = line.cells.at(-1);
    const gap = p.x - line.end;
    const unit = Math.min(line.size, p.size);
    if (!cell || gap > 2 * unit) line.cells.push({ x: p.x, end: p.x + p.width, text: p.str });
    else {
      const space = gap > 0.15 * unit && !/\s$/.test(cell.text) && !/^\s/.test(p.str);
      cell.text += (space ? ' ' : '') + p.str;
      cell.end = Math.max(cell.end, p.x + p.width);
    }
    line.end = Math.max(line.end, p.x + p.width);
    const size = round(p.size);
    line.weights.set(size, (line.weights.get(size) ?? 0) + p.str.length);
    line.size = [...line.weights].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  }
  return lines.map(({ y, size, cells }) => ({
    y,
    size,
    cells: cells.map((c) => ({ ...c, text: oneLine(c.text) })),
  }));
}

/** The body size: the one most characters on these lines are set in. */
export function bodySize(lines: readonly Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const chars = l.cells.reduce((n, c) => n + c.text.length, 0);
    weight.set(l.size, (weight.get(l.size) ?? 0) + chars);
  }
  let best = 0;
  let most = -1;
  for (const [size, n] of [...weight].sort((a, b) => a[0] - b[0])) {
    if (n > most) [best, most] = [size, n];
  }
  return best;
}

/** Heading levels by size: sizes clearly above the body's, largest first, as 1, 2, 3 (then 3). */
export function headingLevels(lines: readonly Line[], body: number): Map<number, number> {
  const sizes = [...new Set(lines.map((l) => l.size))]
    .filter((s) => s >= body * 1.15 && s >= body + 1)
    .sort((a, b) => b - a);
  return new Map(sizes.map((s, i) => [s, Math.min(3, i + 1)]));
}

const BULLET = /^[•◦▪▫‣⁃●○■□∙·–—*-]\s+(?=\S)/;
const NUMBERED = /^(\d{1,3})[.)]\s+(?=\S)/;

/** A page's lines as blocks. */
export function blocksOf(lines: readonly Line[], levels: Map<number, number>): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const table = tableAt(lines, i, levels);
    if (table) {
      blocks.push({ type: 'table', rows: table.rows });
      i = table.next;
      continue;
    }
    const line = lines[i]!;
    const text = line.cells.map((c) => c.text).join(' ');
    const level = levels.get(line.size);
    if (level && text.length <= 200) {
      let heading = text;
      i++;
      while (i < lines.length && continues(lines[i - 1]!, lines[i]!) && heading.length <= 200) {
        heading = joinLines(heading, lineText(lines[i]!));
        i++;
      }
      blocks.push({ type: 'heading', level, text: heading });
      continue;
    }
    if (BULLET.test(text) || NUMBERED.test(text)) {
      const list = listAt(lines, i, levels);
      blocks.push({ type: 'list', items: list.items });
      i = list.next;
      continue;
    }
    let para = text;
    i++;
    while (i < lines.length && continues(lines[i - 1]!, lines[i]!, levels) && !tableAt(lines, i, levels)) {
      para = joinLines(para, lineText(lines[i]!));
      i++;
    }
    blocks.push({ type: 'paragraph', text: para });
  }
  return blocks;
}

const lineText = (l: Line) => l.cells.map((c) => c.text).join(' ');

/** Whether `next` carries on the paragraph `prev` is in: same size, just below, not a list item. */
function continues(prev: Line, next: Line, levels?: Map<number, number>): boolean {
  if (next.size !== prev.size) return false;
  const drop = prev.y - next.y;
  if (drop <= 0 || drop > 1.45 * prev.size) return false;
  if (levels) {
    const t = lineText(next);
    if (BULLET.test(t) || NUMBERED.test(t) || levels.has(next.size)) return false;
  }
  return true;
}

/** Joins wrapped lines; a word hyphenated at the end of a line is joined back. */
function joinLines(a: string, b: string): string {
  if (/\p{L}-$/u.test(a) && /^\p{Ll}/u.test(b)) return a.slice(0, -1) + b;
  return `${a} ${b}`;
}

function listAt(
  lines: readonly Line[],
  start: number,
  levels: Map<number, number>,
): { items: { text: string; level: number; ordered: boolean }[]; next: number } {
  const items: { text: string; level: number; ordered: boolean }[] = [];
  const indents: number[] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const text = lineText(line);
    const bullet = BULLET.exec(text) ?? NUMBERED.exec(text);
    if (!bullet || levels.has(line.size)) break;
    if (items.length && !closeBelow(lines[i - 1]!, line)) break;
    const x = line.cells[0]!.x;
    while (indents.length && x < indents.at(-1)! - 2) indents.pop();
    if (!indents.length || x > indents.at(-1)! + 2) indents.push(x);
    let item = text.slice(bullet[0].length);
    i++;
    // A wrapped item: the next line, indented past the bullet, with no bullet of its own.
    while (i < lines.length) {
      const next = lines[i]!;
      const t = lineText(next);
      if (BULLET.test(t) || NUMBERED.test(t) || next.cells[0]!.x <= x + 1 || !continues(lines[i - 1]!, next))
        break;
      item = joinLines(item, t);
      i++;
    }
    items.push({ text: item, level: indents.length - 1, ordered: !BULLET.test(text) });
  }
  return { items, next: i };
}

/** Items of one list are at most a couple of line heights apart. */
function closeBelow(prev: Line, next: Line): boolean {
  const drop = prev.y - next.y;
  return drop > 0 && drop <= 2.5 * Math.max(prev.size, next.size);
}

/**
 * A table starting at line `start`: consecutive lines with the same number of cells (at least
 * two), each column's cells sharing a left or right edge with the first line's, cells short
 * (prose in two columns has long ones), lines close together.
 */
function tableAt(
  lines: readonly Line[],
  start: number,
  levels: Map<number, number>,
): { rows: string[][]; next: number } | undefined {
  const first = lines[start]!;
  const width = first.cells.length;
  if (width < 2 || levels.has(first.size)) return undefined;
  const tol = Math.max(2, 0.6 * first.size);
  const aligned = (l: Line) =>
    l.cells.length === width &&
    l.cells.every((c, j) => {
      const f = first.cells[j]!;
      return Math.abs(c.x - f.x) <= tol || Math.abs(c.end - f.end) <= tol;
    });
  let end = start + 1;
  while (end < lines.length && aligned(lines[end]!) && closeBelow(lines[end - 1]!, lines[end]!)) end++;
  const rows = lines.slice(start, end).map((l) => l.cells.map((c) => c.text));
  if (rows.length < 2) return undefined;
  const cells = rows.flat();
  const average = cells.reduce((n, c) => n + c.length, 0) / cells.length;
  if (average > 30 || cells.some((c) => c.length > 80)) return undefined;
  return { rows, next: end };
}

/** Markdown syntax a line of PDF text would start by accident, escaped. */
export function escapeStart(text: string): string {
  return text.replace(/^(\d+)([.)]\s)/, '$1\\$2').replace(/^(#{1,6}\s|>|[-+*]\s|```|\||<)/, '\\$1');
}
