/**
 * The memory's worker thread: chunks files and runs the local embedding model, so neither ever
 * holds the daemon's event loop. Bundled on its own (`dist/memory-worker.mjs`); transformers.js and
 * onnxruntime load here, on first use, and only if a local model is configured.
 */
import { basename, dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { chunkText } from './chunker.js';
import { chunkCode } from './code-chunker.js';
import type { WorkerReply, WorkerRequest } from './ingest-worker-protocol.js';

type Extractor = (
  texts: string[],
  options: { pooling: 'mean'; normalize: boolean },
) => Promise<{ dims: number[]; data: Float32Array }>;

let extractor: Extractor | undefined;

async function loadModel(dir: string): Promise<number> {
  let transformers: typeof import('@huggingface/transformers');
  try {
    transformers = await import('@huggingface/transformers');
  } catch {
    throw Object.assign(
      new Error(
        'Local embeddings need the optional package @huggingface/transformers, which is not installed (npm install).',
      ),
      { code: 'UNAVAILABLE' },
    );
  }
  const { env, pipeline } = transformers;
  // Offline, always: the model folder is all there is. Downloads are `cowork models pull`'s job.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(dir);
  env.useFSCache = false;
  try {
    extractor = (await pipeline('feature-extraction', basename(dir), {
      dtype: 'fp32',
      local_files_only: true,
    })) as unknown as Extractor;
  } catch (err) {
    throw Object.assign(new Error(`The model in ${dir} could not be loaded: ${(err as Error).message}`), {
      code: 'UNAVAILABLE',
    });
  }
  const probe = await extractor(['dimension probe'], { pooling: 'mean', normalize: true });
  return probe.dims.at(-1)!;
}

async function embed(texts: string[]): Promise<Float32Array> {
  if (!extractor) throw Object.assign(new Error('No local model is loaded.'), { code: 'UNAVAILABLE' });
  const out = await extractor(texts, { pooling: 'mean', normalize: true });
  return out.data;
}

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  switch (req.op) {
    case 'chunk':
      return { id: req.id, chunks: (await chunkCode(req.path, req.text)) ?? chunkText(req.path, req.text) };
    case 'load':
      return { id: req.id, dims: await loadModel(req.dir) };
    case 'embed': {
      const data = await embed(req.texts);
      return { id: req.id, data };
    }
  }
}

parentPort?.on('message', (req: WorkerRequest) => {
  handle(req).then(
    (reply) => parentPort?.postMessage(reply, 'data' in reply ? [reply.data.buffer as ArrayBuffer] : []),
    (err: Error & { code?: string }) =>
      parentPort?.postMessage({ id: req.id, error: { code: err.code ?? 'INTERNAL', message: err.message } }),
  );
});
