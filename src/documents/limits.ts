/**
 * The caps every conversion and write keeps to, whatever the file claims: a hostile document
 * gets a stable error code (DOCUMENT_TOO_LARGE, TIMEOUT) or a capped result, never the daemon's
 * memory or time.
 */
export const LIMITS = {
  /** The largest file read for conversion or preview. */
  inputBytes: 128 * 1024 * 1024,
  /** A ZIP-based file (DOCX, XLSX, PPTX, EPUB, ZIP): entries, all members inflated, one member inflated. */
  zipEntries: 20_000,
  zipTotalBytes: 1024 * 1024 * 1024,
  zipMemberBytes: 512 * 1024 * 1024,
  /** Inflated / compressed of one member beyond this (and over 1 MB) is a bomb, not a document. */
  zipRatio: 200,
  /** XML text parsed at once, and elements nested deeper than this. */
  xmlBytes: 256 * 1024 * 1024,
  xmlDepth: 512,
  /** Rows shown per sheet by default, and at most. */
  defaultRows: 1000,
  maxRows: 100_000,
  /** PDF pages converted at most in one call (`pages` picks others). */
  pdfPages: 2000,
  /** The Markdown returned at most (characters); the rest is cut and said so. */
  markdownChars: 20 * 1024 * 1024,
  /** The worker's V8 heap, and how long one job may take. */
  workerHeapMb: 1536,
  jobMs: 60_000,
} as const;
