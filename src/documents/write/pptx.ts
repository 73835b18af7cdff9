/**
 * `pptx.create`: a 16:9 deck made with pptxgenjs on two masters of its own, so every slide's
 * title sits in a real title placeholder (outline views, readers and converters find it): a
 * 'title' slide (title and subtitle, centred) and a 'content' slide (title, bullets with levels,
 * images in a column on the right, each fitted to its box). Speaker notes go to the notes page.
 * The same spec gives the same bytes: the deck's dates and the ZIP's times are fixed.
 */
import JSZip from 'jszip';
import pptxgenjs from 'pptxgenjs';
import type { PptxSlideSpec } from '../../contracts/index.js';
import { fixCoreDates } from './deterministic.js';
import { imageBytes, imageInfo } from './image-size.js';
import { inlineRuns } from './inline.js';
import type { BuildRequest, Built, ImageBytes } from './writer.js';
import { FIXED_DATE, fixZipTimes } from './zip-times.js';

type Request = Extract<BuildRequest, { tool: 'pptx.create' }>;

// pptxgenjs's types describe a CommonJS module whose `default` is the class; imported as ESM (and
// bundled) the default import is the class itself.
const PptxGenJS = ((pptxgenjs as unknown as { default?: unknown }).default ??
  pptxgenjs) as unknown as typeof pptxgenjs.default;
type Pres = InstanceType<typeof PptxGenJS>;
type Slide = pptxgenjs.default.Slide;
type TextProps = pptxgenjs.default.TextProps;

/** The 16:9 canvas in inches, and the boxes each layout places. */
const W = 10;
const H = 5.625;
const BOX = {
  coverTitle: { x: 0.5, y: 1.5, w: W - 1, h: 1.3 },
  coverSubtitle: { x: 0.5, y: 2.9, w: W - 1, h: 1.0 },
  title: { x: 0.5, y: 0.25, w: W - 1, h: 0.9 },
  body: { x: 0.5, y: 1.3, w: W - 1, h: H - 1.7 },
};
/** With images, the bullets keep the left 55% and the images share the column on the right. */
const SPLIT = 0.55;

export async function build(request: Request): Promise<Built> {
  const pres = new PptxGenJS();
  pres.layout = 'LAYOUT_16x9';
  pres.author = 'Cowork';
  pres.company = '';
  if (request.args.title) pres.title = request.args.title;
  pres.defineSlideMaster({
    title: 'COWORK_TITLE',
    objects: [
      {
        placeholder: {
          options: {
            name: 'title',
            type: 'title',
            ...BOX.coverTitle,
            align: 'center',
            fontSize: 36,
            bold: true,
          },
          text: '',
        },
      },
      {
        placeholder: {
          options: {
            name: 'subtitle',
            type: 'body',
            ...BOX.coverSubtitle,
            align: 'center',
            fontSize: 20,
            color: '555555',
          },
          text: '',
        },
      },
    ],
  });
  pres.defineSlideMaster({
    title: 'COWORK_CONTENT',
    objects: [
      {
        placeholder: {
          options: { name: 'title', type: 'title', ...BOX.title, fontSize: 28, bold: true, valign: 'middle' },
          text: '',
        },
      },
    ],
  });
  const counts = { title: 0, content: 0, images: 0, notes: 0 };
  for (const spec of request.args.slides) {
    const layout = spec.layout ?? 'content';
    counts[layout]++;
    counts.images += spec.images?.length ?? 0;
    if (spec.notes) counts.notes++;
    addSlide(pres, spec, request.images);
  }
  const raw = (await pres.write({ outputType: 'nodebuffer' })) as Buffer;
  const zip = await JSZip.loadAsync(raw);
  const core = await zip.file('docProps/core.xml')?.async('string');
  if (core !== undefined) zip.file('docProps/core.xml', fixCoreDates(core, FIXED_DATE));
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  return { bytes: fixZipTimes(bytes), summary: summary(request.args.slides.length, counts) };
}

