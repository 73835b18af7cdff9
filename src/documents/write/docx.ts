/**
 * `docx.create`: a Word document from blocks or Markdown, made with the `docx` library. Headings
 * use Word's own heading styles (so the navigation pane and a table of contents see them), lists
 * its numbering (each ordered list counts from 1), tables have a repeated bold header row, images
 * keep their aspect and fit the page. The same spec gives the same bytes: ids are renumbered, the
 * document's dates and the ZIP's times fixed (deterministic.ts, zip-times.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageBreak,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import JSZip from 'jszip';
import { CoworkError } from '../../contracts/index.js';
import { fixCoreDates, stableDocxIds } from './deterministic.js';
import { fitImage, imageBytes, imageInfo } from './image-size.js';
import { inlineRuns, type Run } from './inline.js';
import { type Block, markdownBlocks } from './markdown-blocks.js';
import { Tally } from './tally.js';
import type { BuildRequest, Built, ImageBytes } from './writer.js';
import { FIXED_DATE, fixZipTimes } from './zip-times.js';

type Request = Extract<BuildRequest, { tool: 'docx.create' }>;

/** A4 with Word's default 1-inch margins: the text column in twentieths of a point, and in pixels. */
const TEXT_WIDTH_TWIPS = 11_906 - 2 * 1440;
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH_TWIPS / 1440) * 96);
const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;
const ORDERED_FORMATS = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN] as const;

export async function build(request: Request): Promise<Built> {
  const { args, images } = request;
  if (!args.blocks?.length && args.markdown === undefined) {
    throw new CoworkError('INVALID_ARGUMENTS', 'docx.create needs blocks or markdown.');
  }
  const blocks: Block[] = [...(args.blocks ?? []), ...markdownBlocks(args.markdown ?? '', images)];
  const tally = new Tally();
  const packed = await JSZip.loadAsync(await Packer.toBuffer(document(blocks, images, tally, args.title)));
  const text = (name: string) => packed.file(name)?.async('string') ?? Promise.resolve('');
  const ids = stableDocxIds(await text('word/document.xml'), await text('word/_rels/document.xml.rels'));
  packed.file('word/document.xml', ids.documentXml);
  packed.file('word/_rels/document.xml.rels', ids.relsXml);
  packed.file('docProps/core.xml', fixCoreDates(await text('docProps/core.xml'), FIXED_DATE));
  const bytes = await packed.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  return { bytes: fixZipTimes(bytes), summary: tally.summary('an empty document') };
}

function document(blocks: Block[], images: ImageBytes, tally: Tally, title?: string): Document {
  const children: (Paragraph | Table)[] = [];
  let orderedLists = 0;
  for (const b of blocks) {
    switch (b.type) {
      case 'heading':
        tally.add('heading');
        children.push(new Paragraph({ heading: HEADINGS[b.level - 1], children: runs(b.text) }));
        break;
      case 'paragraph':
        tally.add('paragraph');
        children.push(new Paragraph({ children: runs(b.text) }));
        break;
      case 'list': {
        tally.add('list');
        const instance = b.ordered ? ++orderedLists : 0;
        for (const item of b.items) {
          const level = item.level ?? 0;
          children.push(
            new Paragraph({
              children: runs(item.text),
              ...(b.ordered
                ? { numbering: { reference: 'ordered', level, instance } }
                : { bullet: { level } }),
            }),
          );
        }
        break;
      }
      case 'table':
        tally.add('table');
        children.push(table(b.rows));
        break;
      case 'image': {
        tally.add('image');
        const data = imageBytes(images, b.path);
        const info = imageInfo(data, b.path);
        const size = fitImage(info, b, TEXT_WIDTH_PX);
        const alt = b.alt ?? '';
        children.push(
          new Paragraph({
            children: [
              new ImageRun({
                type: info.type,
                data,
                transformation: size,
                altText: { name: alt || b.path, description: alt, title: alt },
              }),
            ],
          }),
        );
        break;
      }
      case 'pageBreak':
        tally.add('page break');
        children.push(new Paragraph({ children: [new PageBreak()] }));
        break;
      case 'code':
        tally.add('code block');
        for (const line of b.text.split('\n')) {
          children.push(
            new Paragraph({
              spacing: { before: 0, after: 0 },
              shading: { type: 'clear', fill: 'F3F3F3', color: 'auto' },
              children: [new TextRun({ text: line, font: 'Courier New', size: 20 })],
            }),
          );
        }
        break;
      case 'rule':
        children.push(
          new Paragraph({
            border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } },
          }),
        );
        break;
    }
  }
  return new Document({
    creator: 'Cowork',
    lastModifiedBy: 'Cowork',
    ...(title ? { title } : {}),
    numbering: {
      config: [
        {
          reference: 'ordered',
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: ORDERED_FORMATS[level % 3]!,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [{ children }],
  });
}

function table(rows: string[][]): Table {
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const width = Math.floor(TEXT_WIDTH_TWIPS / columns);
  return new Table({
    width: { size: width * columns, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => width),
    rows: rows.map(
      (row, r) =>
        new TableRow({
          tableHeader: r === 0,
          children: Array.from(
            { length: columns },
            (_, c) =>
              new TableCell({
                width: { size: width, type: WidthType.DXA },
                children: [new Paragraph({ children: runs(row[c] ?? '', r === 0) })],
              }),
          ),
        }),
    ),
  });
}

/** Inline Markdown as Word runs; a link is a real hyperlink. */
function runs(text: string, bold = false): ParagraphChild[] {
  return inlineRuns(text).flatMap((r): ParagraphChild[] => {
    const pieces = textRuns(r, bold);
    return r.link ? [new ExternalHyperlink({ link: r.link, children: pieces })] : pieces;
  });
}

function textRuns(r: Run, bold: boolean): TextRun[] {
  return r.text.split('\n').map(
    (text, i) =>
      new TextRun({
        text,
        ...(i > 0 ? { break: 1 } : {}),
        ...(bold || r.bold ? { bold: true } : {}),
        ...(r.italic ? { italics: true } : {}),
        ...(r.code ? { font: 'Courier New' } : {}),
        ...(r.link ? { style: 'Hyperlink' } : {}),
      }),
  );
}
