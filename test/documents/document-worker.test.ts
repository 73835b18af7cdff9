/**
 * The documents worker's limits, on the real bundle (run `node scripts/build.mjs` first): a job
 * over its time is TIMEOUT, a job over the heap is DOCUMENT_TOO_LARGE (memory), and either way the
 * next job still works; the daemon's own heap does not grow with what the worker holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentWorker } from '../../src/documents/worker/client.js';
import { bigSheetData, xlsxWithSheet } from './read-tables-files.js';

const url = new URL('../../dist/documents-worker.mjs', import.meta.url);
const small = () => new TextEncoder().encode('a,b\n1,2\n');
const workers: DocumentWorker[] = [];
const worker = (opts: { jobMs?: number; heapMb?: number }) => {
  const w = new DocumentWorker({ url, ...opts });
  workers.push(w);
  return w;
};

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
});

/** A CSV whose rows, kept under a high row cap, need far more than a small heap. */
function wideCsv(rows: number, cols: number): Uint8Array {
  const row = Array.from({ length: cols }, (_, i) => `v${i}`).join(',');
  return new TextEncoder().encode(Array.from({ length: rows }, () => row).join('\n'));
}

describe('documents worker limits', () => {
  it('a job over its time is TIMEOUT, and the next job still works', async () => {
    const w = worker({ jobMs: 1500 });
    const slow = xlsxWithSheet(bigSheetData(200_000));
    await expect(
      w.run({ op: 'convert', bytes: slow, fileName: 'slow.xlsx', options: { maxRows: 100_000 } }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    const r = await w.run({ op: 'convert', bytes: small(), fileName: 'ok.csv', options: {} });
    expect(r.markdown).toBe('## ok\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n');
  }, 60_000);

  it('a job over the heap is DOCUMENT_TOO_LARGE (memory), and the next job still works', async () => {
    const w = worker({ heapMb: 64 });
    const heavy = wideCsv(50_000, 200);
    await expect(
      w.run({ op: 'convert', bytes: heavy, fileName: 'heavy.csv', options: { maxRows: 100_000 } }),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
      details: { reason: 'memory' },
    });
    const r = await w.run({ op: 'convert', bytes: small(), fileName: 'ok.csv', options: {} });
    expect(r.sections).toEqual([{ kind: 'sheet', index: 1, name: 'ok', startLine: 1, endLine: 5 }]);
  }, 60_000);

  it("a 100 000-row sheet converts in the worker; the daemon's heap does not grow with it", async () => {
    const inputs = [xlsxWithSheet(bigSheetData(100_000)), wideCsv(20_000, 100)];
    const w = worker({});
    const before = process.memoryUsage().heapUsed;
    const r = await w.run({
      op: 'convert',
      bytes: inputs[0]!,
      fileName: 'rows.xlsx',
      options: { maxRows: 100_000 },
    });
    expect(r.cut).toEqual([]);
    expect(r.markdown).toContain('| 100000 | item 100000 | 150000 |');
    const workerHeapMb = w.lastHeapUsed / 2 ** 20;
    const csv = await w.run({
      op: 'convert',
      bytes: inputs[1]!,
      fileName: 'wide.csv',
      options: { maxRows: 100_000 },
    });
    expect(csv.sections).toHaveLength(1);
    const grownMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    // The results (Markdown of ~3 MB and ~9 MB) come back; the worker's working memory does not.
    console.info(
      `100k-row XLSX: worker heap after the job ${workerHeapMb.toFixed(0)} MB; daemon heap grew ${grownMb.toFixed(0)} MB`,
    );
    expect(grownMb).toBeLessThan(150);
  }, 120_000);
});
