// Documents (issue 18): conversion throughput per format through Cowork's documents worker, next
// to the library's own call on the same file in the same run; peak memory converting a 200-page
// PDF and a 100k-row sheet (a process of its own, next to that process doing nothing); and a
// 100k-row XLSX written by xlsx.create, next to exceljs writing the same rows.
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import PptxGenJS from 'pptxgenjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { DocumentWorker } from '../../src/documents/worker/client.js';
import { convertWithLibreOffice } from '../../test/helpers/libreoffice.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Measurement } from '../lib/report.js';
import { median, round, timeEachAsync } from '../lib/stats.js';

const suite = 'documents';
const RUNS = 3;
const ROWS = 100_000;
const run = promisify(execFile);
/** The repository: two folders up from bench/suites/ and from dist/bench/ (the bench bundle). */
const dist = new URL('../../dist/', import.meta.url);

const paragraph = (i: number) =>
  `Paragraph ${i}: the quarterly figures were reviewed by the committee, who asked for the regional breakdown, the staffing plan and the risks to be written up before the next meeting.`;

/** About 200 pages of headings and text, as HTML for LibreOffice to lay out. */
function longHtml(): string {
  const parts: string[] = [];
  for (let s = 1; s <= 200; s++) {
    parts.push(`<h1 style="page-break-before: always">Section ${s}</h1>`);
    for (let p = 0; p < 14; p++) parts.push(`<p>${paragraph(s * 100 + p)}</p>`);
  }
  return `<html><body>${parts.join('\n')}</body></html>`;
}

const rows = () =>
  Array.from({ length: ROWS }, (_, i) => [
    i + 1,
    `Customer ${i % 997}`,
    (i * 37) % 1000,
    i % 2 === 0,
    '2026-01-31',
  ]);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let value!: T;
  const ms = median(
    await timeEachAsync(RUNS, async () => {
      value = await fn();
    }),
  );
  return { ms, value };
}

async function peakRss(file: string, maxRows?: number): Promise<number> {
  const script = new URL('bench/convert-once.mjs', dist).pathname;
  const { stdout } = await run(process.execPath, [script, file, ...(maxRows ? [String(maxRows)] : [])], {
    maxBuffer: 1024 * 1024,
  });
  return (JSON.parse(stdout) as { maxRssMb: number }).maxRssMb;
}

