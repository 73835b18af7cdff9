import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryService } from '../../src/memory/index.js';
import { EventLog } from '../../src/store/index.js';
import { makeSandbox, type Sandbox } from '../enclave/harness.js';
import { waitUntil } from '../helpers/daemon.js';

let s: Sandbox;
let memory: MemoryService;

beforeEach(async () => {
  s = makeSandbox();
  for (let i = 0; i < 400; i++) {
    mkdirSync(join(s.grant, `d${i % 10}`), { recursive: true });
    writeFileSync(join(s.grant, `d${i % 10}`, `n${i}.ts`), `export function f${i}() {\n  return ${i};\n}\n`);
  }
  memory = new MemoryService(s.data, s.enclave, new EventLog(s.db), {
    workerUrl: new URL('../../dist/memory-worker.mjs', import.meta.url),
  });
  await memory.setEmbedder({ kind: 'none' });
});
afterEach(async () => {
  await memory.close();
  s.close();
});

describe('keeping the index fresh', () => {
  it('follows the folder after indexing: new, edited, renamed and deleted files', async () => {
    const job = memory.startIndexing(s.grant);
    await waitUntil(async () => memory.job(job.id).status === 'done', 20_000);
    const paths = async (q: string) => (await memory.search({ text: q })).hits.map((h) => h.path);
    const note = join(s.grant, 'fresh.md');
    writeFileSync(note, '# Fresh\n\nThe zeppelin schedule.\n');
    await waitUntil(async () => (await paths('zeppelin')).includes(note), 10_000);

    writeFileSync(note, '# Fresh\n\nNow about hovercraft.\n');
    await waitUntil(async () => (await paths('hovercraft')).includes(note), 10_000);
    expect(await paths('zeppelin')).toEqual([]);

    const moved = join(s.grant, 'd1', 'moved.md');
    renameSync(note, moved);
    await waitUntil(async () => (await paths('hovercraft')).includes(moved), 10_000);
    expect(await paths('hovercraft')).toEqual([moved]);

    rmSync(join(s.grant, 'd2'), { recursive: true });
    await waitUntil(async () => (await paths('f2')).length === 0, 10_000);
    expect(memory.status().files).toBe(memory.job(job.id).total - 40 + 1);
  });
});

describe('indexing jobs', () => {
  it('pause stops between two files, resume goes on where it stopped, and the index ends complete', async () => {
    const job = memory.startIndexing(s.grant);
    await waitUntil(async () => memory.job(job.id).done >= 25, 10_000);
    expect(memory.pause(job.id).status).toBe('paused');
    await new Promise((r) => setTimeout(r, 100)); // the file in flight finishes
    const held = memory.status().files;
    await new Promise((r) => setTimeout(r, 300));
    expect(memory.status().files).toBe(held);
    expect(held).toBeLessThan(memory.job(job.id).total);
    expect(memory.startIndexing(s.grant).id).toBe(job.id); // one job per folder, paused or not
    expect(memory.resume(job.id).status).toBe('running');
    await waitUntil(async () => memory.job(job.id).status === 'done', 20_000);
    expect(memory.status().files).toBe(memory.job(job.id).total); // 400, and the sandbox's own file
    // Code files were chunked by syntax in the worker: one function, one chunk.
    expect((await memory.search({ text: 'f123' })).hits[0]).toMatchObject({ startLine: 1, endLine: 3 });
  });

  it('a paused job can be cancelled, keeping every file it indexed whole', async () => {
    const job = memory.startIndexing(s.grant);
    await waitUntil(async () => memory.job(job.id).done >= 10, 10_000);
    memory.pause(job.id);
    expect(memory.cancel(job.id)).toBe(true);
    await waitUntil(async () => memory.job(job.id).status === 'cancelled', 10_000);
    const { files, chunks } = memory.status();
    expect(files).toBeGreaterThan(0);
    expect(chunks).toBe(files); // one chunk per (one-function) file: nothing half-written
  });
});
