import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SafeZip } from '../../src/documents/safe-zip.js';
import { build } from '../../src/documents/write/docx.js';
import { tempDir } from '../helpers/temp-dir.js';
import { png, roundTrip } from './write-helpers.js';

const images = { 'chart.png': png(1200, 600) };
let dir: string;
beforeAll(() => {
  dir = tempDir('cowork-docx-');
});

const blocksSpec = {
  path: 'report.docx',
  title: 'Quarterly report',
  blocks: [
    { type: 'heading', level: 1, text: 'Quarterly report' },
    {
      type: 'paragraph',
      text: 'Revenue grew **strongly**, see [the site](https://example.com) and *notes*.',
    },
    {
      type: 'list',
      ordered: true,
      items: [
        { text: 'First step', level: 0 },
        { text: 'Sub step', level: 1 },
      ],
    },
    { type: 'list', ordered: false, items: [{ text: 'A bullet', level: 0 }] },
    {
      type: 'table',
      rows: [
        ['Region', 'Sales'],
        ['North', '120'],
        ['South', '80'],
      ],
    },
    { type: 'image', path: 'chart.png', widthPx: 300, alt: 'Sales chart' },
    { type: 'pageBreak' },
    { type: 'heading', level: 2, text: 'Appendix' },
  ],
} as const;

describe('docx.create', () => {
  it('writes blocks LibreOffice reads back: headings, runs, lists, table, image, page break', async () => {
    const built = await build({ tool: 'docx.create', args: structuredClone(blocksSpec) as never, images });
    expect(built.summary).toBe('2 headings, 1 paragraph, 2 lists, 1 table, 1 image, 1 page break');
    const html = readFileSync(await roundTrip(built.bytes, dir, 'blocks.docx', 'html'), 'utf8').replace(
      /\s+/g,
      ' ',
    );
    expect(html).toMatch(/<h1[^>]*>[\s\S]*Quarterly report[\s\S]*<\/h1>/);
    expect(html).toMatch(/<h2[^>]*>[\s\S]*Appendix[\s\S]*<\/h2>/);
    expect(html).toMatch(/<b>strongly<\/b>|font-weight: bold[^>]*>strongly/);
    expect(html).toContain('href="https://example.com/"');
    expect(html).toMatch(/<ol[\s\S]*First step[\s\S]*<ol[\s\S]*Sub step/);
    expect(html).toMatch(/<table[\s\S]*Region[\s\S]*Sales[\s\S]*North[\s\S]*120[\s\S]*South/);
    expect(html).toMatch(/<img[^>]*alt="Sales chart"/);
    const xml = new SafeZip(built.bytes).text('word/document.xml')!;
    // 300 px wide keeps the 2:1 aspect: 150 px high, in EMU (9525 per px).
    expect(xml).toContain(`cx="${300 * 9525}" cy="${150 * 9525}"`);
    expect(xml).toContain('w:type="page"');
    expect(new SafeZip(built.bytes).text('docProps/core.xml')).toContain(
      '<dc:title>Quarterly report</dc:title>',
    );
  });

  it('caps an image to the text width, keeping its aspect', async () => {
    const built = await build({
      tool: 'docx.create',
      args: { path: 'a.docx', blocks: [{ type: 'image', path: 'chart.png' }] },
      images,
    });
    const xml = new SafeZip(built.bytes).text('word/document.xml')!;
    const [, cx, cy] = /cx="(\d+)" cy="(\d+)"/.exec(xml)!;
    expect(Number(cx) / 9525).toBe(601);
    expect(Math.round(Number(cy) / 9525)).toBe(301);
  });

  it('writes Markdown: headings, lists, a table, code and a local image', async () => {
    const markdown = [
      '# Plan',
      '',
      'Some **bold** text.',
      '',
      '- one',
      '  - nested',
      '- two',
      '',
      '| Name | Qty |',
      '| --- | --- |',
      '| Apples | 3 |',
      '',
      '```',
      'const x = 1;',
      '```',
      '',
      '![A chart](chart.png)',
      '',
      '![remote](https://example.com/x.png)',
    ].join('\n');
    const built = await build({ tool: 'docx.create', args: { path: 'm.docx', markdown }, images });
    expect(built.summary).toBe('1 heading, 2 paragraphs, 1 list, 1 table, 1 code block, 1 image');
    const txt = readFileSync(await roundTrip(built.bytes, dir, 'markdown.docx', 'txt:Text'), 'utf8');
    for (const s of ['Plan', 'Some bold text.', 'one', 'nested', 'two', 'Apples', 'const x = 1;', 'remote'])
      expect(txt).toContain(s);
  });

  it('gives the same bytes for the same spec', async () => {
    const a = await build({ tool: 'docx.create', args: structuredClone(blocksSpec) as never, images });
    await new Promise((r) => setTimeout(r, 2100));
    const b = await build({ tool: 'docx.create', args: structuredClone(blocksSpec) as never, images });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('needs blocks or markdown', async () => {
    await expect(build({ tool: 'docx.create', args: { path: 'e.docx' }, images: {} })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENTS',
    });
  });
});
