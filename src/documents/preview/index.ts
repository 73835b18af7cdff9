/** What the UI draws for a file (see DocumentPreview); each kind in its own file. */
import { CoworkError, type DocumentPreview } from '../../contracts/index.js';

// Placeholder until previews land (issue 18).
export async function previewBytes(_bytes: Uint8Array, _path: string): Promise<DocumentPreview> {
  throw new CoworkError('UNSUPPORTED_FORMAT', 'No preview yet.');
}
