import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/documents/detect-format.js';

const zipWith = async (...names: string[]) => {
  const z = new JSZip();
  for (const n of names) z.file(n, 'x');
  return z.generateAsync({ type: 'uint8array' });
};

describe('detectFormat', () => {
  it('goes by the bytes first: a renamed file is what it is', async () => {
    expect(detectFormat(Buffer.from('%PDF-1.7\n'), 'notes.txt')).toBe('pdf');
    expect(detectFormat(await zipWith('word/document.xml'), 'x.xlsx')).toBe('docx');
    expect(detectFormat(await zipWith('ppt/presentation.xml'), 'deck.zip')).toBe('pptx');
    expect(detectFormat(await zipWith('xl/workbook.xml'), 'data.bin')).toBe('xlsx');
    expect(detectFormat(await zipWith('mimetype', 'META-INF/container.xml', 'OEBPS/book.opf'), 'b.zip')).toBe(
      'epub',
    );
    expect(detectFormat(await zipWith('a.txt', 'b/c.txt'), 'docs.docx')).toBe('zip');
    expect(detectFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), 'photo.pdf')).toBe('image');
    expect(detectFormat(Buffer.from('ID3\u0003\u0000'), 'song.bin')).toBe('audio');
  });

  it('tells text formats by name, and anything else is text', () => {
    expect(detectFormat(Buffer.from('a,b\n1,2\n'), 'x.csv')).toBe('csv');
    expect(detectFormat(Buffer.from('<html></html>'), 'x.HTM')).toBe('html');
    expect(detectFormat(Buffer.from('{}'), 'x.json')).toBe('json');
    expect(detectFormat(Buffer.from('plain'), 'README')).toBe('text');
    // A name that promises a binary format the bytes do not have is not believed.
    expect(detectFormat(Buffer.from('plain'), 'fake.pdf')).toBe('text');
  });

  it('takes an OLE2 file named like an Office XML file as that format (an encrypted one), else as XLS', () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(detectFormat(ole, 'secret.docx')).toBe('docx');
    expect(detectFormat(ole, 'old.xls')).toBe('xls');
  });
});
