/** Counts what a document holds, for its summary in the approval: "3 headings, 12 paragraphs, 1 table". */
export class Tally {
  readonly #counts = new Map<string, number>();

  add(what: string, n = 1): void {
    this.#counts.set(what, (this.#counts.get(what) ?? 0) + n);
  }

  summary(empty: string): string {
    const parts = [...this.#counts].map(([what, n]) => `${n} ${n === 1 ? what : plural(what)}`);
    return parts.length ? parts.join(', ') : empty;
  }
}

const plural = (w: string) => (/(s|x|ch)$/.test(w) ? `${w}es` : `${w}s`);
