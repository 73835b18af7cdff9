/**
 * An edited OOXML file: every member read back through SafeZip (under its caps) and zipped again
 * in the original order, the replaced members swapped in; every other member keeps its bytes.
 */
import JSZip from 'jszip';
import type { SafeZip } from '../safe-zip.js';
import { fixZipTimes } from './zip-times.js';

export async function rezip(zip: SafeZip, replaced: Map<string, string>): Promise<Uint8Array> {
  const out = new JSZip();
  for (const e of zip.entries) {
    if (e.name.endsWith('/')) continue;
    const next = replaced.get(e.name);
    out.file(e.name, next === undefined ? zip.read(e.name) : Buffer.from(next, 'utf8'), {
      binary: true,
      createFolders: false,
    });
  }
  const bytes = await out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  return fixZipTimes(bytes);
}

/** Text as XML character data. */
export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** XML character data as text (the five named entities and numeric references). */
export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()]!;
    const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return String.fromCodePoint(code);
  });
}
