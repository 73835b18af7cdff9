import { CoworkError } from '../../contracts/index.js';
import type { ModelFiles } from '../../store/index.js';
import type { IngestWorker } from '../ingest-worker-client.js';
import { type Embedder, inBatches, indexDims, toIndexVector } from './embedder.js';

/** Chunks per model call: large enough to keep onnxruntime busy, small enough to stay responsive. */
const BATCH = 16;

/**
 * A sentence-embedding model (ONNX, Hugging Face layout) from Cowork's models folder, run by
 * transformers.js in the memory worker thread. Nothing is downloaded here: a model that is not
 * installed is a clear error naming the command that installs it.
 */
export async function localEmbedder(
  model: string,
  models: ModelFiles,
  worker: IngestWorker,
): Promise<Embedder> {
  if (!models.has(model)) {
    throw new CoworkError(
      'RESOURCE_NOT_FOUND',
      `The embedding model "${model}" is not installed: run \`cowork models pull ${model}\` once.`,
    );
  }
  const modelDims = await worker.load(models.path(model));
  const dims = indexDims(modelDims);
  return {
    id: `local:${model}`,
    dims,
    embed: (texts) =>
      inBatches(texts, BATCH, async (batch) =>
        (await worker.embed(batch, modelDims)).map((v) => toIndexVector(v, dims)),
      ),
    close: async () => {},
  };
}
