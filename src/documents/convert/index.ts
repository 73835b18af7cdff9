/**
 * Any supported file to Markdown: the format is told by the bytes (detect-format.ts), each format
 * has its own converter, and what every converter returns is bounded and normalised here (the
 * Markdown cap, sorted metadata) so the same bytes always give the same result.
 */
import type { ConvertOptions, ConvertResult, DocumentFormat } from '../../contracts/index.js';
import { CoworkError } from '../../contracts/index.js';
import { detectFormat } from '../detect-format.js';
import { LIMITS } from '../limits.js';
import type { Converter } from './converter.js';
import { convert as docx } from './docx.js';
import { convert as epub } from './epub.js';
import { convert as html } from './html.js';
import { convert as image } from './image.js';
import { convert as jsonXml } from './json-xml.js';
import { convert as media } from './media.js';
import { setDispatcher } from './nested.js';
import { convert as pdf } from './pdf.js';
import { convert as pptx } from './pptx.js';
import { convert as text } from './text.js';
import { convert as sheets } from './xlsx.js';
import { convert as zip } from './zip.js';

const CONVERTERS: Record<DocumentFormat, Converter> = {
  pdf,
  docx,
  pptx,
  xlsx: sheets,
  xls: sheets,
  ods: sheets,
  csv: sheets,
  html,
  epub,
  json: jsonXml,
  xml: jsonXml,
  zip,
  image,
  audio: media,
  video: media,
  text,
};

export async function convertBytes(
  bytes: Uint8Array,
  fileName: string,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  if (bytes.length > LIMITS.inputBytes) {
    throw new CoworkError(
      'DOCUMENT_TOO_LARGE',
      `The file is ${bytes.length} bytes; at most ${LIMITS.inputBytes} are converted.`,
      {
        reason: 'bytes',
      },
    );
  }
  const format = detectFormat(bytes, fileName);
  const out = await CONVERTERS[format]({ bytes, fileName, options });
  const cut = [...out.cut];
  let markdown = out.markdown;
  if (markdown.length > LIMITS.markdownChars) {
    markdown = `${markdown.slice(0, LIMITS.markdownChars)}\n`;
    cut.push(`The Markdown was cut at ${LIMITS.markdownChars} characters.`);
  }
  const metadata = Object.fromEntries(
    Object.entries(out.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return { format, markdown, sections: out.sections, cut, metadata, images: out.images };
}

setDispatcher(convertBytes);

export { detectFormat };
