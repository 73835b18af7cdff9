import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import type { Embedder } from '../../src/memory/embedders/embedder.js';
import { indexDims, toIndexVector } from '../../src/memory/embedders/embedder.js';
import { ollamaEmbedder, openAiCompatibleEmbedder } from '../../src/memory/embedders/http-embedders.js';
import { localEmbedder } from '../../src/memory/embedders/local-embedder.js';
import { chunkText, MemoryIndex } from '../../src/memory/index.js';
import { IngestWorker } from '../../src/memory/ingest-worker-client.js';
import { homePaths, ModelFiles, openMemoryDatabase } from '../../src/store/index.js';
import { TEST_MODEL_DIMS, writeTrainedModel } from '../fixtures/embedding-model/index.js';
import { notes, queries } from '../fixtures/memory-corpus.js';
import { tempDir } from '../helpers/temp-dir.js';

const WORKER = new URL('../../dist/memory-worker.mjs', import.meta.url);
let dir: string;
let models: ModelFiles;
let worker: IngestWorker;

beforeAll(() => {
  dir = tempDir('cowork-embed-');
  models = new ModelFiles(homePaths(dir).models);
  writeTrainedModel(homePaths(dir).models);
  worker = new IngestWorker(WORKER);
});
afterAll(() => worker.close());

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('the local embedder (transformers.js + onnxruntime in the worker thread)', () => {
  it('loads a model folder and embeds to unit vectors that put related words together', async () => {
    const e = await localEmbedder('test-lsi', models, worker);
    expect(e).toMatchObject({ id: 'local:test-lsi', dims: TEST_MODEL_DIMS });
    const [car, automobile, flour, again] = await e.embed(['my car', 'the automobile', 'flour', 'my car']);
    expect(Math.hypot(...car!)).toBeCloseTo(1, 5);
    expect(cosine(car!, automobile!)).toBeGreaterThan(cosine(car!, flour!) + 0.3);
    expect([...again!]).toEqual([...car!]); // deterministic
    // A text of words the model does not know has no direction: zeros, not NaN.
    const [unknown] = await e.embed(['Zyxwv qwrtp']);
    expect([...unknown!].every((x) => x === 0)).toBe(true);
  });

  it('says how to install a model that is missing, without starting anything', async () => {
    await expect(localEmbedder('all-MiniLM-L6-v2', models, worker)).rejects.toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
      message: expect.stringContaining('cowork models pull all-MiniLM-L6-v2'),
    });
  });

  it('a broken model file is a clear error, and the worker keeps serving', async () => {
    const broken = join(homePaths(dir).models, 'broken');
    mkdirSync(join(broken, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json'])
      writeFileSync(join(broken, f), f === 'config.json' ? '{"model_type":"bert"}' : '{}');
    writeFileSync(join(broken, 'onnx', 'model.onnx'), 'not a model');
    const other = new IngestWorker(WORKER);
    try {
      await expect(localEmbedder('broken', models, other)).rejects.toThrow(/.+/);
      expect(await other.chunk('/n/a.md', '# A\n\ntext')).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('a worker that dies fails its calls clearly, and the next call starts a new one with the model', async () => {
    const w = new IngestWorker(WORKER);
    try {
      const e = await localEmbedder('test-lsi', models, w);
      const before = (await e.embed(['car']))[0]!;
      await w.close(); // as if it crashed: pending calls fail, later ones refuse
      await expect(e.embed(['car'])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      const fresh = new IngestWorker(WORKER);
      const again = await localEmbedder('test-lsi', models, fresh);
      expect([...(await again.embed(['car']))[0]!]).toEqual([...before]);
      await fresh.close();
    } finally {
      await w.close();
    }
  });
});

describe('recall@5 on a judged corpus', () => {
  it('hybrid beats keyword-only and vector-only (reported per query kind)', async () => {
    const e = await localEmbedder('test-lsi', models, worker);
    const db = openMemoryDatabase(join(dir, 'recall.db'));
    const index = new MemoryIndex(db);
    index.adoptEmbedder({ id: e.id, dims: e.dims });
    for (const n of notes) {
      const chunks = chunkText(n.path, n.text);
      index.putFile(
        { path: `/notes/${n.path}`, hash: n.path, size: n.text.length, mtimeMs: 0 },
        chunks,
        await e.embed(chunks.map((c) => c.content)),
      );
    }
    const recall: Record<string, Record<string, number>> = {};
    for (const only of ['keyword', 'vector', 'hybrid'] as const) {
      const byKind: Record<string, number[]> = {};
      for (const q of queries) {
        const [vector] = await e.embed([q.text]);
        const found = index
          .search({ text: q.text, vector: vector!, limit: 5, ...(only === 'hybrid' ? {} : { only }) })
          .hits.map((h) => h.path.slice('/notes/'.length));
        const r = q.relevant.filter((p) => found.includes(p)).length / q.relevant.length;
        for (const k of [q.kind, 'all']) {
          byKind[k] ??= [];
          byKind[k].push(r);
        }
      }
      recall[only] = Object.fromEntries(
        Object.entries(byKind).map(([k, v]) => [
          k,
          Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 100) / 100,
        ]),
      );
    }
    db.close();
    console.log(`recall@5 over ${queries.length} judged queries:`, JSON.stringify(recall));
    expect(recall['hybrid']!['all']).toBeGreaterThan(recall['keyword']!['all']!);
    expect(recall['hybrid']!['all']).toBeGreaterThan(recall['vector']!['all']!);
    // Each ranker fails where the other succeeds: that is why the fusion wins.
    expect(recall['vector']!['paraphrase']).toBeGreaterThan(recall['keyword']!['paraphrase']!);
    expect(recall['keyword']!['identifier']).toBeGreaterThan(recall['vector']!['identifier']!);
  });
});

describe('embedders on a server (the replay server speaks Ollama and OpenAI embeddings)', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer({ turns: [], models: ['embed-model'], embeddingDims: 60 });
  });
  afterAll(() => server.close());

  const check = async (e: Embedder) => {
    expect(e.dims).toBe(64); // 60 padded to a multiple of 8
    const [a, b] = await e.embed(['alpha beta', 'alpha beta']);
    expect(a).toHaveLength(64);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
    expect([...a!.subarray(60)]).toEqual([0, 0, 0, 0]);
    expect([...b!]).toEqual([...a!]);
    const many = await e.embed(Array.from({ length: 70 }, (_, i) => `text ${i}`)); // several batches
    expect(many).toHaveLength(70);
  };

  it('Ollama /api/embed', async () => {
    const e = await ollamaEmbedder('embed-model', server.url);
    expect(e.id).toBe(`ollama:embed-model@${server.url}`);
    await check(e);
    expect(server.requests.at(-1)?.body).toMatchObject({ model: 'embed-model' });
  });

  it('OpenAI-compatible /v1/embeddings, with the key as a bearer token', async () => {
    const e = await openAiCompatibleEmbedder('embed-model', `${server.url}/v1`, 'sk-test');
    await check(e);
    expect(server.requests.at(-1)?.headers['authorization']).toBe('Bearer sk-test');
  });

  it('an unknown model, or no server at all, is a clear error', async () => {
    await expect(ollamaEmbedder('nope', server.url)).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      message: expect.stringContaining('not found'),
    });
    await expect(ollamaEmbedder('embed-model', 'http://127.0.0.1:9')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('Is it running?'),
    });
  });
});

describe('index vectors', () => {
  it('pads to a multiple of 8, normalises, and turns NaN into zeros', () => {
    expect(indexDims(384)).toBe(384);
    expect(indexDims(100)).toBe(104);
    expect([...toIndexVector([3, 4], 8)]).toEqual([0.6, 0.8, 0, 0, 0, 0, 0, 0].map(Math.fround));
    expect([...toIndexVector([Number.NaN, Number.NaN], 8)]).toEqual(new Array(8).fill(0));
  });
});
