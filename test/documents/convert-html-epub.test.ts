import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { CoworkError } from '../../src/contracts/index.js';
import { htmlToMarkdown } from '../../src/documents/convert/html-to-markdown.js';
import { convertBytes } from '../../src/documents/convert/index.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/documents/read-text');

describe('HTML to Markdown', () => {
  const page = readFileSync(join(FIXTURES, 'page.html'));

  it('keeps text, links, nested lists and tables; drops scripts, styles, frames and forms; byte for byte the same each time', async () => {
    const a = await convertBytes(page, 'page.html');
    const b = await convertBytes(page, 'page.html');
    expect(a.format).toBe('html');
    await expect(a.markdown).toMatchFileSnapshot('__snapshots__/convert-html.md');
    expect(b).toEqual(a);
    expect(a.metadata).toEqual({
      author: 'Rosalind Franklin',
      description: 'What the survey found.',
      title: 'Field Notes & Findings',
    });
    for (const gone of [
      'injected',
      'evil.example',
      'alert',
      'font-family',
      'Enable JavaScript',
      'javascript:',
      'base64',
      'vector label',
    ])
      expect(a.markdown).not.toContain(gone);
    expect(a.markdown).toContain('[full report](https://example.org/report)');
    expect(a.markdown).toContain(
      '| Site | Birds | Notes |\n| --- | --- | --- |\n| Harbour | 42 | gulls \\| terns |',
    );
    expect(a.markdown).toContain('- Harbour\n  - North pier\n  - South pier\n- Forest');
    expect(a.markdown).toContain('3. Third step\n4. Fourth step');
  });

  it('decodes the bytes as the page’s meta charset says', async () => {
    const latin1 = Buffer.from(
      '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head><body><p>na\xefve</p></body></html>',
      'latin1',
    );
    const r = await convertBytes(latin1, 'cafe.html');
    expect([r.markdown, r.metadata]).toEqual(['naïve\n', { title: 'Café' }]);
  });

  it('is there for others to reuse: htmlToMarkdown(html)', () => {
    expect(htmlToMarkdown('<h2>Hi</h2><p>a <b>b</b></p><script>x()</script>')).toBe('## Hi\n\na **b**');
    expect(htmlToMarkdown('<p>line one<br>line two</p>')).toBe('line one\\\nline two');
    expect(htmlToMarkdown('')).toBe('');
  });
});

