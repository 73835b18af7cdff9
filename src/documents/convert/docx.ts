/**
 * A Word document (DOCX, DOCM) as Markdown: mammoth reads a SafeZip stored copy (never the raw
 * bytes; macros left out of it, and never run) into HTML, html-to-markdown.ts makes it Markdown:
 * headings, nested lists, tables, links. Footnotes, endnotes and comments become Markdown
 * footnotes (docx-notes.ts). Embedded images are listed in `images` and stand in the text as
 * `![image1.png](image1.png)`, not inlined. Metadata comes from docProps/core.xml.
 */
import mammoth from 'mammoth';
import { CoworkError } from '../../contracts/index.js';
import { MarkdownWriter } from '../markdown-writer.js';
import { SafeZip } from '../safe-zip.js';
import type { Converted, Converter } from './converter.js';
import { restoreRefs, splitNotes } from './docx-notes.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { ALL_CORE_FIELDS, coreProperties } from './ooxml-parts.js';

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isMacro = (name: string) => /(^|\/)vba[^/]*\.bin$/i.test(name) || /(^|\/)vbaData\.xml$/i.test(name);

export const convert: Converter = async ({ bytes }) => {
  const images: Converted['images'] = [];
  const { html, zip, macros } = await docxHtml(
    bytes,
    mammoth.images.imgElement(async (image) => {
      // The slot is taken before the await, so images keep document order.
      const slot = images.length;
      const name = `image${slot + 1}.${extension(image.contentType)}`;
      images.push({ name, mimeType: image.contentType, bytes: 0 });
      images[slot]!.bytes = (await image.read()).length;
      return { src: name, alt: name };
    }),
  );
  const notes = splitNotes(html);
  const md = new MarkdownWriter();
  md.block(restoreRefs(htmlToMarkdown(notes.html)));
  if (notes.definitions.length) md.block(notes.definitions.join('\n'));
  const { markdown } = md.build();
  const metadata: Converted['metadata'] = { ...coreProperties(zip, ALL_CORE_FIELDS) };
  const cut: string[] = [];
  if (macros) {
    metadata['macros'] = true;
    cut.push('The document holds macros: they were not run, and not converted.');
  }
  return { markdown, sections: [], cut, metadata, images };
};

/**
 * A Word document as mammoth's HTML, for every reader of one (the converter, the preview): an OLE2
 * file is refused (encrypted, or a legacy .doc), mammoth reads a SafeZip stored copy with the
 * macros left out, and never a file outside the document.
 */
export async function docxHtml(
  bytes: Uint8Array,
  convertImage: ReturnType<typeof mammoth.images.imgElement>,
): Promise<{ html: string; zip: SafeZip; macros: boolean }> {
  if (OLE2.every((b, i) => bytes[i] === b)) throw ole2Error(bytes);
  const zip = new SafeZip(bytes);
  if (!zip.has('word/document.xml'))
    throw new CoworkError('DOCUMENT_INVALID', 'This is not a Word document (no word/document.xml).', {
      reason: 'docx',
    });
  const macros = zip.entries.some((e) => isMacro(e.name));
  const stored = await zip.storedCopy((name) => !isMacro(name));
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength) },
      {
        // Comments shown (as footnotes, docx-notes.ts); a Title and Subtitle are headings too.
        styleMap: [
          'comment-reference => sup',
          'p.Title => h1:fresh',
          "p[style-name='Title'] => h1:fresh",
          'p.Subtitle => h2:fresh',
          "p[style-name='Subtitle'] => h2:fresh",
        ],
        externalFileAccess: false,
        convertImage,
      },
    );
    return { html: result.value, zip, macros };
  } catch (err) {
    if (err instanceof CoworkError) throw err;
    throw new CoworkError('DOCUMENT_INVALID', `The Word document cannot be read: ${(err as Error).message}`, {
      reason: 'docx',
    });
  }
}

/**
 * An OLE2 file under a Word name: an encrypted OOXML package (its directory names the streams
 * EncryptionInfo and EncryptedPackage) or a legacy Word 97–2003 document, renamed.
 */
function ole2Error(bytes: Uint8Array): CoworkError {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE)) {
    return new CoworkError(
      'DOCUMENT_ENCRYPTED',
      'This Word file is password-protected (an encrypted package); Cowork does not open it.',
    );
  }
  return new CoworkError(
    'UNSUPPORTED_FORMAT',
    'This is a legacy Word 97–2003 file (.doc), which Cowork does not convert.',
    {
      format: 'doc',
    },
  );
}

const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

function extension(mime: string): string {
  const sub = mime.split('/')[1] ?? 'bin';
  return (
    ({ jpeg: 'jpg', 'svg+xml': 'svg', 'x-emf': 'emf', 'x-wmf': 'wmf' } as Record<string, string>)[sub] ?? sub
  );
}
