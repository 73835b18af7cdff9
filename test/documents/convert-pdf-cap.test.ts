import PDFDocument from 'pdfkit';
import { describe, expect, it, vi } from 'vitest';
import { convertBytes } from '../../src/documents/convert/index.js';

// The page cap, made small so a short PDF reaches it.
vi.mock('../../src/documents/limits.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/documents/limits.js')>();
  return { LIMITS: { ...real.LIMITS, pdfPages: 2 } };
});

async function pages(n: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  for (let i = 1; i <= n; i++) {
    if (i > 1) doc.addPage();
    doc.fontSize(11).text(`Text of page ${i}.`, 50, 50);
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe('the PDF page cap', () => {
  it('converts at most LIMITS.pdfPages pages in one call, says which were not, and `pages` reaches the rest', async () => {
    const pdf = await pages(5);
    const first = await convertBytes(pdf, 'five.pdf');
    expect(first.sections.map((s) => s.index)).toEqual([1, 2]);
    expect(first.markdown).toBe('<!-- page 1 -->\n\nText of page 1.\n\n<!-- page 2 -->\n\nText of page 2.\n');
    expect(first.cut).toEqual([
      'Pages 3–5 not converted: at most 2 pages per call (ask for more with pages).',
    ]);
    expect(first.metadata['pages']).toBe(5);
    const rest = await convertBytes(pdf, 'five.pdf', { pages: { from: 4, to: 5 } });
    expect(rest.markdown).toBe('<!-- page 4 -->\n\nText of page 4.\n\n<!-- page 5 -->\n\nText of page 5.\n');
    expect(rest.cut).toEqual(['Only pages 4–5 of 5 were asked for.']);
  });
});