export async function runDocuments(): Promise<Measurement[]> {
  const dir = tempDir();
  const worker = new DocumentWorker({ url: new URL('documents-worker.mjs', dist) });
  const out: Measurement[] = [];
  const convert = (file: string, options = {}) =>
    worker.run({ op: 'convert', bytes: new Uint8Array(readFileSync(file)), fileName: file, options });
  try {
    // Sources made by LibreOffice: a ~200-page PDF and a DOCX of the same text.
    const html = join(dir, 'long.html');
    writeFileSync(html, longHtml());
    const pdf = await convertWithLibreOffice(html, 'pdf:writer_web_pdf_Export', join(dir, 'pdf'));
    const docx = await convertWithLibreOffice(html, 'docx:MS Word 2007 XML', join(dir, 'docx'));
    const pages = (await getDocumentProxy(new Uint8Array(readFileSync(pdf)))).numPages;

    const ours = await timed(() => convert(pdf));
    const lib = await timed(async () =>
      extractText(new Uint8Array(readFileSync(pdf)), { mergePages: false }),
    );
    out.push({
      suite,
      name: `PDF → Markdown, ${pages} pages (pages/s, median of ${RUNS})`,
      value: round(pages / (ours.ms / 1000), 1),
      unit: 'pages/s',
      baseline: { name: 'unpdf extractText, text only', value: round(pages / (lib.ms / 1000), 1) },
    });

    // The DOCX is small compressed (its text is ~0.5 MB): measured by time, not MB/s.
    const docxKb = Math.round(statSync(docx).size / 1024);
    const oursDocx = await timed(() => convert(docx));
    const libDocx = await timed(() => mammoth.convertToHtml({ buffer: readFileSync(docx) }));
    out.push({
      suite,
      name: `DOCX → Markdown, 200 sections, 2800 paragraphs (${docxKb} KB)`,
      value: round(oursDocx.ms, 0),
      unit: 'ms',
      baseline: { name: 'mammoth convertToHtml, HTML only', value: round(libDocx.ms, 0) },
    });

    // A 200-slide deck made with pptxgenjs.
    const deck = new (PptxGenJS as unknown as typeof PptxGenJS.default)();
    for (let s = 1; s <= 200; s++) {
      const slide = deck.addSlide();
      slide.addText(`Slide ${s}`, { x: 0.5, y: 0.3, w: 9, h: 1, fontSize: 28 });
      slide.addText(
        [1, 2, 3, 4].map((b) => ({ text: `Point ${b} of slide ${s}`, options: { bullet: true } })),
        { x: 0.5, y: 1.5, w: 9, h: 3 },
      );
      slide.addNotes(`Speaker notes for slide ${s}.`);
    }
    const pptx = join(dir, 'deck.pptx');
    writeFileSync(pptx, (await deck.write({ outputType: 'nodebuffer' })) as Buffer);
    const oursPptx = await timed(() => convert(pptx));
    const JSZip = (await import('jszip')).default;
    const libPptx = await timed(async () => {
      const zip = await JSZip.loadAsync(readFileSync(pptx));
      return Promise.all(Object.values(zip.files).map((f) => f.async('string')));
    });
    out.push({
      suite,
      name: 'PPTX → Markdown, 200 slides (slides/s)',
      value: round(200 / (oursPptx.ms / 1000), 1),
      unit: 'slides/s',
      baseline: {
        name: 'jszip inflating every member, no parsing',
        value: round(200 / (libPptx.ms / 1000), 1),
      },
    });

    // 100k rows: written by xlsx.create (in the worker) and by exceljs itself; then read back.
    const data = rows();
    const xlsx = join(dir, 'rows.xlsx');
    const write = await timed(() =>
      worker.run({
        op: 'build',
        request: {
          tool: 'xlsx.create',
          args: {
            path: xlsx,
            sheets: [
              { name: 'Rows', header: true, rows: [['n', 'customer', 'amount', 'paid', 'due'], ...data] },
            ],
          },
        },
      }),
    );
    writeFileSync(xlsx, write.value.bytes);
    const libWrite = await timed(async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Rows');
      ws.addRow(['n', 'customer', 'amount', 'paid', 'due']);
      ws.addRows(data);
      return wb.xlsx.writeBuffer();
    });
    out.push({
      suite,
      name: `XLSX of ${ROWS / 1000}k rows written (xlsx.create)`,
      value: round(write.ms / 1000, 2),
      unit: 's',
      baseline: { name: 'exceljs Workbook.xlsx.writeBuffer', value: round(libWrite.ms / 1000, 2) },
    });
    const readSheet = await timed(() => convert(xlsx, { maxRows: ROWS }));
    const libRead = await timed(async () =>
      new ExcelJS.Workbook().xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer),
    );
    out.push({
      suite,
      name: `XLSX → Markdown, ${ROWS / 1000}k rows (rows/s)`,
      value: Math.round(ROWS / (readSheet.ms / 1000)),
      unit: 'rows/s',
      baseline: { name: 'exceljs xlsx.load, no Markdown', value: Math.round(ROWS / (libRead.ms / 1000)) },
    });

    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, ['n,customer,amount,paid,due', ...data.map((r) => r.join(','))].join('\n'));
    const csvMb = statSync(csv).size / 1024 / 1024;
    const oursCsv = await timed(() => convert(csv, { maxRows: ROWS }));
    const libCsv = await timed(async () =>
      readFileSync(csv, 'utf8')
        .split('\n')
        .map((l) => l.split(',')),
    );
    out.push({
      suite,
      name: `CSV → Markdown, ${round(csvMb, 1)} MB (MB/s)`,
      value: round(csvMb / (oursCsv.ms / 1000), 1),
      unit: 'MB/s',
      baseline: { name: 'split on newlines and commas', value: round(csvMb / (libCsv.ms / 1000), 1) },
    });

    const idle = await peakRss('--noop');
    out.push(
      {
        suite,
        name: `peak memory converting the ${pages}-page PDF (process RSS)`,
        value: round(await peakRss(pdf), 1),
        unit: 'MB',
        baseline: { name: 'the same process converting nothing', value: round(idle, 1) },
      },
      {
        suite,
        name: `peak memory converting the ${ROWS / 1000}k-row sheet (process RSS)`,
        value: round(await peakRss(xlsx, ROWS), 1),
        unit: 'MB',
        baseline: { name: 'the same process converting nothing', value: round(idle, 1) },
      },
    );
  } finally {
    await worker.close();
  }
  return out;
}
