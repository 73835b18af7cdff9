/** A PDF is drawn by the browser (pdf.js, from `GET /api/files`); the daemon only counts its pages. */
import type { DocumentPreview } from '../../contracts/index.js';
import { openPdf } from '../convert/pdf.js';

export async function previewPdf(bytes: Uint8Array, path: string): Promise<DocumentPreview> {
  const doc = await openPdf(bytes);
  try {
    return { kind: 'pdf', path, pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}
