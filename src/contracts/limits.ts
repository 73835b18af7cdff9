// Limits both sides must agree on. No zod here: the UI bundles this file as it is.

/** The largest file the UI may upload (`PUT /api/files`); over it the daemon answers 413. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
