/**
 * A Word document as HTML (mammoth), for the browser to sanitize again and show without scripts.
 * It is read as the converter reads it (convert/docx.ts `docxHtml`: a SafeZip stored copy, macros left
 * out, no external files, an OLE2 file refused). Images come along as data: URLs
 * only while small (raster types only, never SVG); the others are left out with their alt text.
 */
import mammoth from 'mammoth';
import type { DocumentPreview } from '../../contracts/index.js';
import { docxHtml } from '../convert/docx.js';

const IMAGE_BYTES = 200 * 1024;
const ALL_IMAGES_BYTES = 2 * 1024 * 1024;
const RASTER = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** An HTML preview over this is cut (the browser's sanitizer closes what the cut left open). */
const HTML_CHARS = 8 * 1024 * 1024;

export async function previewDocx(bytes: Uint8Array, path: string): Promise<DocumentPreview> {
  let inlined = 0;
  const convertImage = mammoth.images.imgElement(async (image) => {
    const data = await image.read('base64');
    const size = Math.floor((data.length * 3) / 4);
    if (!RASTER.has(image.contentType) || size > IMAGE_BYTES || inlined + size > ALL_IMAGES_BYTES) {
      return { src: '', alt: `Image not shown (${image.contentType}, ${Math.round(size / 1024)} KB)` };
    }
    inlined += size;
    return { src: `data:${image.contentType};base64,${data}` };
  });
  const html = safeLinks((await docxHtml(bytes, convertImage)).html);
  return { kind: 'html', path, html: html.length > HTML_CHARS ? html.slice(0, HTML_CHARS) : html };
}

/**
 * Links only to the web, mail or the document itself: a `javascript:` (or `file:`, `data:`) link a
 * document carries is dropped here already, before the browser's sanitizer drops it again.
 * mammoth writes every attribute as `name="escaped value"`, so this pattern sees them all.
 */
function safeLinks(html: string): string {
  return html.replace(/ href="([^"]*)"/g, (whole, url: string) =>
    /^(https?:|mailto:|#)/i.test(url.trim()) ? whole : '',
  );
}
