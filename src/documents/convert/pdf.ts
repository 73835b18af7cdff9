/**
 * A PDF as Markdown, page by page: pdf.js (unpdf's serverless build, run in this thread) gives
 * each page's positioned text, pdf-layout.ts turns it into headings, paragraphs, lists and
 * tables. Each page is a section of kind 'page' opening with a `<!-- page N -->` marker line (a
 * comment, so rendered Markdown keeps the document's own heading levels). `pages` picks a range;
 * at most LIMITS.pdfPages are converted in one call. Pages without a text layer (scans) are said
 * so in `cut`; images are not read.
 *
 * pdf.js is given nothing to fetch and nothing to run: no eval (fonts are not compiled to
 * functions), no font faces, no system fonts, no CMap or standard-font files, no XFA.
 */
import { getDocumentProxy } from 'unpdf';
import { CoworkError } from '../../contracts/index.js';
import { LIMITS } from '../limits.js';
import { MarkdownWriter } from '../markdown-writer.js';
import type { Converted, Converter } from './converter.js';
import {
  blocksOf,
  bodySize,
  escapeStart,
  headingLevels,
  type Line,
  linesOf,
  type TextPiece,
} from './pdf-layout.js';

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

export const convert: Converter = async ({ bytes, options }) => {
  const doc = await openPdf(bytes);
  try {
    const total = doc.numPages;
    const cut: string[] = [];
    const { from, to } = pageRange(total, options.pages, cut);
    const pages: { n: number; lines: Line[] }[] = [];
    for (let n = from; n <= to; n++) pages.push({ n, lines: linesOf(await pieces(doc, n)) });
    const all = pages.flatMap((p) => p.lines);
    const levels = headingLevels(all, bodySize(all));
    const md = new MarkdownWriter();
    const empty: number[] = [];
    for (const page of pages) {
      md.section('page', page.n);
      md.block(`<!-- page ${page.n} -->`);
      if (page.lines.length === 0) empty.push(page.n);
      for (const b of blocksOf(page.lines, levels)) {
        if (b.type === 'heading') md.heading(b.level, b.text);
        else if (b.type === 'paragraph') md.paragraph(escapeStart(b.text));
        else if (b.type === 'table') md.table(b.rows);
        else writeList(md, b.items);
      }
    }
    if (empty.length)
      cut.push(
        `No text on page${empty.length > 1 ? 's' : ''} ${empty.join(', ')} (scanned pages are not read).`,
      );
    const { markdown, sections } = md.build();
    return { markdown, sections, cut, metadata: { ...(await info(doc)), pages: total }, images: [] };
  } catch (err) {
    throw asCoworkError(err);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
};

/** A list whose items may be bulleted or numbered: runs of one kind become one Markdown list. */
function writeList(md: MarkdownWriter, items: { text: string; level: number; ordered: boolean }[]): void {
  const lines: string[] = [];
  const counters: number[] = [];
  for (const it of items) {
    counters.length = it.level + 1;
    counters[it.level] = (counters[it.level] ?? 0) + 1;
    const marker = it.ordered ? `${counters[it.level]}.` : '-';
    lines.push(`${'  '.repeat(it.level)}${marker} ${it.text}`);
  }
  md.block(lines.join('\n'));
}

function pageRange(
  total: number,
  pages: { from: number; to: number } | undefined,
  cut: string[],
): { from: number; to: number } {
  const from = pages?.from ?? 1;
  const wanted = Math.min(pages?.to ?? total, total);
  if (from > wanted) {
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `Pages ${from}–${pages?.to ?? total} are not in this PDF of ${total} page${total === 1 ? '' : 's'}.`,
    );
  }
  const to = Math.min(wanted, from + LIMITS.pdfPages - 1);
  if (to < wanted)
    cut.push(
      `Pages ${to + 1}–${wanted} not converted: at most ${LIMITS.pdfPages} pages per call (ask for more with pages).`,
    );
  if (pages && (from > 1 || to < total)) cut.push(`Only pages ${from}–${to} of ${total} were asked for.`);
  return { from, to };
}

/**
 * A PDF opened by pdf.js with nothing it could be made to run or fetch: no eval, no font faces, no
 * system fonts, no XFA, no fetching. Every reader of a PDF (the converter, the preview) opens it here.
 */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  try {
    return await getDocumentProxy(new Uint8Array(bytes), {
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      enableXfa: false,
      disableAutoFetch: true,
      disableStream: true,
      isOffscreenCanvasSupported: false,
      useWorkerFetch: false,
      standardFontDataUrl: undefined,
      cMapUrl: undefined,
      verbosity: 0,
    });
  } catch (err) {
    throw asCoworkError(err);
  }
}

async function pieces(doc: PdfDocument, n: number): Promise<TextPiece[]> {
  const page = await doc.getPage(n);
  try {
    const content = await page.getTextContent();
    const out: TextPiece[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
      out.push({ str: item.str, x, y, width: item.width, size: Math.hypot(c, d) || item.height });
    }
    return out;
  } finally {
    page.cleanup();
  }
}

const INFO: Record<string, string> = {
  Title: 'title',
  Author: 'author',
  Subject: 'subject',
  Keywords: 'keywords',
};

async function info(doc: PdfDocument): Promise<Converted['metadata']> {
  const { info } = (await doc.getMetadata()) as unknown as { info?: Record<string, unknown> };
  const out: Converted['metadata'] = {};
  for (const [from, to] of Object.entries(INFO)) {
    const v = info?.[from];
    if (typeof v === 'string' && v.trim()) out[to] = v.replace(/\s+/g, ' ').trim();
  }
  return out;
}

function asCoworkError(err: unknown): Error {
  if (err instanceof CoworkError) return err;
  const name = (err as Error)?.name;
  if (name === 'PasswordException') {
    return new CoworkError('DOCUMENT_ENCRYPTED', 'The PDF is password-protected; Cowork does not open it.');
  }
  return new CoworkError(
    'DOCUMENT_INVALID',
    `The PDF cannot be read: ${(err as Error)?.message ?? String(err)}`,
    {
      reason: 'pdf',
    },
  );
}
