/**
 * PPTX (and PPTM: macros are listed in the metadata, never run) to Markdown with SafeZip and
 * parseXml: slides in presentation order (presentation.xml's slide list through its
 * relationships), per slide its title, the text of its shapes in order (bullets with their
 * levels), tables, pictures (listed in `images`) and the speaker notes.
 */
import type { DocumentImage } from '../../contracts/index.js';
import { MarkdownWriter } from '../markdown-writer.js';
import {
  attr,
  childrenNamed,
  firstChild,
  isElement,
  localName,
  textOf,
  type XmlElement,
} from '../safe-xml.js';
import { SafeZip } from '../safe-zip.js';
import type { Converter } from './converter.js';
import { imageSize } from './media/image-size.js';
import { mimeTypeOf } from './media/mime-type.js';
import {
  coreProperties,
  hasMacros,
  readXml,
  refuseEncrypted,
  relationships,
  slideParts,
} from './ooxml-parts.js';

/** Pictures larger than this are listed without reading them for their dimensions. */
const PICTURE_HEADER_BYTES = 32 * 1024 * 1024;

/** One thing on a slide, in reading order. */
type Block =
  | { kind: 'paragraphs'; items: { text: string; level: number; bullet: boolean }[]; title: boolean }
  | { kind: 'table'; rows: string[][] }
  | { kind: 'picture'; member: string; alt: string };

const TITLE_TYPES = new Set(['title', 'ctrTitle']);
/** Placeholders that carry no content of their own (slide number, date, footer, the notes page's slide image). */
const SKIPPED_TYPES = new Set(['sldNum', 'dt', 'ftr', 'hdr', 'sldImg']);
const BODY_TYPES = new Set(['body', 'obj', 'subTitle']);

export const convert: Converter = async ({ bytes }) => {
  refuseEncrypted(bytes);
  const zip = new SafeZip(bytes);
  const md = new MarkdownWriter();
  const images: DocumentImage[] = [];
  const cut: string[] = [];
  const slides = slideParts(zip);
  slides.forEach((part, i) => {
    const slide = readXml(zip, part, cut);
    if (!slide) {
      cut.push(`Slide ${i + 1}: its part ${part} is missing.`);
      return;
    }
    const rels = relationships(zip, part);
    const blocks = shapeBlocks(slide, rels);
    const titleBlock = blocks.find((b) => b.kind === 'paragraphs' && b.title) ?? firstPlainText(blocks);
    const title =
      titleBlock?.kind === 'paragraphs'
        ? titleBlock.items
            .map((it) => it.text)
            .join(' ')
            .trim()
        : '';
    md.section('slide', i + 1, title || undefined);
    md.heading(2, title ? `Slide ${i + 1}: ${title}` : `Slide ${i + 1}`);
    for (const b of blocks) {
      if (b === titleBlock) continue;
      writeBlock(md, b, zip, images);
    }
    const notesPart = [...rels.values()].find((r) => r.type === 'notesSlide')?.target;
    const notes = notesPart ? readXml(zip, notesPart, cut) : undefined;
    if (notes) {
      const paragraphs = shapeBlocks(notes, new Map()).flatMap((b) =>
        b.kind === 'paragraphs' ? b.items.map((it) => it.text) : [],
      );
      if (paragraphs.some((p) => p.trim())) {
        md.heading(3, 'Notes');
        for (const p of paragraphs) md.paragraph(p);
      }
    }
  });
  const metadata: Record<string, string | number | boolean> = {
    ...coreProperties(zip),
    slides: slides.length,
  };
  if (hasMacros(zip)) metadata.macros = true;
  const { markdown, sections } = md.build();
  return { markdown, sections, cut, metadata, images };
};

/** Without a title placeholder (LibreOffice writes plain text boxes), a first one-line text box is the title. */
function firstPlainText(blocks: Block[]): Block | undefined {
  const first = blocks[0];
  return first?.kind === 'paragraphs' && first.items.length === 1 && !first.items[0]!.bullet
    ? first
    : undefined;
}

function shapeBlocks(root: XmlElement, rels: Map<string, { target: string; type: string }>): Block[] {
  const tree = firstChild(firstChild(root, 'cSld') ?? root, 'spTree');
  return tree ? groupBlocks(tree, rels) : [];
}