function addSlide(pres: Pres, spec: PptxSlideSpec, images: ImageBytes): void {
  if (spec.layout === 'title') {
    const slide = pres.addSlide({ masterName: 'COWORK_TITLE' });
    if (spec.title) slide.addText(spec.title, { placeholder: 'title' });
    if (spec.subtitle) slide.addText(spec.subtitle, { placeholder: 'subtitle' });
    addPictures(slide, spec, images, { x: BOX.body.x, y: 4.0, w: BOX.body.w, h: H - 4.2 });
    if (spec.notes) slide.addNotes(spec.notes);
    return;
  }
  const slide = pres.addSlide({ masterName: 'COWORK_CONTENT' });
  if (spec.title) slide.addText(spec.title, { placeholder: 'title' });
  const pictures = spec.images?.length ?? 0;
  const bulletsWidth = pictures ? BOX.body.w * SPLIT : BOX.body.w;
  const paragraphs = [
    ...(spec.subtitle ? [{ text: spec.subtitle, level: -1 }] : []),
    ...(spec.bullets ?? []),
  ];
  if (paragraphs.length) {
    slide.addText(
      paragraphs.flatMap((b) => bulletRuns(b.text, b.level ?? 0)),
      { ...BOX.body, w: bulletsWidth, valign: 'top', fontSize: 18, paraSpaceAfter: 6 },
    );
  }
  if (pictures) {
    const x = paragraphs.length ? BOX.body.x + bulletsWidth + 0.2 : BOX.body.x;
    addPictures(slide, spec, images, { x, y: BOX.body.y, w: BOX.body.x + BOX.body.w - x, h: BOX.body.h });
  }
  if (spec.notes) slide.addNotes(spec.notes);
}

/** One bullet as runs with its marks; level -1 is a plain lead paragraph. */
function bulletRuns(text: string, level: number): TextProps[] {
  const runs = inlineRuns(text);
  if (!runs.length) runs.push({ text: ' ' });
  return runs.map((r, i) => ({
    text: r.text,
    options: {
      ...(i === 0 && level >= 0 ? { bullet: { indent: 18 }, indentLevel: level } : {}),
      ...(i === 0 && level < 0 ? { bullet: false } : {}),
      ...(r.bold ? { bold: true } : {}),
      ...(r.italic ? { italic: true } : {}),
      ...(r.code ? { fontFace: 'Courier New' } : {}),
      ...(r.link ? { hyperlink: { url: r.link } } : {}),
      ...(i === runs.length - 1 ? { breakLine: true } : {}),
      ...(level > 0 ? { fontSize: Math.max(12, 18 - 2 * level) } : {}),
    },
  }));
}

/** The slide's images stacked in `area`, each fitted to its share keeping its aspect. */
function addPictures(
  slide: Slide,
  spec: PptxSlideSpec,
  images: ImageBytes,
  area: { x: number; y: number; w: number; h: number },
): void {
  const refs = spec.images ?? [];
  const gap = 0.15;
  const cellH = (area.h - gap * (refs.length - 1)) / Math.max(1, refs.length);
  refs.forEach((ref, i) => {
    const data = imageBytes(images, ref.path);
    const info = imageInfo(data, ref.path);
    const wantW = (ref.widthPx ?? info.width) / 96;
    const wantH =
      (ref.heightPx ?? (ref.widthPx ? (ref.widthPx * info.height) / info.width : info.height)) / 96;
    const scale = Math.min(1, area.w / wantW, cellH / wantH);
    const w = wantW * scale;
    const h = wantH * scale;
    const mime = info.type === 'jpg' ? 'jpeg' : info.type;
    slide.addImage({
      data: `image/${mime};base64,${Buffer.from(data).toString('base64')}`,
      x: area.x + (area.w - w) / 2,
      y: area.y + i * (cellH + gap) + (cellH - h) / 2,
      w,
      h,
      altText: ref.alt ?? ref.path,
    });
  });
}

function summary(
  slides: number,
  c: { title: number; content: number; images: number; notes: number },
): string {
  const kinds = [c.title && `${c.title} title`, c.content && `${c.content} content`]
    .filter(Boolean)
    .join(', ');
  const extras = [
    c.images && `${c.images} image${c.images === 1 ? '' : 's'}`,
    c.notes && `speaker notes on ${c.notes}`,
  ].filter(Boolean);
  return [`${slides} slide${slides === 1 ? '' : 's'} (${kinds})`, ...extras].join(', ');
}
