import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkText, MemoryIndex, reciprocalRankFusion } from '../../src/memory/index.js';
import { type Database, homePaths, openMemoryDatabase } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let db: Database;
let index: MemoryIndex;

beforeEach(() => {
  dir = tempDir('cowork-memory-');
  db = openMemoryDatabase(homePaths(dir).memoryDatabase);
  index = new MemoryIndex(db);
});
afterEach(() => db.close());

const file = (path: string, hash = 'h1') => ({ path, hash, size: 1, mtimeMs: 0 });
const put = (path: string, text: string, vectors?: (c: string) => number[]) => {
  const chunks = chunkText(path, text);
  index.putFile(
    file(path),
    chunks,
    vectors ? chunks.map((c) => new Float32Array(vectors(c.content))) : undefined,
  );
};

describe('chunking', () => {
  it('splits markdown at headings and keeps line numbers', () => {
    const long = (word: string) => `${word} `.repeat(300);
    const text = `# One\n${long('alpha')}\n\n## Two\n${long('beta')}\n`;
    const chunks = chunkText('/w/notes.md', text);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks[0]!.content.startsWith('# One')).toBe(true);
    expect(chunks[0]!.startLine).toBe(1);
    const two = chunks.find((c) => c.content.includes('## Two'))!;
    expect(text.split('\n')[two.endLine - 1]).toContain('beta');
    for (const c of chunks) expect(c.content.length).toBeLessThanOrEqual(1600);
  });

  it('packs paragraphs into chunks with an overlap, and cuts one huge line', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} ${'word '.repeat(30)}`).join(
      '\n\n',
    );
    const chunks = chunkText('/w/a.txt', paragraphs);
    expect(chunks.length).toBeGreaterThan(2);
    // the overlap: the next chunk starts at or before the previous one's last line
    expect(chunks[1]!.startLine).toBeLessThanOrEqual(chunks[0]!.endLine);
    const huge = chunkText('/w/min.js', 'x'.repeat(10_000));
    expect(huge.length).toBeGreaterThanOrEqual(7);
    expect(huge.every((c) => c.content.length <= 1600)).toBe(true);
    expect(chunkText('/w/empty.txt', '\n\n  \n')).toEqual([]);
  });
});

describe('keyword search (no embedder)', () => {
  it('finds, filters, highlights, and says it is keyword-only', () => {
    put('/w/docs/tabs.md', '# Style\nWe indent with tabs, never spaces.');
    put('/w/src/tabs.ts', 'export const indent = "tabs";');
    put('/w/docs/other.md', '# Other\nNothing to see here.');
    const all = index.search({ text: 'tabs' });
    expect(all.mode).toBe('keyword');
    expect(all.hits.map((h) => h.path).sort()).toEqual(['/w/docs/tabs.md', '/w/src/tabs.ts']);
    const hit = all.hits.find((h) => h.path === '/w/docs/tabs.md')!;
    expect(hit.highlights.map((r) => hit.content.slice(r.start, r.end))).toEqual(['tabs']);
    expect(index.search({ text: 'tabs', folder: '/w/docs' }).hits.map((h) => h.path)).toEqual([
      '/w/docs/tabs.md',
    ]);
    expect(index.search({ text: 'tabs', extensions: ['ts'] }).hits.map((h) => h.path)).toEqual([
      '/w/src/tabs.ts',
    ]);
    expect(index.search({ text: 'tabs', since: new Date(Date.now() + 60_000) }).hits).toEqual([]);
  });

  it('treats the query as words, never as FTS syntax', () => {
    put('/w/a.md', 'quotes and NEAR operators');
    for (const text of ['"', 'NEAR(', 'a AND OR NOT', '*', 'col:x', '^', '', '()']) {
      expect(() => index.search({ text })).not.toThrow();
    }
    expect(index.search({ text: 'NEAR("operators' }).hits).toHaveLength(1);
    // a folder name with LIKE wildcards matches itself only
    put('/w/50%_off/x.md', 'sale');
    put('/w/50xyoff/y.md', 'sale');
    expect(index.search({ text: 'sale', folder: '/w/50%_off' }).hits.map((h) => h.path)).toEqual([
      '/w/50%_off/x.md',
    ]);
  });

  it('replaces a changed file, forgets a deleted one, and a folder on request', () => {
    put('/w/a.md', 'old words');
    put('/w/a.md', 'new words');
    expect(index.search({ text: 'old' }).hits).toEqual([]);
    expect(index.search({ text: 'new' }).hits).toHaveLength(1);
    index.removeFile('/w/a.md');
    expect(index.search({ text: 'new' }).hits).toEqual([]);
    put('/w/keep/b.md', 'kept');
    put('/w/drop/c.md', 'kept');
    expect(index.removeFolder('/w/drop')).toBe(1);
    expect(index.search({ text: 'kept' }).hits.map((h) => h.path)).toEqual(['/w/keep/b.md']);
    expect(index.stats()).toEqual({ files: 1, chunks: 1, vectors: 0 });
  });
});

describe('hybrid search', () => {
  // Hand-made 8-d "topic" vectors: [cooking, finance, travel] (twice, opposite signs for the rest,
  // so the sign bits differ too). The index does not care where vectors come from.
  const topic = (text: string) => {
    const t = [/recipe|bake|oven|flour|dinner/i, /budget|invoice|money|tax/i, /flight|hotel|trip/i].map(
      (re) => (re.test(text) ? 1 : -0.2),
    );
    return [...t, ...t, t[0]! - t[1]!, t[1]! - t[2]!];
  };

  beforeEach(() => {
    index.adoptEmbedder({ id: 'test-topics', dims: 8 });
    put('/w/bread.md', 'Bake the flour mix in a hot oven for forty minutes.', topic);
    put('/w/tax.md', 'The invoice totals go into the tax budget.', topic);
    put('/w/trip.md', 'Flight and hotel for the Lisbon trip.', topic);
  });

  it('finds by meaning what keywords miss, and fuses both rankings', () => {
    const keywordOnly = index.search({ text: 'dinner recipe' });
    expect(keywordOnly.hits).toEqual([]);
    const hybrid = index.search({ text: 'dinner recipe', vector: new Float32Array(topic('dinner recipe')) });
    expect(hybrid.mode).toBe('hybrid');
    expect(hybrid.hits[0]!.path).toBe('/w/bread.md');
    expect(hybrid.hits[0]!.matchedBy).toEqual(['vector']);
    const both = index.search({ text: 'invoice', vector: new Float32Array(topic('money')), limit: 1 });
    expect(both.hits[0]).toMatchObject({ path: '/w/tax.md', matchedBy: ['keyword', 'vector'], score: 1 });
    expect(
      index.search({ text: 'invoice', vector: new Float32Array(topic('money')), minScore: 0.9 }).hits,
    ).toHaveLength(1);
  });

  it('keeps vectors on rename, and drops them when the embedder changes', () => {
    index.renameFile('/w/trip.md', '/w/travel/trip.md');
    expect(index.stats()).toEqual({ files: 3, chunks: 3, vectors: 3 });
    const hit = index.search({ text: 'x', vector: new Float32Array(topic('hotel')), limit: 1 }).hits[0]!;
    expect(hit.path).toBe('/w/travel/trip.md');
    expect(index.adoptEmbedder({ id: 'test-topics', dims: 8 })).toEqual({ reindex: false });
    expect(() => index.adoptEmbedder({ id: 'odd', dims: 12 })).toThrow(/multiple of 8/);
    expect(index.adoptEmbedder({ id: 'other', dims: 16 })).toEqual({ reindex: true }); // 3 files wait for vectors
    expect(index.stats().vectors).toBe(0);
    expect(index.file('/w/bread.md')?.hash).toBe(''); // marked for re-embedding
    expect(() => index.search({ text: 'x', vector: new Float32Array(8) })).toThrow(/16 dimensions/);
  });

  it('keeps one of two overlapping chunks of the same file', () => {
    const text = Array.from({ length: 30 }, (_, i) => `oven line ${i} ${'pad '.repeat(25)}`).join('\n\n');
    put('/w/long.md', text, topic);
    const hits = index.search({ text: 'oven', limit: 50 }).hits.filter((h) => h.path === '/w/long.md');
    for (const [i, a] of hits.entries())
      for (const b of hits.slice(i + 1))
        expect(a.endLine < b.startLine || b.endLine < a.startLine).toBe(true);
  });
});

describe('quantised vectors', () => {
  it('rank close to exact cosine (recall@10 over random vectors)', () => {
    let seed = 7;
    const rand = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32 - 0.5;
    };
    const dims = 64;
    const vec = () => Float32Array.from({ length: dims }, rand);
    index.adoptEmbedder({ id: 'random', dims });
    const stored = Array.from({ length: 2000 }, (_, i) => {
      const v = vec();
      index.putFile(
        file(`/r/${i}.txt`),
        [{ idx: 0, content: `doc ${i}`, startLine: 1, endLine: 1, tokens: 2 }],
        [v],
      );
      return v;
    });
    const cosine = (a: Float32Array, b: Float32Array) => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let i = 0; i < dims; i++) {
        dot += a[i]! * b[i]!;
        na += a[i]! ** 2;
        nb += b[i]! ** 2;
      }
      return dot / Math.sqrt(na * nb);
    };
    let found = 0;
    for (let q = 0; q < 20; q++) {
      const query = vec();
      const exact = stored
        .map((v, i) => ({ i, s: cosine(query, v) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 10)
        .map((x) => `/r/${x.i}.txt`);
      const got = index.search({ text: '', vector: query, limit: 10 }).hits.map((h) => h.path);
      found += got.filter((p) => exact.includes(p)).length;
    }
    expect(found / 200).toBeGreaterThanOrEqual(0.8);
  });
});

describe('reciprocal rank fusion', () => {
  it('rewards agreement and is stable', () => {
    const fused = reciprocalRankFusion({ a: [{ id: 1 }, { id: 2 }], b: [{ id: 2 }, { id: 3 }] });
    expect(fused.map((f) => f.id)).toEqual([2, 1, 3]);
    expect(fused[0]!.matchedBy).toEqual(['a', 'b']);
  });
});