function groupBlocks(group: XmlElement, rels: Map<string, { target: string; type: string }>): Block[] {
  const out: Block[] = [];
  for (const shape of group.children) {
    if (!isElement(shape)) continue;
    const kind = localName(shape.name);
    if (kind === 'sp') {
      const block = textBlock(shape);
      if (block) out.push(block);
    } else if (kind === 'grpSp') out.push(...groupBlocks(shape, rels));
    else if (kind === 'graphicFrame') {
      const tbl = descendant(shape, 'tbl');
      if (tbl) out.push({ kind: 'table', rows: tableRows(tbl) });
    } else if (kind === 'pic') {
      const blip = descendant(shape, 'blip');
      const target = blip ? rels.get(attr(blip, 'embed') ?? '')?.target : undefined;
      const props = descendant(shape, 'cNvPr');
      if (target)
        out.push({
          kind: 'picture',
          member: target,
          alt: (props && (attr(props, 'descr') || attr(props, 'name'))) || '',
        });
    } else if (kind === 'AlternateContent') {
      const choice = firstChild(shape, 'Fallback') ?? firstChild(shape, 'Choice');
      if (choice) out.push(...groupBlocks(choice, rels));
    }
  }
  return out;
}

function textBlock(shape: XmlElement): Block | undefined {
  const ph = descendant(firstChild(shape, 'nvSpPr') ?? shape, 'ph');
  const type = ph ? (attr(ph, 'type') ?? 'body') : undefined;
  if (type && SKIPPED_TYPES.has(type)) return undefined;
  const body = firstChild(shape, 'txBody');
  if (!body) return undefined;
  const isBody = type !== undefined && BODY_TYPES.has(type) && type !== 'subTitle';
  const items = childrenNamed(body, 'p')
    .map((p) => {
      const pPr = firstChild(p, 'pPr');
      const level = Math.min(8, Number.parseInt((pPr && attr(pPr, 'lvl')) ?? '0', 10) || 0);
      const marked = !!pPr && (!!firstChild(pPr, 'buChar') || !!firstChild(pPr, 'buAutoNum'));
      const none = !!pPr && !!firstChild(pPr, 'buNone');
      return { text: paragraphText(p), level, bullet: !none && (marked || isBody) };
    })
    .filter((it) => it.text.trim() !== '');
  if (items.length === 0) return undefined;
  return { kind: 'paragraphs', items, title: type !== undefined && TITLE_TYPES.has(type) };
}

/** Runs, fields and line breaks of one paragraph. */
function paragraphText(p: XmlElement): string {
  let s = '';
  for (const c of p.children) {
    if (!isElement(c)) continue;
    const n = localName(c.name);
    if (n === 'r' || n === 'fld') s += textOf(firstChild(c, 't') ?? { name: '', attrs: {}, children: [] });
    else if (n === 'br') s += ' ';
  }
  return s.replace(/\s+/g, ' ').trim();
}

function tableRows(tbl: XmlElement): string[][] {
  return childrenNamed(tbl, 'tr').map((tr) =>
    childrenNamed(tr, 'tc').map((tc) => {
      // A cell merged into its neighbour shows its value once, in the first cell.
      if (attr(tc, 'hMerge') === '1' || attr(tc, 'vMerge') === '1') return '';
      const body = firstChild(tc, 'txBody');
      return body ? childrenNamed(body, 'p').map(paragraphText).filter(Boolean).join(' ') : '';
    }),
  );
}

function writeBlock(md: MarkdownWriter, b: Block, zip: SafeZip, images: DocumentImage[]): void {
  if (b.kind === 'table') md.table(b.rows);
  else if (b.kind === 'picture') {
    images.push(pictureInfo(zip, b.member));
    md.paragraph(`![${b.alt.replace(/[[\]]/g, '')}](${b.member.replace(/ /g, '%20')})`);
  } else {
    // Runs of bullets are one list; other paragraphs stand alone.
    let run: { text: string; level: number }[] = [];
    const flush = () => {
      if (run.length) md.list(run);
      run = [];
    };
    for (const it of b.items) {
      if (it.bullet) run.push({ text: it.text, level: it.level });
      else {
        flush();
        md.paragraph(it.text);
      }
    }
    flush();
  }
}

/** The first descendant with this local name (shapes are shallow; no deep walk needed). */
function descendant(e: XmlElement, local: string): XmlElement | undefined {
  const stack: XmlElement[] = [e];
  while (stack.length) {
    const n = stack.pop()!;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      if (!isElement(c)) continue;
      if (localName(c.name) === local) return c;
      stack.push(c);
    }
  }
  return undefined;
}

/** A picture's entry in `images`: its size, and its dimensions when its header tells them. */
function pictureInfo(zip: SafeZip, member: string): DocumentImage {
  const entry = zip.entries.find((e) => e.name === member);
  const mimeType = mimeTypeOf(member);
  const info: DocumentImage = { name: member, mimeType, bytes: entry?.size ?? 0 };
  if (!entry || entry.size > PICTURE_HEADER_BYTES) return info;
  try {
    const size = imageSize(zip.read(member), mimeType);
    return size ? { ...info, ...size } : info;
  } catch {
    // A damaged picture is still listed, without dimensions.
    return info;
  }
}
