/**
 * A terminal's recent output, kept so a client that (re)attaches sees exactly what was on screen.
 * Bounded by lines and bytes (budget: 100k lines in < 50 MB): the oldest chunks go first. Output
 * is kept as the raw bytes the program wrote, escape sequences included — replaying them into a
 * fresh terminal emulator rebuilds the same screen.
 */
/** Writes are gathered into blocks of up to this size. */
const BLOCK = 64 * 1024;

export class Scrollback {
  #chunks: Buffer[] = [];
  #lines: number[] = [];
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
    const last = this.#chunks.length - 1;
    if (last >= 0 && this.#chunks[last]!.length + data.length <= BLOCK) {
      // Small writes (keystroke echoes) join the last block: few, similar-sized blocks to drop.
      this.#chunks[last] = Buffer.concat([this.#chunks[last]!, data]);
      this.#lines[last]! += lines;
    } else {
      this.#chunks.push(data);
      this.#lines.push(lines);
    }
    this.#totalLines += lines;
    this.#totalBytes += data.length;
    // The oldest blocks go first; the newest is always kept, however large.
    while (
      this.#chunks.length > 1 &&
      (this.#totalLines > this.maxLines || this.#totalBytes > this.maxBytes)
    ) {
      const chunk = this.#chunks.shift()!;
      this.#totalLines -= this.#lines.shift()!;
      this.#totalBytes -= chunk.length;
      this.dropped += chunk.length;
    }
  }

  /** Everything kept, as one buffer. */
  snapshot(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  get bytes(): number {
    return this.#totalBytes;
  }

  /** Every byte ever appended: an offset to read what came after (`since`). */
  get written(): number {
    return this.dropped + this.#totalBytes;
  }

  /** Output after `offset` (from `written`) as plain text, at most its last `maxBytes`. */
  since(offset: number, maxBytes = 64 * 1024): string {
    const all = this.snapshot();
    const from = Math.max(0, offset - this.dropped, all.length - maxBytes);
    return stripAnsi(all.subarray(from).toString('utf8'));
  }

  get lines(): number {
    return this.#totalLines;
  }

  /** The last `n` lines as text, without escape sequences (what an agent reads), at most `maxBytes`. */
  tail(n: number, maxBytes = 256 * 1024): string {
    let first = this.#chunks.length;
    let bytes = 0;
    for (let need = n + 1; first > 0 && need > 0 && bytes < maxBytes; ) {
      need -= this.#lines[--first]!;
      bytes += this.#chunks[first]!.length;
    }
    const raw = Buffer.concat(this.#chunks.slice(first));
    const text = stripAnsi(raw.subarray(Math.max(0, raw.length - maxBytes)).toString('utf8'));
    const lines = text.split('\n');
    return lines.slice(Math.max(0, lines.length - n)).join('\n');
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
