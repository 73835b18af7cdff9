/**
 * A PowerPoint deck as boxes on each slide's canvas: every shape and picture of the slide at its
 * place (a:off / a:ext, relative to the deck's p:sldSz), its paragraphs with their bullet levels,
 * and the slide's notes. Read member by member through SafeZip, parts and slide order as the
 * converter reads them (convert/ooxml-parts.ts).
 */
import { CoworkError, type DocumentPreview, type SlidePreview } from '../../contracts/index.js';
import { readXml, relationships, slideParts } from '../convert/ooxml-parts.js';
import { imageMimeType } from '../detect-format.js';
import {
  attr,
  childrenNamed,
  descendants,
  firstChild,
  localName,
  textOf,
  type XmlElement,
} from '../safe-xml.js';
import { SafeZip } from '../safe-zip.js';

type Relationships = ReturnType<typeof relationships>;

const MAX_SLIDES = 500;
/** A picture is inlined as a data: URL only under this size (else a box labelled as an image). */
const IMAGE_BYTES = 200 * 1024;
const ALL_IMAGES_BYTES = 4 * 1024 * 1024;
type Box = SlidePreview['boxes'][number];

export async function previewSlides(bytes: Uint8Array, path: string): Promise<DocumentPreview> {
  const zip = new SafeZip(bytes);
  const presentation = readXml(zip, 'ppt/presentation.xml');
  if (!presentation) throw new CoworkError('DOCUMENT_INVALID', 'The deck has no ppt/presentation.xml.');
  const size = descendants(presentation, 'sldSz')[0];
  const cx = Number(size ? attr(size, 'cx') : 0) || 12_192_000;
  const cy = Number(size ? attr(size, 'cy') : 0) || 6_858_000;
  const slidePaths = slideParts(zip).slice(0, MAX_SLIDES);
  const budget = { left: ALL_IMAGES_BYTES };
  const slides = slidePaths.map((p, i) => slide(zip, p, i + 1, { cx, cy }, budget));
  return { kind: 'slides', path, aspect: cx / cy, slides };
}

function slide(
  zip: SafeZip,
  part: string,
  index: number,
  canvas: { cx: number; cy: number },
  budget: { left: number },
): SlidePreview {
  const root = readXml(zip, part);
  if (!root) return { index, boxes: [] };
  const rels = relationships(zip, part);
  const boxes: Box[] = [];
  for (const shape of [...descendants(root, 'sp'), ...descendants(root, 'pic')]) {
    const box = shapeBox(zip, shape, rels, canvas, budget);
    if (box) boxes.push(box);
  }
  const title = boxes
    .find((b) => b.kind === 'title')
    ?.paragraphs.map((p) => p.text)
    .join(' ');
  const notes = notesOf(zip, [...rels.values()].find((r) => r.type === 'notesSlide')?.target);
  return { index, boxes, ...(title ? { title } : {}), ...(notes ? { notes } : {}) };
}

function shapeBox(
  zip: SafeZip,
  shape: XmlElement,
  rels: Relationships,
  canvas: { cx: number; cy: number },
  budget: { left: number },
): Box | undefined {
  const placeholder = descendants(shape, 'ph')[0];
  const type = placeholder ? attr(placeholder, 'type') : undefined;
  const isPicture = localName(shape.name) === 'pic';
  const kind: Box['kind'] = isPicture ? 'image' : type === 'title' || type === 'ctrTitle' ? 'title' : 'text';
  const paragraphs = isPicture ? [] : paragraphsOf(shape);
  if (!isPicture && paragraphs.every((p) => p.text.trim() === '')) return undefined;
  const place = placeOf(shape, canvas) ?? defaultPlace(kind);
  const box: Box = { ...place, kind, paragraphs };
  if (isPicture) {
    const image = pictureUrl(zip, shape, rels, budget);
    if (image) box.image = image;
  }
  return box;
}

function placeOf(shape: XmlElement, canvas: { cx: number; cy: number }) {
  const xfrm = descendants(shape, 'xfrm')[0];
  const off = xfrm && firstChild(xfrm, 'off');
  const ext = xfrm && firstChild(xfrm, 'ext');
  if (!off || !ext) return undefined;
  const n = (e: XmlElement, a: string) => Number(attr(e, a)) || 0;
  return {
    x: n(off, 'x') / canvas.cx,
    y: n(off, 'y') / canvas.cy,
    w: n(ext, 'cx') / canvas.cx,
    h: n(ext, 'cy') / canvas.cy,
  };
}

/** A placeholder that takes its place from the layout: where layouts usually put it. */
function defaultPlace(kind: Box['kind']) {
  return kind === 'title' ? { x: 0.05, y: 0.04, w: 0.9, h: 0.16 } : { x: 0.05, y: 0.24, w: 0.9, h: 0.7 };
}

function paragraphsOf(shape: XmlElement): Box['paragraphs'] {
  const body = descendants(shape, 'txBody')[0];
  if (!body) return [];
  return childrenNamed(body, 'p').map((p) => {
    const props = firstChild(p, 'pPr');
    const text = p.children
      .filter((c): c is XmlElement => typeof c !== 'string')
      .map((c) => (localName(c.name) === 'br' ? '\n' : localName(c.name) === 'pPr' ? '' : textOf(c)))
      .join('');
    return { text, level: Number(props ? attr(props, 'lvl') : 0) || 0 };
  });
}

function pictureUrl(
  zip: SafeZip,
  shape: XmlElement,
  rels: Relationships,
  budget: { left: number },
): string | undefined {
  const blip = descendants(shape, 'blip')[0];
  const member = blip && rels.get(attr(blip, 'embed') ?? '')?.target;
  const entry = member && zip.entries.find((e) => e.name === member);
  if (!entry || entry.size > IMAGE_BYTES || entry.size > budget.left) return undefined;
  const bytes = zip.read(entry.name);
  const mime = imageMimeType(bytes);
  if (!mime || !['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(mime)) return undefined;
  budget.left -= bytes.length;
  return `data:${mime};base64,${bytes.toString('base64')}`;
}

/** The notes page's text: its body, or any text shape that is not a slide image, number, header… */
function notesOf(zip: SafeZip, part: string | undefined): string | undefined {
  const root = part ? readXml(zip, part) : undefined;
  if (!root) return undefined;
  const phType = (s: XmlElement) => {
    const ph = descendants(s, 'ph')[0];
    return ph ? (attr(ph, 'type') ?? 'body') : undefined;
  };
  const text = descendants(root, 'sp')
    .filter((s) => [undefined, 'body'].includes(phType(s)))
    .flatMap((s) => paragraphsOf(s).map((p) => p.text))
    .join('\n')
    .trim();
  return text || undefined;
}
