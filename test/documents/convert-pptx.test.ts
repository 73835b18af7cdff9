/**
 * Slide decks to Markdown, on a PPTX real LibreOffice made from deck.fodp: slides in order with
 * their titles, nested bullets, a table, a picture, speaker notes; a .pptm converts with its
 * macros flagged and never run.
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertBytes } from '../../src/documents/convert/index.js';
import { officeFixtures } from './read-tables-files.js';

let deck: Uint8Array;

beforeAll(async () => {
  deck = (await officeFixtures([['deck.fodp', 'pptx']]))['deck.pptx']!;
}, 120_000);

describe('PPTX made by LibreOffice', () => {
  it('per slide: title, bullets with levels, table, picture, notes', async () => {
    const r = await convertBytes(deck, 'deck.pptx');
    expect(r.format).toBe('pptx');
    await expect(r.markdown).toMatchFileSnapshot('./__snapshots__/convert-pptx.deck.md');
    expect(r.markdown).toContain(
      [
        '- Ship the reader',
        '  - Sheets and slides',
        '    - Notes too',
        '  - Archives',
        '- Keep memory bounded',
      ].join('\n'),
    );
    expect(r.markdown).toContain('| Q2 | 150 | 90 \\| est. |');
    expect(r.markdown).toContain('### Notes\n\nMention the zip bomb tests.\n\nSecond note line.');
    expect(r.sections.map((s) => [s.kind, s.index, s.name])).toEqual([
      ['slide', 1, 'Roadmap 2025'],
      ['slide', 2, 'Goals'],
      ['slide', 3, 'Numbers'],
    ]);
    const lines = r.markdown.split('\n');
    for (const s of r.sections) {
      expect(lines[s.startLine - 1]).toBe(`## Slide ${s.index}: ${s.name}`);
      expect(lines[s.endLine - 1]).not.toBe('');
    }
    expect(r.images).toEqual([
      { name: 'ppt/media/image1.png', mimeType: 'image/png', bytes: expect.any(Number), width: 4, height: 3 },
    ]);
    expect(r.metadata).toEqual({ author: 'Grace Hopper', slides: 3, title: 'Roadmap 2025' });
  });

  it('the same bytes give the same Markdown twice', async () => {
    const a = await convertBytes(deck, 'deck.pptx');
    const b = await convertBytes(deck, 'deck.pptx');
    expect(Buffer.from(a.markdown).equals(Buffer.from(b.markdown))).toBe(true);
    expect(a).toEqual(b);
  });

  it('slides follow presentation.xml, not the order of the parts in the archive', async () => {
    const zip = await JSZip.loadAsync(deck);
    const pres = await zip.file('ppt/presentation.xml')!.async('string');
    // Swap the first two slide ids in the list: slide 2 (Goals) now comes first.
    const swapped = pres.replace(
      /(<p:sldId [^>]*r:id=")(rId\d+)("[^>]*\/>)(<p:sldId [^>]*r:id=")(rId\d+)/,
      '$1$5$3$4$2',
    );
    expect(swapped).not.toBe(pres);
    zip.file('ppt/presentation.xml', swapped);
    const r = await convertBytes(
      new Uint8Array(await zip.generateAsync({ type: 'uint8array' })),
      'deck.pptx',
    );
    expect(r.sections.map((s) => s.name)).toEqual(['Goals', 'Roadmap 2025', 'Numbers']);
  });

  it('placeholders decide: the title placeholder is the title, a body placeholder is bullets, a slide number is skipped', async () => {
    const zip = await JSZip.loadAsync(deck);
    const slide = await zip.file('ppt/slides/slide3.xml')!.async('string');
    // slide3's shapes in order: "Numbers" (text box), the table, "Source: finance team" (text box).
    const shapes = slide.split('<p:nvPr/></p:nvSpPr>');
    expect(shapes).toHaveLength(3);
    const patched = `${shapes[0]}<p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr>${shapes[1]}<p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr>${shapes[2]}`;
    zip.file('ppt/slides/slide3.xml', patched);
    const r = await convertBytes(
      new Uint8Array(await zip.generateAsync({ type: 'uint8array' })),
      'deck.pptx',
    );
    expect(r.sections[2]!.name).toBe('Source: finance team');
    const slide3 = r.markdown
      .split('\n')
      .slice(r.sections[2]!.startLine - 1)
      .join('\n');
    expect(slide3).toMatch(/^## Slide 3: Source: finance team\n\n- Numbers\n\n\| Quarter \|/);
    const withNumber = patched.replace('<p:ph type="body" idx="1"/>', '<p:ph type="sldNum" idx="12"/>');
    zip.file('ppt/slides/slide3.xml', withNumber);
    const r2 = await convertBytes(
      new Uint8Array(await zip.generateAsync({ type: 'uint8array' })),
      'deck.pptx',
    );
    expect(r2.markdown).not.toContain('Numbers');
  });

  it('a .pptm with a VBA project converts; macros are flagged, never run', async () => {
    const zip = await JSZip.loadAsync(deck);
    zip.file('ppt/vbaProject.bin', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]));
    const r = await convertBytes(
      new Uint8Array(await zip.generateAsync({ type: 'uint8array' })),
      'deck.pptm',
    );
    expect(r.format).toBe('pptx');
    expect(r.metadata.macros).toBe(true);
    expect(r.sections).toHaveLength(3);
  });
});
