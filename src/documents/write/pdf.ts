/**
 * `pdf.create`: Markdown drawn as a PDF with pdfkit and its built-in fonts (Helvetica for text,
 * Courier for code: no font files to ship or embed). Headings are sized by level, paragraphs
 * wrap, lists indent by level, tables are grids whose rows move to the next page whole (a header
 * row is repeated there), images fit the text column and start a new page when they would not
 * fit. The built-in fonts draw Windows-1252 only: other characters become look-alikes or "?"
 * (win-ansi.ts), and the summary says how many. The same Markdown gives the same bytes: the dates
 * (and so the file ID) are fixed.
 */
import PDFDocument from 'pdfkit';
import { imageBytes, imageInfo } from './image-size.js';
import { inlineRuns } from './inline.js';
import { type Block, markdownBlocks } from './markdown-blocks.js';
import { Tally } from './tally.js';
import { WinAnsi } from './win-ansi.js';
import type { BuildRequest, Built, ImageBytes } from './writer.js';
import { FIXED_DATE } from './zip-times.js';

type Request = Extract<BuildRequest, { tool: 'pdf.create' }>;
type Doc = PDFKit.PDFDocument;

const MARGIN = 56;
const BODY = 11;
const HEADING_SIZES = [22, 18, 15, 13, 12, 11] as const;
const FONTS = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  boldItalic: 'Helvetica-BoldOblique',
  code: 'Courier',
} as const;
const CELL_PAD = 4;

export async function build(request: Request): Promise<Built> {
  const { args, images } = request;
  const doc = new PDFDocument({
    size: args.pageSize === 'Letter' ? 'LETTER' : 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      ...(args.title ? { Title: args.title } : {}),
      Creator: 'Cowork',
      Producer: 'Cowork (PDFKit)',
      CreationDate: FIXED_DATE,
      ModDate: FIXED_DATE,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const tally = new Tally();
  const fonts = new WinAnsi();
  doc.font(FONTS.regular).fontSize(BODY);
  for (const block of markdownBlocks(args.markdown, images))
    draw(doc, drawableBlock(block, fonts), images, tally);
  const pages = doc.bufferedPageRange().count;
  doc.end();
  await ended;
  const what = tally.summary('no text');
  const lost = fonts.replaced
    ? `; ${fonts.replaced} character${fonts.replaced === 1 ? '' : 's'} the built-in fonts cannot draw shown as "?"`
    : '';
  return {
    bytes: new Uint8Array(Buffer.concat(chunks)),
    summary: `${pages} page${pages === 1 ? '' : 's'}: ${what}${lost}`,
  };
}

/** A block's text in characters the built-in fonts draw (an image's path is left as it is). */
function drawableBlock(b: Block, fonts: WinAnsi): Block {
  switch (b.type) {
    case 'heading':
    case 'paragraph':
      return { ...b, text: fonts.text(b.text) };
    case 'code':
      return { ...b, text: fonts.text(b.text) };
    case 'list':
      return { ...b, items: b.items.map((i) => ({ ...i, text: fonts.text(i.text) })) };
    case 'table':
      return { ...b, rows: b.rows.map((r) => r.map((c) => fonts.text(c))) };
    case 'image':
      return b.alt ? { ...b, alt: fonts.text(b.alt) } : b;
    default:
      return b;
  }
}

const textWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when `height` more points would not fit on this one (and this one has something). */
function ensure(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc) && doc.y > doc.page.margins.top) doc.addPage();
}