async function epub(chapters: { file: string; title: string; body: string }[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file(
    'META-INF/container.xml',
    `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
  );
  const items = chapters
    .map((c, i) => `<item id="c${i}" href="${c.file}" media-type="application/xhtml+xml"/>`)
    .join('');
  // The spine, not the manifest, gives the reading order: here it is the reverse of the manifest.
  const spine = chapters.map((_c, i) => `<itemref idref="c${i}"/>`).join('');
  zip.file(
    'OEBPS/content.opf',
    `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>The Tide Book</dc:title><dc:creator>Rachel Carson</dc:creator><dc:language>en</dc:language></metadata><manifest>${items}<item id="cover" href="images/cover.png" media-type="image/png"/><item id="css" href="style.css" media-type="text/css"/></manifest><spine>${spine}</spine></package>`,
  );
  for (const c of chapters) {
    zip.file(
      `OEBPS/${c.file}`,
      `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${c.title}</title><link rel="stylesheet" href="../style.css"/></head><body>${c.body}</body></html>`,
    );
  }
  zip.file('OEBPS/images/cover.png', Buffer.alloc(300, 1));
  zip.file('OEBPS/style.css', 'h1 { color: blue }');
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('EPUB to Markdown', () => {
  const chapters = [
    {
      file: 'text/one.xhtml',
      title: 'One',
      body: '<h1>Chapter One</h1><p>The sea rises.</p><script>steal()</script>',
    },
    {
      file: 'text/two.xhtml',
      title: 'Two',
      body: '<h1>Chapter Two</h1><p>The tide <em>turns</em>.</p><table><tr><th>Hour</th><th>Height</th></tr><tr><td>6</td><td>2.1 m</td></tr></table>',
    },
  ];

  it('gives the chapters in spine order as sections, with the book’s metadata and images listed', async () => {
    const book = await epub(chapters);
    const a = await convertBytes(book, 'tides.epub');
    expect(a.format).toBe('epub');
    await expect(a.markdown).toMatchFileSnapshot('__snapshots__/convert-epub.md');
    expect(await convertBytes(book, 'tides.epub')).toEqual(a);
    expect(a.metadata).toEqual({
      author: 'Rachel Carson',
      chapters: 2,
      language: 'en',
      title: 'The Tide Book',
    });
    expect(a.images).toEqual([{ name: 'OEBPS/images/cover.png', mimeType: 'image/png', bytes: 300 }]);
    const lines = a.markdown.split('\n');
    expect(
      a.sections.map((s) => [s.kind, s.index, s.name, lines.slice(s.startLine - 1, s.endLine).join('\n')]),
    ).toEqual([
      ['chapter', 1, 'OEBPS/text/one.xhtml', '# Chapter One\n\nThe sea rises.'],
      [
        'chapter',
        2,
        'OEBPS/text/two.xhtml',
        '# Chapter Two\n\nThe tide *turns*.\n\n| Hour | Height |\n| --- | --- |\n| 6 | 2.1 m |',
      ],
    ]);
  });

  it('converts one chapter when asked (by its path in the book or as the package names it)', async () => {
    const book = await epub(chapters);
    const byPath = await convertBytes(book, 'tides.epub', { member: 'OEBPS/text/two.xhtml' });
    expect(byPath.sections).toEqual([
      { kind: 'chapter', index: 2, name: 'OEBPS/text/two.xhtml', startLine: 1, endLine: 7 },
    ]);
    expect(byPath.markdown.startsWith('# Chapter Two\n')).toBe(true);
    expect(await convertBytes(book, 'tides.epub', { member: 'text/two.xhtml' })).toEqual(byPath);
    const missing = await convertBytes(book, 'tides.epub', { member: 'text/three.xhtml' }).catch((e) => e);
    expect(missing).toBeInstanceOf(CoworkError);
    expect((missing as CoworkError).code).toBe('RESOURCE_NOT_FOUND');
  });

  it('refuses an EPUB whose chapters are encrypted (DRM) with DOCUMENT_ENCRYPTED, but not one with obfuscated fonts', async () => {
    const encryption = (algorithm: string, uri: string) =>
      `<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/><enc:CipherData><enc:CipherReference URI="${uri}"/></enc:CipherData></enc:EncryptedData></encryption>`;
    const zip = await JSZip.loadAsync(await epub(chapters));
    zip.file(
      'META-INF/encryption.xml',
      encryption('http://www.idpf.org/2008/embedding', 'OEBPS/fonts/a.otf'),
    );
    const fonts = await zip.generateAsync({ type: 'uint8array' });
    expect((await convertBytes(fonts, 'fonts.epub')).sections).toHaveLength(2);
    zip.file(
      'META-INF/encryption.xml',
      encryption('http://www.w3.org/2001/04/xmlenc#aes128-cbc', 'OEBPS/text/one.xhtml'),
    );
    const drm = await zip.generateAsync({ type: 'uint8array' });
    const err = await convertBytes(drm, 'drm.epub').catch((e) => e);
    expect((err as CoworkError).code).toBe('DOCUMENT_ENCRYPTED');
  });

  it('refuses an EPUB without a package document with DOCUMENT_INVALID', async () => {
    const zip = await JSZip.loadAsync(await epub(chapters));
    zip.remove('OEBPS/content.opf');
    zip.file('OEBPS/other.opf', '<package/>');
    const broken = await zip.generateAsync({ type: 'uint8array' });
    const err = await convertBytes(broken, 'broken.epub').catch((e) => e);
    expect((err as CoworkError).code).toBe('DOCUMENT_INVALID');
  });
});
