// Memory benchmarks (issues 8, 21): lesson retrieval with 1,000 and 10,000 lessons; hybrid search latency at 10k and
// 100k chunks (random 384-d vectors, text from a fixed vocabulary) next to an exact float32 KNN on
// the same vectors; index size on disk and the process's RSS; indexing throughput (memory-indexing.ts).
import { statSync } from 'node:fs';
import { LessonStore, MemoryIndex } from '../../src/memory/index.js';
import { homePaths, openDatabase, openMemoryDatabase } from '../../src/store/index.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { round, timeEach } from '../lib/stats.js';
import { indexingThroughput } from './memory-indexing.js';

const suite = 'memory';
const DIMS = 384;
const CHUNKS_PER_FILE = 10;
const QUERIES = 60;

/** A deterministic generator, so every run indexes the same corpus. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const VOCAB = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);

function randomVector(next: () => number): Float32Array {
  const v = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) v[i] = next() * 2 - 1;
  return v;
}

function randomText(next: () => number, words: number): string {
  return Array.from({ length: words }, () => VOCAB[Math.floor(next() * VOCAB.length)]).join(' ');
}

async function atScale(chunks: number): Promise<Measurement[]> {
  const rssBefore = process.memoryUsage().rss;
  const dir = tempDir('cowork-bench-memory-'); // removed when the suite ends
  const { memoryDatabase } = homePaths(dir);
  const db = openMemoryDatabase(memoryDatabase);
  try {
    const index = new MemoryIndex(db);
    index.adoptEmbedder({ id: 'random', dims: DIMS });
    // Baseline: the same vectors as plain float32 in sqlite-vec, searched exactly (brute force).
    db.exec(
      `CREATE VIRTUAL TABLE bench_float USING vec0(id INTEGER PRIMARY KEY, e float[${DIMS}] distance_metric=cosine)`,
    );
    const insertFloat = db.prepare('INSERT INTO bench_float (id, e) VALUES (?, ?)');
    let id = 0n;
    const next = rng(chunks);
    for (let f = 0; f < chunks / CHUNKS_PER_FILE; f++) {
      const items = Array.from({ length: CHUNKS_PER_FILE }, (_, i) => ({
        idx: i,
        content: randomText(next, 80),
        startLine: i * 10 + 1,
        endLine: i * 10 + 10,
        tokens: 100,
      }));
      index.putFile(
        { path: `/corpus/dir${f % 100}/file${f}.md`, hash: String(f), size: 1, mtimeMs: 0 },
        items,
        items.map(() => {
          const v = randomVector(next);
          insertFloat.run(++id, v);
          return v;
        }),
      );
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    const size = statSync(memoryDatabase).size; // minus the baseline's table, below
    const queries = Array.from({ length: QUERIES }, () => ({
      text: randomText(next, 4),
      vector: randomVector(next),
    }));
    const bare = db.prepare('SELECT id FROM bench_float WHERE e MATCH ? AND k = 10');
    for (const q of queries.slice(0, 5)) index.search({ ...q, limit: 10 }); // warm the page cache
    const knn = timeEach(QUERIES, (i) => bare.all(queries[i]!.vector));
    const hybrid = timeEach(QUERIES, (i) => index.search({ ...queries[i]!, limit: 10 }));
    const label = `${chunks / 1000}k chunks`;
    const latency = latencyPair(
      suite,
      `hybrid search, ${label}`,
      'ms',
      hybrid,
      { name: 'exact float32 KNN alone', samples: knn },
      2,
      chunks >= 100_000 ? 50 : undefined,
      [50, 95],
    );
    const floatBytes = (db
      .prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'bench_float%'")
      .pluck()
      .get() ?? 0) as number;
    const rssAfter = process.memoryUsage().rss;
    return [
      ...latency,
      {
        suite,
        name: `process RSS with the ${label} index built and searched`,
        value: round(rssAfter / 1e6, 1),
        unit: 'MB',
        baseline: { name: 'the same process before', value: round(rssBefore / 1e6, 1) },
      },
      {
        suite,
        name: `index size on disk, ${label} (384-d)`,
        value: round((size - floatBytes) / 1e6, 1),
        unit: 'MB',
        ...(chunks >= 100_000 ? { budget: { op: '<' as const, value: 200 } } : {}),
      },
    ];
  } finally {
    db.close();
  }
}

/**
 * Picking the lessons for a new run, with `count` stored (target p95 < 50 ms at 1,000); baseline:
 * just reading them from SQLite.
 */
function lessonRetrieval(count: number): Measurement[] {
  const dir = tempDir('cowork-bench-lessons-');
  const db = openDatabase(homePaths(dir).database);
  try {
    const lessons = new LessonStore(db);
    const next = rng(count);
    for (let i = 0; i < count; i++)
      lessons.add({
        text: `Always ${randomText(next, 8)}`,
        kind: i % 10 === 0 ? 'hard' : 'soft',
        workspace: i % 3 === 0 ? null : `/home/p/w${i % 7}`,
      });
    const tasks = Array.from({ length: count > 1000 ? 60 : 200 }, () => randomText(next, 12));
    const read = db.prepare('SELECT * FROM lessons');
    timeEach(tasks.length, (i) => lessons.relevant(tasks[i]!, '/home/p/w1')); // warm up
    const baseline = timeEach(tasks.length, () => read.all());
    const relevant = timeEach(tasks.length, (i) => lessons.relevant(tasks[i]!, '/home/p/w1'));
    const shown = count.toLocaleString('en-US');
    return latencyPair(
      suite,
      `lesson retrieval, ${shown} lessons`,
      'ms',
      relevant,
      { name: `reading all ${shown} rows`, samples: baseline },
      2,
      count <= 1000 ? 50 : undefined,
      [50, 95],
    );
  } finally {
    db.close();
  }
}

export async function runMemory(): Promise<Measurement[]> {
  return [
    ...lessonRetrieval(1000),
    ...lessonRetrieval(10_000),
    ...(await atScale(10_000)),
    ...(await atScale(100_000)),
    // Last: the model runtime it loads would blur the RSS figures above.
    ...(await indexingThroughput()),
  ];
}
