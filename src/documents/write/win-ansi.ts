/**
 * pdfkit's built-in fonts (Helvetica, Courier) draw only the Windows-1252 characters; anything
 * else would come out as other glyphs. Text is mapped to what they can draw: common symbols to
 * ASCII look-alikes (→ becomes ->), the rest to "?", counted so the summary can say so.
 */
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const LOOK_ALIKES: Record<string, string> = {
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '⇒': '=>',
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '≈': '~',
  '✓': 'v',
  '✔': 'v',
  '✗': 'x',
  '✘': 'x',
  '☐': '[ ]',
  '☑': '[x]',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '′': "'",
  '″': '"',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u200b': '',
};

export function drawable(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    CP1252_EXTRAS.includes(char) ||
    char === '\n'
  );
}

export class WinAnsi {
  replaced = 0;

  text(s: string): string {
    let out = '';
    for (const ch of s.normalize('NFC')) {
      if (drawable(ch)) out += ch;
      else if (ch in LOOK_ALIKES) out += LOOK_ALIKES[ch];
      else if (ch === '\t') out += '    ';
      else {
        out += '?';
        this.replaced++;
      }
    }
    return out;
  }
}
