/**
 * documents: every office format read as Markdown (convert/), DOCX, XLSX, PPTX and PDF written
 * (write/), previews for the UI (preview/), all in a worker thread under caps (worker/, limits.ts),
 * and the artifacts runs made. Reads and writes pass the enclave's door.
 */
export { ArtifactStore } from './artifact-store.js';
export { imageMimeType } from './detect-format.js';
export { DocumentService, type WriteRequest } from './document-service.js';
export { documentTools } from './document-tools.js';
export { LIMITS } from './limits.js';
export { NotesFolder, noteTools } from './notes/index.js';
export { DocumentWorker } from './worker/client.js';
