import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexFolder, MemoryIndex } from '../../src/memory/index.js';
import { type Database, homePaths, openMemoryDatabase } from '../../src/store/index.js';
import { makeSandbox, type Sandbox } from '../enclave/harness.js';

let s: Sandbox;
let memDb: Database;
let index: MemoryIndex;

beforeEach(() => {
  s = makeSandbox();
  memDb = openMemoryDatabase(homePaths(s.data).memoryDatabase);
  index = new MemoryIndex(memDb);
});
afterEach(() => {
  memDb.close();
  s.close();
});

const paths = (q: string) => index.search({ text: q, limit: 100 }).hits.map((h) => h.path);

describe('indexing a granted folder', () => {
  it('indexes 1,000 files, then only what changed; edits, deletes and renames propagate', async () => {
    for (let i = 0; i < 1000; i++) {
      const dir = join(s.grant, `d${i % 20}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `note${i}.md`), `# Note ${i}\nTopic token${i} and common words.\n`);
    }
    const first = await indexFolder(s.enclave, index, s.grant);
    expect(first).toMatchObject({ total: 1001, indexed: 1001, removed: 0 });
    expect(paths('token500')).toEqual([join(s.grant, 'd0', 'note500.md')]);

    writeFileSync(join(s.grant, 'd0', 'note500.md'), '# Note 500\nNow about zeppelins.\n');
    rmSync(join(s.grant, 'd1', 'note1.md'));
    renameSync(join(s.grant, 'd2', 'note2.md'), join(s.grant, 'd2', 'renamed.md'));
    const second = await indexFolder(s.enclave, index, s.grant);
    expect(second).toMatchObject({ indexed: 1, renamed: 1, unchanged: 998, removed: 1 });
    expect(paths('token500')).toEqual([]);
    expect(paths('zeppelins')).toEqual([join(s.grant, 'd0', 'note500.md')]);
    expect(paths('token1')).toEqual([]);
    expect(paths('token2')).toEqual([join(s.grant, 'd2', 'renamed.md')]);
  });

  it('never indexes secrets, ignored files, or anything outside the grants', async () => {
    writeFileSync(join(s.grant, '.env'), 'API_KEY=supersecretvalue');
    mkdirSync(join(s.grant, '.ssh'));
    writeFileSync(join(s.grant, '.ssh', 'id_rsa'), 'privatekeymaterial');
    writeFileSync(join(s.grant, '.gitignore'), 'build/\n');
    mkdirSync(join(s.grant, 'build'));
    writeFileSync(join(s.grant, 'build', 'out.txt'), 'ignoredartifact');
    symlinkSync(join(s.outside, 'secret.txt'), join(s.grant, 'link.txt'));
    writeFileSync(join(s.grant, 'ok.md'), 'visible words');
    await indexFolder(s.enclave, index, s.grant);
    expect(paths('visible')).toEqual([join(s.grant, 'ok.md')]);
    for (const q of ['supersecretvalue', 'privatekeymaterial', 'ignoredartifact', 'SECRET'])
      expect(paths(q)).toEqual([]);
    await expect(indexFolder(s.enclave, index, s.outside)).rejects.toThrow();
    expect(index.pathsUnder(s.outside)).toEqual([]);
  });

  it('cancelled midway leaves a consistent index that a later run completes', async () => {
    for (let i = 0; i < 200; i++) writeFileSync(join(s.grant, `f${i}.txt`), `word${i}`);
    const controller = new AbortController();
    const partial = await indexFolder(s.enclave, index, s.grant, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 50) controller.abort();
      },
    });
    expect(partial.done).toBeLessThan(partial.total);
    const { files, chunks } = index.stats();
    expect(files).toBe(partial.indexed);
    expect(chunks).toBe(files); // every indexed file is whole: one small chunk each
    const full = await indexFolder(s.enclave, index, s.grant);
    expect(full.unchanged).toBe(partial.indexed);
    expect(index.stats().files).toBe(201);
  });
});
