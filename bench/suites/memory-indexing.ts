// Indexing throughput (issue 8): a folder of 300 markdown files indexed by the daemon's memory
// service — read through the enclave, chunked and embedded in the worker thread, written to SQLite
// — with a local ONNX model through transformers.js, next to the same folder indexed keyword-only.
// No model hub is reachable here, so the model is built for the bench with all-MiniLM-L6-v2's
// shape where the time goes: 384 dimensions and six 384→1,536→384 feed-forward layers per token
// (about two thirds of MiniLM-L6's multiply-adds: its attention is left out), random weights.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryService } from '../../src/memory/index.js';
import { homePaths } from '../../src/store/index.js';
import { writeMiniLmSizedModel } from '../../test/fixtures/embedding-model/index.js';
import { fixture } from '../../test/helpers/fixture/index.js';
import type { Measurement } from '../lib/report.js';
import { round } from '../lib/stats.js';

const suite = 'memory';
const FILES = 300;
const WORDS = Array.from({ length: 3000 }, (_, i) => `word${i.toString(36)}`);

function corpus(dir: string): void {
  let s = 42;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const para = () => Array.from({ length: 60 }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  for (let f = 0; f < FILES; f++) {
    const sub = join(dir, `d${f % 10}`);
    mkdirSync(sub, { recursive: true });
    const text = Array.from({ length: 4 }, (_, h) => `## Section ${h}\n\n${para()}\n\n${para()}\n`).join(
      '\n',
    );
    writeFileSync(join(sub, `note${f}.md`), `# Note ${f}\n\n${text}`);
  }
}

async function indexOnce(
  memory: MemoryService,
  folder: string,
): Promise<{ seconds: number; chunks: number }> {
  const started = performance.now();
  const job = memory.startIndexing(folder);
  while (memory.job(job.id).status === 'running') await new Promise((r) => setTimeout(r, 20));
  const finished = memory.job(job.id);
  if (finished.status !== 'done') throw new Error(`indexing ${finished.status}: ${finished.error}`);
  return { seconds: (performance.now() - started) / 1000, chunks: memory.status().chunks };
}

export async function indexingThroughput(): Promise<Measurement[]> {
  const bench = fixture('cowork-bench-ingest-').withEnclave().withGrant('ro').start();
  const { home, folder: work, enclave, events } = bench;
  corpus(work);
  writeMiniLmSizedModel(homePaths(home).models, WORDS);
  const memory = new MemoryService(home, enclave, events, {
    workerUrl: new URL('../memory-worker.mjs', import.meta.url),
  });
  try {
    await memory.setEmbedder({ kind: 'none' });
    const keyword = await indexOnce(memory, work);
    await memory.removeFolder(work);
    await memory.setEmbedder({ kind: 'local', model: 'minilm-sized' });
    const local = await indexOnce(memory, work);
    const vectors = memory.status().vectors;
    if (vectors !== local.chunks) throw new Error(`${vectors} vectors for ${local.chunks} chunks`);
    const baseline = {
      name: 'keyword-only indexing of the same folder',
      value: round(FILES / keyword.seconds, 0),
    };
    return [
      {
        suite,
        name: `indexing with the local model, ${FILES} files`,
        value: round(FILES / local.seconds, 1),
        unit: 'files/s',
        baseline,
      },
      {
        suite,
        name: `indexing with the local model, ${local.chunks} chunks`,
        value: round(local.chunks / local.seconds, 1),
        unit: 'chunks/s',
        baseline: { name: 'keyword-only', value: round(keyword.chunks / keyword.seconds, 0) },
      },
    ];
  } finally {
    await memory.close();
    bench.cleanup();
  }
}
