import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SymbolStore } from '../../src/perception/symbol-store.js';
import type { TaggedFile } from '../../src/perception/tagger.js';

const FILES = 1000;
const PER_FILE = 100;
const WORDS = ['route', 'parse', 'render', 'fetch', 'store', 'queue', 'token', 'cache', 'index', 'graph'];

let dir: string;
let store: SymbolStore;

/** File i: a class `Service{i}` and 99 methods `{word}{Noun}{i}_{j}`, each referenced once by the next file. */
function synthetic(i: number): TaggedFile {
  const symbols: TaggedFile['symbols'] = [];
  const range = (line: number) => ({ line, column: 1, endLine: line, endColumn: 10 });
  symbols.push({
    name: `Service${i}`,
    qualifiedName: `Service${i}`,
    kind: 'class',
    range: { line: 1, column: 1, endLine: 200, endColumn: 2 },
    signature: `export class Service${i}`,
    exported: true,
  });
  for (let j = 1; j < PER_FILE; j++) {
    const name = `${WORDS[j % WORDS.length]}Item${i}_${j}`;
    symbols.push({
      name,
      qualifiedName: `Service${i}.${name}`,
      kind: 'method',
      range: range(j + 1),
      signature: `${name}(): void`,
      exported: true,
    });
  }
  const references =
    i > 0
      ? [
          {
            name: `Service${i - 1}`,
            line: 1,
            column: 20,
            lineText: `new Service${i - 1}()`,
            enclosing: `Service${i}`,
          },
        ]
      : [];
  return { symbols, references, imports: [] };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cowork-pindex-'));
  store = SymbolStore.open(join(dir, 'src'), join(dir, 'index.db'));
  for (let i = 0; i < FILES; i++)
    store.putFile(
      { path: join(dir, 'src', `f${i}.ts`), language: 'typescript', hash: `${i}`, size: 1, mtimeMs: 1 },
      synthetic(i),
    );
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('100,000 symbols: exact, prefix, substring, kind/path filters and fuzzy all answer, and fast', () => {
  expect(store.counts().symbols).toBe(FILES * PER_FILE);
  expect(store.findSymbols({ query: 'Service500', limit: 3 }).map((s) => s.qualifiedName)).toEqual([
    'Service500',
    'Service500.parseItem500_1', // then its members: shorter names first, then by position
    'Service500.fetchItem500_3',
  ]);
  expect(store.findSymbols({ query: 'renderItem42_2', limit: 5 }).map((s) => s.name)).toEqual([
    'renderItem42_2',
    'renderItem42_22',
  ]);
  expect(store.findSymbols({ query: 'tem777_9', limit: 20 }).map((s) => s.name)).toEqual(
    expect.arrayContaining(['graphItem777_9', 'graphItem777_99', 'routeItem777_90']),
  );
  expect(store.findSymbols({ query: 'Item9', kind: 'class', limit: 5 })).toEqual([]);
  expect(store.findSymbols({ query: 'graph', under: join(dir, 'src', 'f12.ts'), limit: 50 })).toHaveLength(
    10,
  );
  expect(store.findSymbols({ query: 'srv999rndr', limit: 3 }).map((s) => s.qualifiedName)[0]).toMatch(
    /^Service999\.renderItem999_/,
  );
  expect(store.symbolsNamed('Service123.parseItem123_1')).toHaveLength(1);
  expect(store.referencesTo('Service998', 10).map((r) => r.path)).toEqual([join(dir, 'src', 'f999.ts')]);

  // The target is p95 < 5 ms (measured apart from the test suite); here only a generous bound, the machine being shared.
  const queries = Array.from(
    { length: 200 },
    (_, k) => [`Service${k * 5}`, `parseItem${k}_`, `tem${k}_4`, 'cach'][k % 4]!,
  );
  const times = queries.map((query) => {
    const t0 = performance.now();
    store.findSymbols({ query, limit: 50 });
    return performance.now() - t0;
  });
  times.sort((a, b) => a - b);
  expect(times[Math.floor(times.length * 0.95)]!).toBeLessThan(100);
});
