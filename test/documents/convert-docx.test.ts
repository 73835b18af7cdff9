import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoworkError } from '../../src/contracts/index.js';
import { restoreRefs, splitNotes } from '../../src/documents/convert/docx-notes.js';
import { convertBytes } from '../../src/documents/convert/index.js';
import { DocumentWorker } from '../../src/documents/worker/client.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { tempDir } from '../helpers/temp-dir.js';
import { rawZip } from './zip-builder.js';

const SOURCE = join(import.meta.dirname, '../fixtures/documents/read-text/report.fodt');

let docx: Uint8Array;

beforeAll(async () => {
  docx = new Uint8Array(readFileSync(await convertWithLibreOffice(SOURCE, 'docx', tempDir('cowork-docx-'))));
}, 120_000);

async function errorOf(p: Promise<unknown>): Promise<CoworkError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoworkError);
  return err as CoworkError;
}

describe('DOCX to Markdown', () => {
  it('gives headings, nested lists, a table, footnotes and comments, images listed, byte for byte the same each time', async () => {
    const a = await convertBytes(docx, 'report.docx');
    const b = await convertBytes(docx, 'report.docx');
    expect(a.format).toBe('docx');
    await expect(a.markdown).toMatchFileSnapshot('__snapshots__/convert-docx.md');
    expect(b).toEqual(a);
    expect(a.images).toEqual([{ name: 'image1.png', mimeType: 'image/png', bytes: 70 }]);
    expect(a.metadata).toMatchObject({ title: 'Quarterly Report', author: 'Ada Lovelace' });
    expect(a.markdown).toContain('![image1.png](image1.png)');
    expect(a.markdown).not.toContain('base64');
    expect(a.cut).toEqual([]);
  });
});

describe('Word styles', () => {
  it('makes a Title paragraph a heading, as Word’s Heading styles are', async () => {
    const zip = await JSZip.loadAsync(docx);
    const xml = await zip.file('word/document.xml')!.async('string');
    zip.file('word/document.xml', xml.replace('<w:pStyle w:val="Heading1"/>', '<w:pStyle w:val="Title"/>'));
    const titled = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const r = await convertBytes(titled, 'titled.docx');
    expect(r.markdown.startsWith('# Quarterly Report\n\nThis report')).toBe(true);
  });
});

describe('notes in mammoth’s HTML', () => {
  it('become Markdown footnotes: footnotes [^1], endnotes [^e1], comments [^c1], in the order referenced', () => {
    const html =
      '<p>A<sup><a href="#endnote-1" id="endnote-ref-1">[1]</a></sup> B<sup><a href="#footnote-3" id="footnote-ref-3">[1]</a></sup> C<sup><a href="#comment-0" id="comment-ref-0">[1]</a></sup></p>' +
      '<ol><li id="footnote-3"><p>Foot <em>note</em>. <a href="#footnote-ref-3">↑</a></p></li></ol>' +
      '<ol><li id="endnote-1"><p>End note. <a href="#endnote-ref-1">↑</a></p></li></ol>' +
      '<dl><dt id="comment-0">Comment [1]</dt><dd><p>A remark. <a href="#comment-ref-0">↑</a></p></dd></dl>';
    const { html: body, definitions } = splitNotes(html);
    expect(definitions).toEqual(['[^e1]: End note.', '[^1]: Foot *note*.', '[^c1]: A remark.']);
    expect(restoreRefs(body)).toBe('<p>A[^e1] B[^1] C[^c1]</p>');
  });
});

