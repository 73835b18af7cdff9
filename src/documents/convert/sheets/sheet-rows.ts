/**
 * One sheet's rows as they are read, kept under the row cap: rows past the cap are only counted,
 * empty rows and cells at the end are trimmed, and what was left out is said in words. Every
 * sheet reader (CSV, XLSX, ODS) feeds one of these and writes it with `writeSheets`.
 */
import type { ConvertOptions } from '../../../contracts/index.js';
import { LIMITS } from '../../limits.js';
import type { MarkdownWriter } from '../../markdown-writer.js';

/** Columns shown at most: a sheet a hostile file claims is 16 384 columns wide stops here. */
export const MAX_COLUMNS = 256;

export function rowCap(options: ConvertOptions): number {
  return Math.min(options.maxRows ?? LIMITS.defaultRows, LIMITS.maxRows);
}

export class SheetRows {
  readonly #shown: string[][] = [];
  /** Rows read so far (1-based number of the last row seen, empty or not). */
  #seen = 0;
  /** The number of the last row with something in it: rows after it are trailing and trimmed. */
  #lastFilled = 0;
  #widest = 0;

  constructor(
    readonly name: string,
    readonly cap: number,
  ) {}

  /**
   * The next row (cells in column order; '' for an empty cell), `repeat` times. `width` is how
   * wide the row really is when the reader already stopped at MAX_COLUMNS.
   */
  add(cells: readonly string[], repeat = 1, width = 0): void {
    let end = cells.length;
    while (end > 0 && cells[end - 1] === '') end--;
    if (end === 0 && width <= MAX_COLUMNS) {
      this.#seen += repeat;
      return;
    }
    const row = cells.slice(0, Math.min(end, MAX_COLUMNS));
    this.#widest = Math.max(this.#widest, end, width);
    // Empty rows between filled ones are kept (they are part of the table); trailing ones never are.
    while (this.#shown.length < this.cap && this.#shown.length < this.#seen) this.#shown.push([]);
    for (let i = 0; i < repeat && this.#shown.length < this.cap; i++) this.#shown.push(row);
    this.#seen += repeat;
    this.#lastFilled = this.#seen;
  }

  /** Moves to row `rowNumber` (1-based; rows skipped are empty) and adds it. */
  addAt(rowNumber: number, cells: readonly string[], width = 0): void {
    if (rowNumber - 1 > this.#seen) this.#seen = rowNumber - 1;
    this.add(cells, 1, width);
  }

  /** Whether the cap is reached: later rows are only counted (readers may skip formatting them). */
  get full(): boolean {
    return this.#shown.length >= this.cap;
  }

  get rows(): readonly (readonly string[])[] {
    return this.#shown.slice(0, this.#lastFilled);
  }

  /** Rows with content up to the last filled one. */
  get total(): number {
    return this.#lastFilled;
  }

  /** The widest row's width (columns past MAX_COLUMNS counted, not kept). */
  get columns(): number {
    return this.#widest;
  }

  /** What was left out, in words (none when everything is shown). */
  cutNotes(): string[] {
    const notes: string[] = [];
    const shown = Math.min(this.#lastFilled, this.cap);
    if (this.#lastFilled > shown)
      notes.push(
        `${this.name}: rows ${shown + 1}–${this.#lastFilled} not shown (${this.#lastFilled - shown} rows; at most ${this.cap} are shown).`,
      );
    if (this.#widest > MAX_COLUMNS)
      notes.push(
        `${this.name}: columns ${MAX_COLUMNS + 1}–${this.#widest} not shown (at most ${MAX_COLUMNS} are shown).`,
      );
    return notes;
  }
}

/** Each sheet as a section: `## name`, its table, and a line saying what was cut. */
export function writeSheets(md: MarkdownWriter, sheets: readonly SheetRows[]): string[] {
  const cut: string[] = [];
  sheets.forEach((sheet, i) => {
    md.section('sheet', i + 1, sheet.name);
    md.heading(2, sheet.name);
    const rows = sheet.rows;
    if (rows.length === 0) md.paragraph('_(empty sheet)_');
    else md.table(rows);
    const notes = sheet.cutNotes();
    for (const note of notes) md.paragraph(`_${note}_`);
    cut.push(...notes);
  });
  return cut;
}
