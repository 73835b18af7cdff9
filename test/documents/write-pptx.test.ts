import { readFileSync } from 'node:fs';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { SafeZip } from '../../src/documents/safe-zip.js';
import { build } from '../../src/documents/write/pptx.js';
import { tempDir } from '../helpers/temp-dir.js';
import { png, roundTrip } from './write-helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('cowork-pptx-');
});

const images = { 'photo.png': png(800, 400, [20, 120, 200]) };
const args = {
  path: 'deck.pptx',
  title: 'Quarterly review',
  slides: [
    { layout: 'title', title: 'Quarterly review', subtitle: 'Sales and plans', notes: 'Welcome everyone.' },
    {
      layout: 'content',
      title: 'Highlights',
      bullets: [
        { text: 'Revenue up **12%**', level: 0 },
        { text: 'North region led', level: 1 },
        { text: 'Costs flat', level: 0 },
      ],
      images: [{ path: 'photo.png', alt: 'A photo' }],
      notes: 'Mention the north.',
    },
    { layout: 'content', title: 'Next steps', bullets: [{ text: 'Hire two people', level: 0 }] },
  ],
} as const;

describe('pptx.create', () => {
  it('writes title and content slides LibreOffice renders, with titles, bullet levels, image and notes', async () => {
    const built = await build({ tool: 'pptx.create', args: structuredClone(args) as never, images });
    expect(built.summary).toBe('3 slides (1 title, 2 content), 1 image, speaker notes on 2');
    const pdf = readFileSync(await roundTrip(built.bytes, dir, 'deck.pptx', 'pdf'), null);
    const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
      mergePages: false,
    });
    expect(totalPages).toBe(3);
    expect(text[0]).toContain('Quarterly review');
    expect(text[0]).toContain('Sales and plans');
    expect(text[1]).toMatch(/Highlights[\s\S]*Revenue up 12%[\s\S]*North region led[\s\S]*Costs flat/);
    expect(text[2]).toMatch(/Next steps[\s\S]*Hire two people/);

    const zip = new SafeZip(built.bytes);
    const slide2 = zip.text('ppt/slides/slide2.xml')!;
    expect(slide2).toMatch(/<p:ph\s[^>]*type="title"/);
    expect(slide2).toMatch(/<a:pPr[^>]*lvl="1"[\s\S]*North region led/);
    expect(slide2).toMatch(/<a:rPr[^>]*b="1"[^>]*>[\s\S]*?<a:t>12%<\/a:t>/);
    expect(slide2).toContain('<p:pic>');
    const notes = zip.entries.filter((e) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(e.name));
    expect(notes.map((e) => zip.text(e.name)).join('')).toContain('Mention the north.');
    expect(zip.text('docProps/core.xml')).toContain('<dc:title>Quarterly review</dc:title>');
  });

  it('gives the same bytes for the same spec', async () => {
    const a = await build({ tool: 'pptx.create', args: structuredClone(args) as never, images });
    await new Promise((r) => setTimeout(r, 2100));
    const b = await build({ tool: 'pptx.create', args: structuredClone(args) as never, images });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });
});
