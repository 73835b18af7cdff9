/**
 * A terminal's recent output, kept so a client that (re)attaches sees exactly what was on screen.
 * Bounded by lines and bytes (budget: 100k lines in < 50 MB): the oldest chunks go first. Output
 * is kept as the raw bytes the program wrote, escape sequences included — replaying them into a
 * fresh terminal emulator rebuilds the same screen.
 */
/** Writes are gathered into blocks of up to this size. */
const BLOCK = 64 * 1024;

export class Scrollback {
  /** Sealed blocks, oldest first, and the newlines in each. */
  #blocks: Buffer[] = [];
  #blockLines: number[] = [];
  /** The block being gathered: small writes (keystroke echoes, 4 KB reads) are copied once, when it is sealed. */
  #open: Buffer[] = [];
  #openBytes = 0;
  #openLines = 0;
  #totalLines = 0;
  #totalBytes = 0;
  /** Bytes dropped from the front so far (a client can tell it missed the start). */
  dropped = 0;

  constructor(
    private readonly maxLines = 100_000,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  append(data: Buffer): void {
    if (data.length === 0) return;
    let lines = 0;
    for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) lines++;
    this.#open.push(data);
    this.#openBytes += data.length;
    this.#openLines += lines;
    this.#totalLines += lines;
    this.#totalBytes += data.length;
    if (this.#openBytes >= BLOCK) this.#seal();
    // The oldest blocks go first; the block being gathered is always kept.
    while (
      this.#blocks.length > 0 &&
      (this.#totalLines > this.maxLines || this.#totalBytes > this.maxBytes)
    ) {
      const block = this.#blocks.shift()!;
      this.#totalLines -= this.#blockLines.shift()!;
      this.#totalBytes -= block.length;
      this.dropped += block.length;
    }
  }

  /** Everything kept, as one buffer. */
  snapshot(): Buffer {
    this.#seal();
    return Buffer.concat(this.#blocks);
  }

  get bytes(): number {
    return this.#totalBytes;
  }

  get lines(): number {
    return this.#totalLines;
  }

  /** Every byte ever appended: an offset to read what came after (`since`). */
  get written(): number {
    return this.dropped + this.#totalBytes;
  }

  /** Output after `offset` (from `written`) as plain text, at most its last `maxBytes`. */
  since(offset: number, maxBytes = 64 * 1024): string {
    this.#seal();
    const from = Math.max(0, offset - this.dropped, this.#totalBytes - maxBytes);
    // Only the blocks from `from` on are copied, not the whole scrollback (up to 32 MB).
    const parts: Buffer[] = [];
    let start = this.#totalBytes;
    for (let i = this.#blocks.length - 1; i >= 0 && start > from; i--) {
      const block = this.#blocks[i]!;
      start -= block.length;
      parts.unshift(start >= from ? block : block.subarray(from - start));
    }
    return stripAnsi(Buffer.concat(parts).toString('utf8'));
  }

  /** The last `n` lines as text, without escape sequences (what an agent reads), at most `maxBytes`. */
  tail(n: number, maxBytes = 256 * 1024): string {
    this.#seal();
    let first = this.#blocks.length;
    let bytes = 0;
    for (let need = n + 1; first > 0 && need > 0 && bytes < maxBytes; ) {
      need -= this.#blockLines[--first]!;
      bytes += this.#blocks[first]!.length;
    }
    const raw = Buffer.concat(this.#blocks.slice(first));
    const text = stripAnsi(raw.subarray(Math.max(0, raw.length - maxBytes)).toString('utf8'));
    const lines = text.split('\n');
    return lines.slice(Math.max(0, lines.length - n)).join('\n');
  }

  #seal(): void {
    if (this.#open.length === 0) return;
    this.#blocks.push(this.#open.length === 1 ? this.#open[0]! : Buffer.concat(this.#open));
    this.#blockLines.push(this.#openLines);
    this.#open = [];
    this.#openBytes = 0;
    this.#openLines = 0;
  }
}

/** Removes terminal escape sequences (CSI, OSC, single-character escapes) and carriage returns. */
export function stripAnsi(text: string): string {
  const plain = text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are control characters
    /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g,
    '',
  );
  // A carriage return moves back to the line's start: what follows the last one is what shows.
  return plain
    .split('\n')
    .map((line) => {
      const body = line.endsWith('\r') ? line.slice(0, -1) : line;
      const cr = body.lastIndexOf('\r');
      return cr === -1 ? body : body.slice(cr + 1);
    })
    .join('\n');
}
