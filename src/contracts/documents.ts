/**
 * Documents: what converting a file to Markdown gives, what the document writers take, the
 * artifacts a run made, and the previews the UI shows. One source for the tools' arguments (the
 * model's JSON Schema is generated from these), the worker's replies, the RPCs and the UI.
 */
import * as z from 'zod/mini';

const text = (max: number) => z.string().check(z.maxLength(max));
const name = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const count = () => z.int().check(z.nonnegative());
const upTo = (max: number) => z.int().check(z.positive(), z.lte(max));
const Path = name(4096);

// ---- reading -------------------------------------------------------------------------------------

/** What a file is, by its bytes first and its name second (documents/detect-format.ts). */
export const DocumentFormat = z.enum([
  'pdf',
  'docx',
  'pptx',
  'xlsx',
  'xls',
  'ods',
  'csv',
  'html',
  'epub',
  'json',
  'xml',
  'zip',
  'image',
  'audio',
  'video',
  'text',
]);
export type DocumentFormat = z.infer<typeof DocumentFormat>;

/**
 * A part of the Markdown that stands for a part of the file (a PDF page, a slide, a sheet, an
 * EPUB chapter, a ZIP member): memory chunks and search hits point back to it.
 */
export const DocumentSection = z.object({
  kind: z.enum(['page', 'slide', 'sheet', 'chapter', 'member']),
  /** 1-based, in file order. */
  index: z.int().check(z.positive()),
  /** A sheet's, chapter's or member's name; a slide's title. */
  name: z.optional(z.string()),
  /** The section's first and last lines in `markdown` (1-based, inclusive). */
  startLine: z.int().check(z.positive()),
  endLine: z.int().check(z.positive()),
});
export type DocumentSection = z.infer<typeof DocumentSection>;

/** An image inside a document (listed, not converted) or the image file itself. */
export const DocumentImage = z.object({
  name: z.string(),
  mimeType: z.string(),
  bytes: count(),
  width: z.optional(count()),
  height: z.optional(count()),
});
export type DocumentImage = z.infer<typeof DocumentImage>;

export const ConvertResult = z.object({
  format: DocumentFormat,
  /** The same bytes always give the same Markdown, byte for byte. */
  markdown: z.string(),
  sections: z.array(DocumentSection),
  /** What was left out to keep the result bounded, in words ("Sheet1: rows 1001–100000 not shown"). */
  cut: z.array(z.string()),
  /** Title, author, page count, EXIF, duration…: scalars only, keys sorted. */
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  images: z.array(DocumentImage),
});
export type ConvertResult = z.infer<typeof ConvertResult>;

/** How to convert (defaults bound the result; the caps are in documents/limits.ts). */
export const ConvertOptions = z.strictObject({
  /** Rows shown per sheet (CSV, XLSX, XLS, ODS). */
  maxRows: z.optional(upTo(100_000)),
  /** A ZIP (or EPUB) member to convert instead of listing the archive. */
  member: z.optional(name(1024)),
  /** PDF pages to convert, 1-based inclusive ("3-7" as {from: 3, to: 7}). */
  pages: z.optional(z.strictObject({ from: z.int().check(z.positive()), to: z.int().check(z.positive()) })),
});
export type ConvertOptions = z.infer<typeof ConvertOptions>;

export const ConvertArgs = z.extend(ConvertOptions, { path: Path });
export type ConvertArgs = z.infer<typeof ConvertArgs>;

// ---- writing -------------------------------------------------------------------------------------

/** Inline text: plain, or with `**bold**`, `*italic*` and `[links](https://…)` as in Markdown. */
const Inline = text(20_000);
const ImageRef = z.strictObject({
  /** An image file inside a grant (read through the door like any read). */
  path: Path,
  widthPx: z.optional(upTo(4000)),
  heightPx: z.optional(upTo(4000)),
  alt: z.optional(text(500)),
});
export type ImageRef = z.infer<typeof ImageRef>;