function draw(doc: Doc, b: Block, images: ImageBytes, tally: Tally): void {
  const left = doc.page.margins.left;
  switch (b.type) {
    case 'heading': {
      tally.add('heading');
      const size = HEADING_SIZES[b.level - 1] ?? BODY;
      // A heading is not left alone at the foot of a page: it needs room for a line after it.
      ensure(doc, size * 1.4 + BODY * 3);
      doc.moveDown(0.6);
      richText(doc, b.text, { x: left, size, bold: true });
      doc.moveDown(0.3);
      break;
    }
    case 'paragraph':
      tally.add('paragraph');
      richText(doc, b.text, { x: left, size: BODY });
      doc.moveDown(0.5);
      break;
    case 'list':
      tally.add('list');
      b.items.forEach((item, i) => {
        const level = item.level ?? 0;
        const x = left + 14 + level * 16;
        const marker = (item.ordered ?? b.ordered) ? `${ordinal(b.items, i)}.` : level % 2 ? '–' : '•';
        ensure(doc, BODY * 1.4);
        const y = doc.y;
        doc
          .font(FONTS.regular)
          .fontSize(BODY)
          .text(marker, x - 14, y, { width: 14, lineBreak: false });
        richText(doc, item.text, { x, y, size: BODY });
        doc.moveDown(0.15);
      });
      doc.moveDown(0.4);
      break;
    case 'table':
      tally.add('table');
      table(doc, b.rows);
      doc.moveDown(0.5);
      break;
    case 'code': {
      tally.add('code block');
      doc.font(FONTS.code).fontSize(9);
      const width = textWidth(doc) - 2 * CELL_PAD;
      for (const line of b.text.split('\n')) {
        const h = doc.heightOfString(line || ' ', { width });
        ensure(doc, h);
        const y = doc.y;
        doc.rect(left, y, textWidth(doc), h).fill('#f3f3f3');
        doc.fillColor('#000000').text(line || ' ', left + CELL_PAD, y, { width });
      }
      doc.font(FONTS.regular).fontSize(BODY).moveDown(0.5);
      break;
    }
    case 'image': {
      tally.add('image');
      const data = imageBytes(images, b.path);
      const info = imageInfo(data, b.path);
      if (info.type === 'gif') {
        // pdfkit draws PNG and JPEG only: a GIF keeps its alt text.
        richText(doc, `[${b.alt || b.path}]`, { x: left, size: BODY });
        break;
      }
      const maxH = bottom(doc) - doc.page.margins.top;
      const wantW = ((b.widthPx ?? info.width) * 72) / 96;
      const wantH =
        ((b.heightPx ?? (b.widthPx ? (b.widthPx * info.height) / info.width : info.height)) * 72) / 96;
      const scale = Math.min(1, textWidth(doc) / wantW, maxH / wantH);
      ensure(doc, wantH * scale);
      doc.image(Buffer.from(data), left, doc.y, { width: wantW * scale, height: wantH * scale });
      doc.y += wantH * scale;
      doc.moveDown(0.5);
      break;
    }
    case 'pageBreak':
      tally.add('page break');
      doc.addPage();
      break;
    case 'rule': {
      ensure(doc, 12);
      const y = doc.y + 4;
      doc
        .moveTo(left, y)
        .lineTo(left + textWidth(doc), y)
        .lineWidth(0.5)
        .stroke('#999999');
      doc.y = y + 8;
      break;
    }
  }
}

/** An ordered item's number: its place among the items of its own level since the last shallower one. */
function ordinal(items: { level?: number }[], i: number): number {
  const level = items[i]!.level ?? 0;
  let n = 1;
  for (let j = i - 1; j >= 0 && (items[j]!.level ?? 0) >= level; j--)
    if ((items[j]!.level ?? 0) === level) n++;
  return n;
}

/** Inline Markdown as runs of Helvetica (bold/italic), Courier (code) and links, wrapped in the column. */
function richText(
  doc: Doc,
  text: string,
  at: { x: number; y?: number; size: number; bold?: boolean; width?: number },
): void {
  const runs = inlineRuns(text);
  if (!runs.length) return;
  const width = at.width ?? doc.page.width - doc.page.margins.right - at.x;
  runs.forEach((r, i) => {
    const bold = at.bold || r.bold;
    const font = r.code
      ? FONTS.code
      : bold && r.italic
        ? FONTS.boldItalic
        : bold
          ? FONTS.bold
          : r.italic
            ? FONTS.italic
            : FONTS.regular;
    doc
      .font(font)
      .fontSize(at.size)
      .fillColor(r.link ? '#1a5fb4' : '#000000');
    const options = { width, continued: i < runs.length - 1, link: r.link ?? null, underline: !!r.link };
    if (i === 0) doc.text(r.text, at.x, at.y ?? doc.y, options);
    else doc.text(r.text, options);
  });
  doc.font(FONTS.regular).fontSize(BODY).fillColor('#000000');
}

/** A grid: even columns, each row as tall as its tallest cell, the header row bold on grey. */
function table(doc: Doc, rows: string[][]): void {
  const left = doc.page.margins.left;
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const colW = textWidth(doc) / columns;
  const size = columns > 6 ? 8 : 10;
  const cellText = (s: string) =>
    inlineRuns(s)
      .map((r) => r.text)
      .join('');
  const heightOf = (row: string[], bold: boolean) => {
    doc.font(bold ? FONTS.bold : FONTS.regular).fontSize(size);
    return (
      Math.max(
        ...Array.from({ length: columns }, (_, c) =>
          doc.heightOfString(cellText(row[c] ?? '') || ' ', { width: colW - 2 * CELL_PAD }),
        ),
      ) +
      2 * CELL_PAD
    );
  };
  const drawRow = (row: string[], header: boolean) => {
    const h = heightOf(row, header);
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      if (!header && rows[0]) drawRow(rows[0], true);
    }
    const y = doc.y;
    for (let c = 0; c < columns; c++) {
      const x = left + c * colW;
      if (header) doc.rect(x, y, colW, h).fill('#e8e8e8');
      doc.rect(x, y, colW, h).lineWidth(0.5).stroke('#888888');
      doc
        .font(header ? FONTS.bold : FONTS.regular)
        .fontSize(size)
        .fillColor('#000000');
      doc.text(cellText(row[c] ?? ''), x + CELL_PAD, y + CELL_PAD, { width: colW - 2 * CELL_PAD });
    }
    doc.x = left;
    doc.y = y + h;
  };
  rows.forEach((row, r) => {
    drawRow(row, r === 0);
  });
  doc.font(FONTS.regular).fontSize(BODY);
}
