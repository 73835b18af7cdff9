import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/documents/write/pdf.js';
import { png } from './write-helpers.js';

const images = { 'chart.png': png(900, 300) };
const markdown = [
  '# Annual summary',
  '',
  'The year went **well**, with *steady* growth; see [our site](https://example.com).',
  '',
  '## Figures',
  '',
  '| Region | Sales | Share |',
  '| --- | --- | --- |',
  '| North | 120 | 60% |',
  '| South | 80 | 40% |',
  '',
  '1. First point',
  '2. Second point',
  '   - a detail',
  '',
  '```',
  'total = north + south',
  '```',
  '',
  '![Sales chart](chart.png)',
  '',
  '---',
  '',
  'The end.',
].join('\n');

async function text(bytes: Uint8Array): Promise<{ pages: string[]; total: number }> {
  const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
    mergePages: false,
  });
  return { pages: text, total: totalPages };
}

describe('pdf.create', () => {
  it('draws headings, paragraphs, a table, lists, code and an image, in order', async () => {
    const built = await build({
      tool: 'pdf.create',
      args: { path: 'a.pdf', title: 'Annual summary', markdown, pageSize: 'A4' },
      images,
    });
    expect(built.summary).toBe('1 page: 2 headings, 2 paragraphs, 1 table, 1 list, 1 code block, 1 image');
    const { pages, total } = await text(built.bytes);
    expect(total).toBe(1);
    const flat = pages[0]!.replace(/\s+/g, ' ');
    const order = [
      'Annual summary',
      'The year went well, with steady growth; see our site.',
      'Figures',
      'Region',
      'Sales',
      'North',
      '120',
      'South',
      'First point',
      'Second point',
      'a detail',
      'total = north + south',
      'The end.',
    ];
    let at = -1;
    for (const s of order) {
      const i = flat.indexOf(s, at + 1);
      expect(i, `"${s}" after position ${at} in: ${flat}`).toBeGreaterThan(at);
      at = i;
    }
    const meta = await getMeta(await getDocumentProxy(new Uint8Array(built.bytes)));
    expect(meta.info.Title).toBe('Annual summary');
    expect(Buffer.from(built.bytes).toString('latin1')).toMatch(/\/Subtype \/Image/);
  });

  it('flows long text onto more pages, Letter sized, and gives the same bytes twice', async () => {
    const long = Array.from(
      { length: 120 },
      (_, i) => `Paragraph number ${i + 1} with some words to wrap.`,
    ).join('\n\n');
    const args = {
      path: 'l.pdf',
      markdown: `${long}\n\n\\pagebreak\n\nLast page.`,
      pageSize: 'Letter' as const,
    };
    const a = await build({ tool: 'pdf.create', args, images: {} });
    const { pages, total } = await text(a.bytes);
    expect(total).toBeGreaterThanOrEqual(3);
    expect(pages.at(-1)!.trim()).toBe('Last page.');
    expect(pages.join(' ')).toContain('Paragraph number 120 ');
    expect(Buffer.from(a.bytes).toString('latin1')).toContain('/MediaBox [0 0 612 792]');
    await new Promise((r) => setTimeout(r, 1100));
    const b = await build({ tool: 'pdf.create', args, images: {} });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('draws what the built-in fonts cannot as look-alikes or "?", and says how many', async () => {
    const built = await build({
      tool: 'pdf.create',
      args: { path: 'u.pdf', markdown: 'Price 5 € → next — “quoted” café 日本 ✓', pageSize: 'A4' },
      images: {},
    });
    expect(built.summary).toBe(
      '1 page: 1 paragraph; 2 characters the built-in fonts cannot draw shown as "?"',
    );
    const { pages } = await text(built.bytes);
    expect(pages[0]!.trim()).toBe('Price 5 € -> next — “quoted” café ?? v');
  });
});
