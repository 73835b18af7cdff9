/**
 * Builds a converter's Markdown line by line, keeping track of where each section (page, slide,
 * sheet, chapter, member) starts and ends, so chunks and hits can point back into the file. The
 * output is deterministic: the same calls give the same bytes.
 */
import type { DocumentSection } from '../contracts/index.js';

export class MarkdownWriter {
  readonly #lines: string[] = [];
  readonly #sections: DocumentSection[] = [];
  #open: Omit<DocumentSection, 'endLine'> | undefined;

  /** A block (heading, paragraph, table…): separated from the one before by one blank line. */
  block(text: string): this {
    const lines = text.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
    if (lines.length === 1 && lines[0] === '') return this;
    if (this.#lines.length > 0 && this.#lines.at(-1) !== '') this.#lines.push('');
    this.#lines.push(...lines);
    return this;
  }

  heading(level: number, text: string): this {
    const clean = oneLine(text);
    return clean ? this.block(`${'#'.repeat(Math.min(6, Math.max(1, level)))} ${clean}`) : this;
  }

  paragraph(text: string): this {
    return this.block(text.trim());
  }

  /** A Markdown table; the first row is the header. Cells are escaped and kept on one line. */
  table(rows: readonly (readonly string[])[]): this {
    if (rows.length === 0) return this;
    const width = Math.max(1, ...rows.map((r) => r.length));
    const line = (r: readonly string[]) =>
      `| ${Array.from({ length: width }, (_, i) => tableCell(r[i] ?? '')).join(' | ')} |`;
    const [head, ...body] = rows;
    return this.block([line(head!), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n'));
  }

  /** A list; `level` nests by two spaces. */
  list(items: readonly { text: string; level?: number }[], ordered = false): this {
    // Numbers count per level: a nested list starts at 1 again.
    const counters: number[] = [];
    const lines = items.map((it) => {
      const level = it.level ?? 0;
      counters.length = level + 1;
      counters[level] = (counters[level] ?? 0) + 1;
      return `${'  '.repeat(level)}${ordered ? `${counters[level]}.` : '-'} ${oneLine(it.text)}`;
    });
    return this.block(lines.join('\n'));
  }

  /** Starts a section (ending the one open); its lines are those written until the next one. */
  section(kind: DocumentSection['kind'], index: number, name?: string): this {
    this.#close();
    if (this.#lines.length > 0 && this.#lines.at(-1) !== '') this.#lines.push('');
    this.#open = { kind, index, startLine: this.#lines.length + 1, ...(name ? { name } : {}) };
    return this;
  }

  /** Lines written so far. */
  get lineCount(): number {
    return this.#lines.length;
  }

  get length(): number {
    return this.#lines.reduce((n, l) => n + l.length + 1, 0);
  }

  build(): { markdown: string; sections: DocumentSection[] } {
    this.#close();
    const markdown = this.#lines.length ? `${this.#lines.join('\n')}\n` : '';
    return { markdown, sections: [...this.#sections] };
  }

  #close(): void {
    if (!this.#open) return;
    // Trailing blank lines belong to no section.
    let end = this.#lines.length;
    while (end > this.#open.startLine && this.#lines[end - 1] === '') end--;
    this.#sections.push({ ...this.#open, endLine: Math.max(this.#open.startLine, end) });
    this.#open = undefined;
  }
}

/** Collapses whitespace (a heading or list item is one line). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A table cell: one line, pipes escaped. */
export function tableCell(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}
