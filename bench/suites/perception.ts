// Code perception (issue 20): a generated 5,000-file TypeScript repository (about 100k symbols)
// indexed by the daemon's code index — listed and read through the enclave, parsed in the worker
// thread, written to SQLite — then: symbol queries next to ripgrep looking up the same names in
// the same files (same run), a save's way from the folder watcher's event to a queryable index (and
// from the write itself), and the index's size on disk. Budgets from the issue: query p95 < 5 ms,
// watcher event → queryable p95 < 100 ms.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeWatch, type FolderWatching, LocalCodeIndexes, OpenIndexes } from '../../src/perception/index.js';
import { fixture } from '../../test/helpers/fixture/index.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { round } from '../lib/stats.js';

const suite = 'perception';
const FILES = 5000;
const METHODS = 17;
const QUERIES = 300;
const RIPGREP_QUERIES = 40;
const SAVES = 30;
const WORDS = ['route', 'parse', 'render', 'fetch', 'store', 'queue', 'token', 'cache', 'index', 'graph'];

const fileOf = (i: number) => `src/mod${i % 50}/file${i}.ts`;

/** File i: a class with 17 methods calling the previous file's, a factory, a constant (~20 symbols). */
function source(i: number, extra = ''): string {
  const prev = i === 0 ? undefined : i - 1;
  const lines = [
    prev === undefined ? '' : `import { Service${prev}, make${prev} } from '../mod${prev % 50}/file${prev}';`,
    `/** Service number ${i}. */`,
    `export class Service${i} {`,
    ...Array.from({ length: METHODS }, (_, j) => {
      const name = `${WORDS[j % WORDS.length]}Item${i}_${j}`;
      const call =
        prev === undefined ? '0' : `new Service${prev}().${WORDS[j % WORDS.length]}Item${prev}_${j}(a)`;
      return `  ${name}(a: string): number {\n    return ${call} + a.length;\n  }`;
    }),
    '}',
    `export function make${i}(): Service${i} {`,
    prev === undefined ? '  return new Service0();' : `  make${prev}();\n  return new Service${i}();`,
    '}',
    `export const VERSION_${i} = ${i};`,
    extra,
  ];
  return `${lines.join('\n')}\n`;
}

function repository(root: string): void {
  for (let d = 0; d < 50; d++) mkdirSync(join(root, 'src', `mod${d}`), { recursive: true });
  for (let i = 0; i < FILES; i++) writeFileSync(join(root, fileOf(i)), source(i));
}

/** Deterministic picks (no Math.random: the same names every run). */
function picker(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

export async function runPerception(): Promise<Measurement[]> {
  const bench = fixture('cowork-bench-code-').withEnclave().withGrant('ro').start();
  const { home, folder: root, enclave } = bench;
  const directory = join(home, 'code');
  mkdirSync(directory, { recursive: true });
  repository(root);
  const watch = new CodeWatch(enclave, (_f, err) => console.error(`perception bench: ${err.message}`));
  // When the watcher reported each path (the "watcher event"), as the index is handed it.
  const reported = new Map<string, number>();
  const timed: FolderWatching = {
    watch: (folder, apply) =>
      watch.watch(folder, (paths) => {
        const at = performance.now();
        for (const p of paths) reported.set(p, at);
        return apply(paths);
      }),
    close: () => watch.close(),
  };
  const indexes = new OpenIndexes(
    new LocalCodeIndexes(enclave, {
      directory,
      workerUrl: new URL('../perception-worker.mjs', import.meta.url),
    }),
    { watcher: timed },
  );
  try {
    const started = performance.now();
    const reader = await indexes.open(root);
    const seconds = (performance.now() - started) / 1000;
    const status = reader.status();
    if (status.files !== FILES) throw new Error(`${status.files} of ${FILES} files indexed`);

    // Symbol queries: exact names, their prefixes and substrings, as the agent's code_symbols asks.
    const pick = picker(20);
    const names = Array.from({ length: QUERIES }, () => {
      const i = pick(FILES);
      const j = pick(METHODS);
      const name = `${WORDS[j % WORDS.length]}Item${i}_${j}`;
      return [name, `Service${i}`, `Item${i}_`][pick(3)]!;
    });
    for (const q of names.slice(0, 20)) reader.findSymbols({ query: q, limit: 20 }); // warm
    const query = names.map((q) => {
      const t0 = performance.now();
      const found = reader.findSymbols({ query: q, limit: 20 });
      const ms = performance.now() - t0;
      if (found.length === 0) throw new Error(`no symbol for ${q}`);
      return ms;
    });
    // ripgrep: the same names, as whole words, over the same files.
    const rg = names.slice(0, RIPGREP_QUERIES).map((q) => {
      const t0 = performance.now();
      const r = spawnSync('rg', ['--line-number', '--fixed-strings', '--word-regexp', q, join(root, 'src')], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const ms = performance.now() - t0;
      if (r.error) throw r.error;
      return ms;
    });

    // A save: from the write, through the watcher, to a query that finds the new name.
    const saves: number[] = [];
    const fromEvent: number[] = [];
    for (let k = 0; k < SAVES; k++) {
      const i = picker(k + 7)(FILES);
      const path = join(root, fileOf(i));
      const name = `freshlySaved${k}`;
      const indexed = new Promise<void>((resolve) => {
        const stop = indexes.onFilesChanged((_folder, paths) => {
          if (paths.includes(path) && reader.symbolsNamed(name).length === 1) {
            fromEvent.push(performance.now() - reported.get(path)!);
            stop();
            resolve();
          }
        });
      });
      const t0 = performance.now();
      writeFileSync(path, source(i, `export function ${name}(): number {\n  return ${k};\n}`));
      await indexed;
      saves.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100)); // one save at a time, as a person saves
    }
    await watch.settled();
    const after = reader.status();
    return [
      {
        suite,
        name: `full index, ${FILES} files (${status.symbols} symbols, ${status.references} references)`,
        value: round(FILES / seconds, 0),
        unit: 'files/s',
        note: `wall time ${round(seconds, 1)} s`,
      },
      { suite, name: `full index wall time, ${FILES} files`, value: round(seconds, 1), unit: 's' },
      {
        suite,
        name: `index size on disk, ${after.symbols} symbols`,
        value: round(after.bytesOnDisk / 1024 / 1024, 1),
        unit: 'MB',
      },
      ...latencyPair(
        suite,
        `symbol query at ${round(status.symbols / 1000, 0)}k symbols`,
        'ms',
        query,
        { name: `ripgrep, same names, same files (${RIPGREP_QUERIES} runs)`, samples: rg },
        2,
        5,
        [50, 95],
      ),
      ...latencyPair(
        suite,
        'watcher event → queryable, one file saved',
        'ms',
        fromEvent,
        undefined,
        1,
        100,
        [50, 95],
      ),
      // The whole way: also @parcel/watcher's batching and the enclave watcher's debounce (~50 ms each).
      ...latencyPair(suite, 'save → queryable, end to end', 'ms', saves, undefined, 1, undefined, [50, 95]),
    ];
  } finally {
    await indexes.close();
    bench.cleanup();
  }
}
