/**
 * What the UI draws for a file (see DocumentPreview), the format told by the bytes: a PDF's page
 * count and an image's type (the browser draws them from `GET /api/files`), a Word document as
 * HTML, sheets as grids, slides as boxes; anything else convertible as its Markdown.
 */
import { CoworkError, type DocumentPreview } from '../../contracts/index.js';
import { convertBytes } from '../convert/index.js';
import { detectFormat, imageMimeType } from '../detect-format.js';
import { LIMITS } from '../limits.js';
import { previewDocx } from './docx-html.js';
import { previewPdf } from './pdf.js';
import { previewSheets } from './sheets.js';
import { previewSlides } from './slides.js';

export async function previewBytes(bytes: Uint8Array, path: string): Promise<DocumentPreview> {
  if (bytes.length > LIMITS.inputBytes) {
    throw new CoworkError('DOCUMENT_TOO_LARGE', `The file is ${bytes.length} bytes; too large to preview.`, {
      reason: 'bytes',
    });
  }
  const format = detectFormat(bytes, path);
  switch (format) {
    case 'pdf':
      return previewPdf(bytes, path);
    case 'image':
      return { kind: 'image', path, mimeType: imageMimeType(bytes) ?? 'application/octet-stream' };
    case 'docx':
      return previewDocx(bytes, path);
    case 'xlsx':
    case 'ods':
    case 'csv':
      return previewSheets(bytes, path);
    case 'pptx':
      return previewSlides(bytes, path);
    default: {
      const { format: f, markdown } = await convertBytes(bytes, path);
      return { kind: 'markdown', path, format: f, markdown };
    }
  }
}
