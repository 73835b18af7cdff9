/**
 * The cell styles of an existing workbook (xl/styles.xml), grown only when an appended cell asks
 * for a number format no style has yet: a custom `<numFmt>` and an `<xf>` using it are added, the
 * counts kept right. Untouched, the part keeps its bytes.
 */
import { escapeXml, unescapeXml } from './rezip.js';

/** Excel's built-in formats that need no `<numFmt>` (ids from ECMA-376, 18.8.30). */
const BUILT_IN: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  'mm-dd-yy': 14,
  'h:mm': 20,
  'h:mm:ss': 21,
  'm/d/yy h:mm': 22,
  '@': 49,
};

export class XlsxStyles {
  #xml: string | undefined;
  #changed = false;
  readonly #byFormat = new Map<string, string>();

  constructor(xml: string | undefined) {
    this.#xml = xml;
  }

  /** The index of a style with this number format (and nothing else), added when there is none. */
  forFormat(format: string): string | undefined {
    const known = this.#byFormat.get(format);
    if (known) return known;
    if (this.#xml === undefined) return undefined;
    let xml = this.#xml;
    let id = BUILT_IN[format];
    if (id === undefined) {
      const existing = [...xml.matchAll(/<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"/g)];
      const same = existing.find((m) => unescapeXml(m[2]!) === format);
      if (same) id = Number(same[1]);
      else {
        id = Math.max(163, ...existing.map((m) => Number(m[1]))) + 1;
        const numFmt = `<numFmt numFmtId="${id}" formatCode="${escapeXml(format).replace(/"/g, '&quot;')}"/>`;
        xml = /<numFmts\b[^>]*>/.test(xml)
          ? bumpCount(xml.replace(/<\/numFmts>/, `${numFmt}</numFmts>`), 'numFmts')
          : xml.replace(/(<styleSheet\b[^>]*>)/, `$1<numFmts count="1">${numFmt}</numFmts>`);
      }
    }
    const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml);
    if (!cellXfs) return undefined;
    const index = (cellXfs[1]!.match(/<xf\b/g) ?? []).length;
    xml = bumpCount(
      xml.replace(
        /<\/cellXfs>/,
        `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>`,
      ),
      'cellXfs',
    );
    this.#xml = xml;
    this.#changed = true;
    this.#byFormat.set(format, String(index));
    return String(index);
  }

  /** The new styles.xml, or undefined when nothing was added. */
  changed(): string | undefined {
    return this.#changed ? this.#xml : undefined;
  }
}

function bumpCount(xml: string, element: string): string {
  return xml.replace(
    new RegExp(`<${element}\\b([^>]*?)count="(\\d+)"`),
    (_m, attrs: string, n: string) => `<${element}${attrs}count="${Number(n) + 1}"`,
  );
}