export const DocxBlock = z.union([
  z.strictObject({ type: z.literal('heading'), level: z.int().check(z.gte(1), z.lte(6)), text: Inline }),
  z.strictObject({ type: z.literal('paragraph'), text: Inline }),
  z.strictObject({
    type: z.literal('list'),
    ordered: z._default(z.boolean(), false),
    /** Nesting by `level` (0 = top). */
    items: z
      .array(z.strictObject({ text: Inline, level: z._default(z.int().check(z.gte(0), z.lte(8)), 0) }))
      .check(z.minLength(1), z.maxLength(5000)),
  }),
  z.strictObject({
    type: z.literal('table'),
    /** The first row is the header. */
    rows: z.array(z.array(text(5000)).check(z.maxLength(100))).check(z.minLength(1), z.maxLength(10_000)),
  }),
  z.strictObject({ type: z.literal('image'), ...ImageRef.shape }),
  z.strictObject({ type: z.literal('pageBreak') }),
]);
export type DocxBlock = z.infer<typeof DocxBlock>;

export const DocxCreateArgs = z.strictObject({
  path: Path,
  title: z.optional(text(500)),
  /** The document as blocks; or `markdown` (headings, paragraphs, lists, tables, images). */
  blocks: z.optional(z.array(DocxBlock).check(z.maxLength(20_000))),
  markdown: z.optional(text(5_000_000)),
});
export type DocxCreateArgs = z.infer<typeof DocxCreateArgs>;

/** A cell: a value, or a formula (`=SUM(A2:A9)`) with its number format. Dates as ISO strings with `type: 'date'`. */
export const XlsxCell = z.union([
  z.null(),
  z.string().check(z.maxLength(32_767)),
  z.number(),
  z.boolean(),
  z.strictObject({
    value: z.optional(z.union([z.string().check(z.maxLength(32_767)), z.number(), z.boolean(), z.null()])),
    formula: z.optional(name(8192)),
    type: z.optional(z.enum(['date'])),
    /** Excel number format: `0.00`, `#,##0 "€"`, `yyyy-mm-dd`, `0%`. */
    numberFormat: z.optional(name(200)),
    bold: z.optional(z.boolean()),
  }),
]);
export type XlsxCell = z.infer<typeof XlsxCell>;

export const XlsxSheetSpec = z.strictObject({
  name: name(31),
  /** The first row is the header when `header` is true (the default): bold and frozen. */
  rows: z.array(z.array(XlsxCell).check(z.maxLength(16_384))).check(z.maxLength(1_048_576)),
  header: z._default(z.boolean(), true),
  /** Widths in characters, by column from A. */
  columnWidths: z.optional(z.array(z.number().check(z.gte(0), z.lte(255))).check(z.maxLength(16_384))),
  /** Number formats by column from A (for every data row), e.g. ["yyyy-mm-dd", "0.00"]. */
  columnFormats: z.optional(z.array(z.nullable(text(200))).check(z.maxLength(16_384))),
});
export type XlsxSheetSpec = z.infer<typeof XlsxSheetSpec>;

export const XlsxCreateArgs = z.strictObject({
  path: Path,
  sheets: z.array(XlsxSheetSpec).check(z.minLength(1), z.maxLength(255)),
});
export type XlsxCreateArgs = z.infer<typeof XlsxCreateArgs>;

export const PptxSlideSpec = z.strictObject({
  layout: z._default(z.enum(['title', 'content']), 'content'),
  title: z.optional(text(1000)),
  subtitle: z.optional(text(2000)),
  bullets: z.optional(
    z
      .array(z.strictObject({ text: Inline, level: z._default(z.int().check(z.gte(0), z.lte(4)), 0) }))
      .check(z.maxLength(200)),
  ),
  images: z.optional(z.array(ImageRef).check(z.maxLength(20))),
  notes: z.optional(text(20_000)),
});
export type PptxSlideSpec = z.infer<typeof PptxSlideSpec>;

export const PptxCreateArgs = z.strictObject({
  path: Path,
  title: z.optional(text(500)),
  slides: z.array(PptxSlideSpec).check(z.minLength(1), z.maxLength(500)),
});
export type PptxCreateArgs = z.infer<typeof PptxCreateArgs>;

export const PdfCreateArgs = z.strictObject({
  path: Path,
  title: z.optional(text(500)),
  markdown: text(5_000_000),
  pageSize: z._default(z.enum(['A4', 'Letter']), 'A4'),
});
export type PdfCreateArgs = z.infer<typeof PdfCreateArgs>;

