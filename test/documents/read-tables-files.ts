/**
 * Files the read-tables tests make on the spot: office fixtures by real LibreOffice from the
 * sources in test/fixtures/documents/read-tables/, and small binary files built byte by byte (ZIP
 * archives that lie about their members, a JPEG with EXIF, a WAV with tags) — nothing big is
 * committed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { type RawMember, rawZip } from './zip-builder.js';

export const SOURCES = new URL('../fixtures/documents/read-tables/', import.meta.url).pathname;

/** Converts each source with LibreOffice (in parallel) and returns the files' bytes by output name. */
export async function officeFixtures(
  jobs: [source: string, to: string][],
): Promise<Record<string, Uint8Array>> {
  const out = mkdtempSync(join(tmpdir(), 'cowork-read-tables-'));
  const paths = await Promise.all(
    jobs.map(([src, to]) => convertWithLibreOffice(join(SOURCES, src), to, join(out, to))),
  );
  return Object.fromEntries(
    paths.map((p) => [p.slice(p.lastIndexOf('/') + 1), new Uint8Array(readFileSync(p))]),
  );
}

type Tag =
  | { tag: number; type: 'ascii'; value: string }
  | { tag: number; type: 'long'; value: number }
  | { tag: number; type: 'rational'; value: [number, number][] };

/** A little-endian TIFF IFD at `start`, with its out-of-line data right after it. */
function ifd(tags: Tag[], start: number): Buffer {
  const head = Buffer.alloc(2 + tags.length * 12 + 4);
  head.writeUInt16LE(tags.length, 0);
  const data: Buffer[] = [];
  let dataAt = start + head.length;
  tags.forEach((t, i) => {
    const at = 2 + i * 12;
    head.writeUInt16LE(t.tag, at);
    let bytes: Buffer;
    if (t.type === 'ascii') {
      bytes = Buffer.from(`${t.value}\0`, 'latin1');
      head.writeUInt16LE(2, at + 2);
      head.writeUInt32LE(bytes.length, at + 4);
    } else if (t.type === 'long') {
      head.writeUInt16LE(4, at + 2);
      head.writeUInt32LE(1, at + 4);
      head.writeUInt32LE(t.value, at + 8);
      return;
    } else {
      bytes = Buffer.alloc(t.value.length * 8);
      t.value.forEach(([n, d], j) => {
        bytes.writeUInt32LE(n, j * 8);
        bytes.writeUInt32LE(d, j * 8 + 4);
      });
      head.writeUInt16LE(5, at + 2);
      head.writeUInt32LE(t.value.length, at + 4);
    }
    if (bytes.length <= 4) bytes.copy(head, at + 8);
    else {
      head.writeUInt32LE(dataAt, at + 8);
      data.push(bytes);
      dataAt += bytes.length;
    }
  });
  return Buffer.concat([head, ...data]);
}

/** A JPEG (header and EXIF only, no scan) with camera, date taken and GPS position. */
export function jpegWithExif(
  width: number,
  height: number,
  make = 'Cowork Cam',
  model = 'Model 7',
): Uint8Array {
  const gpsTags: Tag[] = [
    { tag: 1, type: 'ascii', value: 'N' },
    {
      tag: 2,
      type: 'rational',
      value: [
        [52, 1],
        [31, 1],
        [1200, 100],
      ],
    },
    { tag: 3, type: 'ascii', value: 'W' },
    {
      tag: 4,
      type: 'rational',
      value: [
        [13, 1],
        [24, 1],
        [3600, 100],
      ],
    },
  ];
  const exifTags: Tag[] = [{ tag: 0x9003, type: 'ascii', value: '2024:05:01 10:11:12' }];
  const ifd0Len = (tags: number, extra: number) => 2 + tags * 12 + 4 + extra;
  const ifd0Start = 8;
  const ifd0Size = ifd0Len(4, `${make}\0`.length + `${model}\0`.length);
  const exifStart = ifd0Start + ifd0Size;
  const exifIfd = ifd(exifTags, exifStart);
  const gpsStart = exifStart + exifIfd.length;
  const ifd0 = ifd(
    [
      { tag: 0x010f, type: 'ascii', value: make },
      { tag: 0x0110, type: 'ascii', value: model },
      { tag: 0x8769, type: 'long', value: exifStart },
      { tag: 0x8825, type: 'long', value: gpsStart },
    ],
    ifd0Start,
  );
  const tiff = Buffer.concat([
    Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]),
    ifd0,
    exifIfd,
    ifd(gpsTags, gpsStart),
  ]);
  const app1Body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(app1Body.length + 2, 2);
  const sof = Buffer.from([
    0xff,
    0xc0,
    0,
    11,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    1,
    1,
    0x11,
    0,
  ]);
  return new Uint8Array(
    Buffer.concat([Buffer.from([0xff, 0xd8]), app1, app1Body, sof, Buffer.from([0xff, 0xd9])]),
  );
}

/** One second of 8 kHz mono 16-bit silence, with RIFF INFO tags. */
export function wavWithTags(): Uint8Array {
  const info = (id: string, text: string) => {
    const t = Buffer.from(`${text}\0`, 'latin1');
    const padded = t.length % 2 ? Buffer.concat([t, Buffer.alloc(1)]) : t;
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(t.length, 4);
    return Buffer.concat([h, padded]);
  };
  const list = Buffer.concat([
    Buffer.from('INFO', 'latin1'),
    info('INAM', 'Quiet Song'),
    info('IART', 'The Testers'),
    info('IPRD', 'Silence'),
  ]);
  const chunk = (id: string, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body]);
  };
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(8000, 4);
  fmt.writeUInt32LE(16000, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const body = Buffer.concat([
    Buffer.from('WAVE', 'latin1'),
    chunk('fmt ', fmt),
    chunk('LIST', list),
    chunk('data', Buffer.alloc(16000)),
  ]);
  return new Uint8Array(chunk('RIFF', body));
}

/** A minimal XLSX whose one sheet (named `name`) has the given sheet XML body (<sheetData>…). */
export function xlsxWithSheet(
  sheetData: string,
  extra: RawMember[] = [],
  name = 'Big',
  prolog = '',
): Uint8Array {
  const ns = 'http://schemas.openxmlformats.org';
  const t = (s: string) => new TextEncoder().encode(s);
  return rawZip([
    {
      name: '[Content_Types].xml',
      data: t(
        `<?xml version="1.0"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: t(
        `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: t(
        `<?xml version="1.0"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: t(
        `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: t(
        `<?xml version="1.0"?>${prolog}<worksheet xmlns="${ns}/spreadsheetml/2006/main">${sheetData}</worksheet>`,
      ),
      deflate: true,
    },
    ...extra,
  ]);
}

/** `rows` rows of three cells: a number, an inline string and a number. */
export function bigSheetData(rows: number): string {
  const parts: string[] = ['<sheetData>'];
  for (let r = 1; r <= rows; r++)
    parts.push(
      `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>item ${r}</t></is></c><c r="C${r}"><v>${r * 1.5}</v></c></row>`,
    );
  parts.push('</sheetData>');
  return parts.join('');
}

/** The billion-laughs DOCTYPE: ten levels of ten references each (a billion "lol"s if expanded). */
export function billionLaughs(root: string): string {
  const ents = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  return `<!DOCTYPE ${root} [${ents.join('')}]>`;
}