describe('hostile DOCX', () => {
  it('converts a DOCX with macros as a document, says the macros are there and were not run', async () => {
    const zip = await JSZip.loadAsync(docx);
    zip.file('word/vbaProject.bin', Buffer.from('Attribute VB_Name = "AutoOpen"\nShell "rm -rf ~"'));
    const docm = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const r = await convertBytes(docm, 'report.docm');
    expect(r.format).toBe('docx');
    expect(r.metadata['macros']).toBe(true);
    expect(r.cut).toEqual(['The document holds macros: they were not run, and not converted.']);
    expect(r.markdown).toBe((await convertBytes(docx, 'report.docx')).markdown);
  });

  it('refuses a password-protected Word file (an OLE2 package under a .docx name) with DOCUMENT_ENCRYPTED', async () => {
    const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    // The OLE2 directory names its streams in UTF-16: an encrypted OOXML package has these two.
    const directory = Buffer.concat([
      Buffer.from('EncryptionInfo', 'utf16le'),
      Buffer.alloc(50),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    const locked = Buffer.concat([header, Buffer.alloc(1024), directory, Buffer.alloc(1024)]);
    expect((await errorOf(convertBytes(locked, 'secret.docx'))).code).toBe('DOCUMENT_ENCRYPTED');
    // Without them it is a legacy .doc, renamed.
    const legacy = Buffer.concat([
      header,
      Buffer.alloc(1024),
      Buffer.from('WordDocument', 'utf16le'),
      Buffer.alloc(1024),
    ]);
    expect((await errorOf(convertBytes(legacy, 'old.docx'))).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('stops a document.xml zip bomb with DOCUMENT_TOO_LARGE before mammoth sees it', async () => {
    const real = await JSZip.loadAsync(docx);
    const types = Buffer.from(await real.file('[Content_Types].xml')!.async('uint8array'));
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    // The directory claims 2 KB; the member inflates to 64 MB.
    const small = rawZip([
      { name: '[Content_Types].xml', data: types },
      { name: 'word/document.xml', data: zeros, deflate: true, claimSize: 2048 },
    ]);
    const lied = await errorOf(convertBytes(small, 'bomb.docx'));
    expect([lied.code, lied.details]).toEqual(['DOCUMENT_TOO_LARGE', { reason: 'zip-bomb' }]);
    // The directory tells the truth, which is over every cap.
    const huge = rawZip([
      { name: '[Content_Types].xml', data: types },
      {
        name: 'word/document.xml',
        data: zeros.subarray(0, 1024 * 1024),
        deflate: true,
        claimSize: 0xfffffff0,
      },
    ]);
    const told = await errorOf(convertBytes(huge, 'bomb.docx'));
    expect([told.code, told.details]).toEqual(['DOCUMENT_TOO_LARGE', { reason: 'zip-bomb' }]);
  });

  it('does not expand billion laughs in document.xml: a stable DOCUMENT_INVALID, quickly', async () => {
    const entities = ['<!ENTITY lol "lollollollollollollollollollol">'];
    for (let i = 1; i <= 9; i++)
      entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const zip = await JSZip.loadAsync(docx);
    zip.file(
      'word/document.xml',
      `<?xml version="1.0"?><!DOCTYPE w:document [${entities.join('')}]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`,
    );
    const lolz = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const started = Date.now();
    expect((await errorOf(convertBytes(lolz, 'lolz.docx'))).code).toBe('DOCUMENT_INVALID');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a DOCX whose document.xml is not XML with DOCUMENT_INVALID', async () => {
    const zip = await JSZip.loadAsync(docx);
    zip.file('word/document.xml', '<w:document><w:body><w:p>');
    const broken = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const err = await errorOf(convertBytes(broken, 'broken.docx'));
    expect(err.code).toBe('DOCUMENT_INVALID');
  });
});

describe('DOCX in the built worker bundle', () => {
  it('converts there as it does here (mammoth and turndown bundled), and stops the zip bomb there too', async () => {
    const worker = new DocumentWorker({ url: new URL('../../dist/documents-worker.mjs', import.meta.url) });
    try {
      const job = { op: 'convert', bytes: docx.slice(), fileName: 'report.docx', options: {} } as const;
      expect(await worker.run(job)).toEqual(await convertBytes(docx, 'report.docx'));
      const bomb = rawZip([
        { name: 'word/document.xml', data: Buffer.alloc(8 * 1024 * 1024), deflate: true, claimSize: 100 },
      ]);
      const err = await errorOf(
        worker.run({ op: 'convert', bytes: new Uint8Array(bomb), fileName: 'b.docx', options: {} }),
      );
      expect(err.code).toBe('DOCUMENT_TOO_LARGE');
    } finally {
      await worker.close();
    }
  });
});
