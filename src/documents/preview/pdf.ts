/** A PDF is drawn by the browser (pdf.js, from `GET /api/files`); the daemon only counts its pages. */
import { getDocumentProxy } from 'unpdf';
import { CoworkError, type DocumentPreview } from '../../contracts/index.js';

export async function previewPdf(bytes: Uint8Array, path: string): Promise<DocumentPreview> {
  // pdf.js takes the buffer over (detaches it): it gets a copy.
  const doc = await getDocumentProxy(new Uint8Array(bytes)).catch((err: Error) => {
    if (err?.name === 'PasswordException') {
      throw new CoworkError('DOCUMENT_ENCRYPTED', 'The PDF is password-protected; Cowork does not open it.');
    }
    throw err;
  });
  try {
    return { kind: 'pdf', path, pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}
