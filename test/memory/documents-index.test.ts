/**
 * Memory indexes documents as their Markdown (the documents converters, through the door): a
 * phrase that exists only inside a PDF made by LibreOffice, or only on a slide of a deck it made,
 * is found, and the hit names the page or slide it is on. Before documents were converted, both
 * files were skipped as binary.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const SOURCES = join(import.meta.dirname, '..', 'fixtures', 'documents', 'memory');

let f: DaemonFixture;
let c: RpcClient;

beforeAll(async () => {
  f = await fixture('cowork-memory-documents-')
    .withDaemon()
    .withGrant('rw', { 'plain.md': '# Plain\n\nNothing rare here.\n' })
    .start();
  c = f.client;
  await convertWithLibreOffice(join(SOURCES, 'report.html'), 'pdf:writer_web_pdf_Export', f.folder);
  await convertWithLibreOffice(join(SOURCES, 'deck.fodp'), 'pptx', f.folder);
  const job = await c.result('memory.index', { folder: f.folder });
  await waitUntil(async () => (await c.result('memory.job', { id: job.id })).status === 'done', 60_000);
}, 120_000);

describe('memory search inside documents', () => {
  it('finds a phrase only a PDF holds, on its page', async () => {
    const { hits } = await c.result('memory.search', { text: 'marmalade reconciliation', only: 'keyword' });
    expect(hits.map((h) => [h.path, h.locator])).toEqual([[join(f.folder, 'report.pdf'), 'page 2']]);
    expect(hits[0]!.content).toContain('The auditors flagged the marmalade reconciliation as complete.');
  });

  it('finds a phrase only a slide holds, on its slide', async () => {
    const { hits } = await c.result('memory.search', { text: 'heliotrope vendor contract', only: 'keyword' });
    expect(hits.map((h) => h.path)).toEqual([join(f.folder, 'deck.pptx')]);
    expect(hits[0]!.locator).toMatch(/^slide 2\b/);
  });

  it('tells the agent where: memory.search names the page instead of Markdown line numbers', async () => {
    const r = await c.result('tools.call', { name: 'memory.search', arguments: { query: 'marmalade' } });
    expect(r.success).toBe(true);
    expect((r.content[0] as { text: string }).text).toContain(`${join(f.folder, 'report.pdf')} (page 2)`);
  });
});