/** Replaces text in an existing DOCX; everything else in the file stays as it was. */
export const DocxReplaceArgs = z.strictObject({
  path: Path,
  replacements: z
    .array(z.strictObject({ find: name(5000), replace: text(5000), all: z._default(z.boolean(), false) }))
    .check(z.minLength(1), z.maxLength(200)),
});
export type DocxReplaceArgs = z.infer<typeof DocxReplaceArgs>;

/** Appends rows to a sheet of an existing XLSX; everything else in the file stays as it was. */
export const XlsxAppendArgs = z.strictObject({
  path: Path,
  /** The sheet's name; the first sheet when absent. */
  sheet: z.optional(name(31)),
  rows: z.array(z.array(XlsxCell).check(z.maxLength(16_384))).check(z.minLength(1), z.maxLength(100_000)),
});
export type XlsxAppendArgs = z.infer<typeof XlsxAppendArgs>;

/** What a document writer makes: the kinds of artifact a run records. */
export const ArtifactKind = z.enum(['docx', 'xlsx', 'pptx', 'pdf', 'note']);
export type ArtifactKind = z.infer<typeof ArtifactKind>;

// ---- notes ---------------------------------------------------------------------------------------

export const NoteCreateArgs = z.strictObject({
  title: name(200),
  body: text(1_000_000),
});
export const NoteAppendArgs = z.strictObject({
  /** The note's title or its file name (`meeting-notes.md`). */
  note: name(200),
  text: name(1_000_000),
});
export const NoteListArgs = z.strictObject({ limit: z.optional(upTo(1000)) });

// ---- artifacts -----------------------------------------------------------------------------------

/** A file a run's tool made or changed (a document writer, a note), recorded when it was written. */
export const Artifact = z.object({
  id: z.string(),
  kind: ArtifactKind,
  path: z.string(),
  bytes: count(),
  sha256: z.string(),
  /** The tool that made it (`docx.create`, `xlsx.appendRows`…). */
  tool: z.string(),
  runId: z.nullable(z.string()),
  sessionId: z.nullable(z.string()),
  /** The run's tool call that made it. */
  callId: z.nullable(z.string()),
  createdAt: z.string(),
});
export type Artifact = z.infer<typeof Artifact>;

// ---- previews ------------------------------------------------------------------------------------

export const SheetPreview = z.object({
  name: z.string(),
  /** Cell text as shown (formatted values; a formula's cached result). */
  rows: z.array(z.array(z.string())),
  /** Rows and columns in the sheet (the preview shows at most a capped corner). */
  totalRows: count(),
  totalColumns: count(),
});
export type SheetPreview = z.infer<typeof SheetPreview>;

/** A slide as boxes on its canvas (EMU scaled to 0..1 of the slide's width and height). */
export const SlidePreview = z.object({
  index: z.int().check(z.positive()),
  title: z.optional(z.string()),
  boxes: z.array(
    z.object({
      x: z.number(),
      y: z.number(),
      w: z.number(),
      h: z.number(),
      kind: z.enum(['title', 'text', 'image']),
      /** Paragraphs with their bullet level. */
      paragraphs: z.array(z.object({ text: z.string(), level: count() })),
      /** For an image: a data: URL of a small copy, when the slide's image is small enough to inline. */
      image: z.optional(z.string()),
    }),
  ),
  notes: z.optional(z.string()),
});
export type SlidePreview = z.infer<typeof SlidePreview>;

/**
 * What the UI shows for a file: a PDF or image is fetched as bytes (`GET /api/files?path=`) and
 * drawn by the browser; a DOCX as sanitized HTML; a sheet as a grid; slides as thumbnails;
 * anything else convertible as its Markdown.
 */
export const DocumentPreview = z.union([
  z.object({ kind: z.literal('pdf'), path: z.string(), pages: count() }),
  z.object({ kind: z.literal('image'), path: z.string(), mimeType: z.string() }),
  z.object({ kind: z.literal('html'), path: z.string(), html: z.string() }),
  z.object({ kind: z.literal('sheets'), path: z.string(), sheets: z.array(SheetPreview) }),
  z.object({
    kind: z.literal('slides'),
    path: z.string(),
    /** Width / height of the slide canvas. */
    aspect: z.number(),
    slides: z.array(SlidePreview),
  }),
  z.object({ kind: z.literal('markdown'), path: z.string(), format: DocumentFormat, markdown: z.string() }),
]);
export type DocumentPreview = z.infer<typeof DocumentPreview>;
