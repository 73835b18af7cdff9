/**
 * Embeddings from a server the person chose: Ollama (`POST /api/embed`) or any OpenAI-compatible
 * endpoint (`POST /embeddings`). Text leaves the machine only when the person points this at a
 * remote server; the default is the local model.
 */
import { CoworkError } from '../../contracts/index.js';
import { type Embedder, inBatches, indexDims, toIndexVector } from './embedder.js';

const BATCH = 32;
const TIMEOUT_MS = 120_000;

type EmbedCall = (texts: string[], signal?: AbortSignal) => Promise<number[][]>;

export async function ollamaEmbedder(model: string, baseUrl = 'http://127.0.0.1:11434'): Promise<Embedder> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/embed`;
  const call: EmbedCall = async (texts, signal) => {
    const body = (await postJson(url, { model, input: texts }, {}, 'Ollama', signal)) as {
      embeddings?: number[][];
    };
    return expectVectors(body.embeddings, texts.length, 'Ollama');
  };
  return probe(`ollama:${model}@${baseUrl}`, call);
}

export async function openAiCompatibleEmbedder(
  model: string,
  baseUrl: string,
  apiKey?: string,
): Promise<Embedder> {
  const url = `${baseUrl.replace(/\/+$/, '')}/embeddings`;
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const call: EmbedCall = async (texts, signal) => {
    const body = (await postJson(
      url,
      { model, input: texts, encoding_format: 'float' },
      headers,
      baseUrl,
      signal,
    )) as {
      data?: { index: number; embedding: number[] }[];
    };
    const data = [...(body.data ?? [])].sort((a, b) => a.index - b.index);
    return expectVectors(
      data.map((d) => d.embedding),
      texts.length,
      baseUrl,
    );
  };
  return probe(`openai:${model}@${baseUrl}`, call);
}

/** Embeds one text to learn the model's dimensions (and that the server answers at all). */
async function probe(id: string, call: EmbedCall): Promise<Embedder> {
  const [first] = await call(['dimension probe']);
  const dims = indexDims(first!.length);
  return {
    id,
    dims,
    embed: (texts, signal) =>
      inBatches(texts, BATCH, async (batch) =>
        (await call(batch, signal)).map((v) => toIndexVector(v, dims)),
      ),
    close: async () => {},
  };
}

async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  who: string,
  signal?: AbortSignal,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: signal
        ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)])
        : AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    if (signal?.aborted) throw new CoworkError('CANCELLED', 'Embedding was cancelled.');
    throw new CoworkError(
      'UNAVAILABLE',
      `Cannot reach ${who} at ${url}: ${(err as Error).message}. Is it running?`,
    );
  }
  const text = await res.text();
  if (!res.ok) {
    const code = res.status === 401 || res.status === 403 ? 'UNAUTHENTICATED' : 'PROVIDER_ERROR';
    throw new CoworkError(code, `${who} answered ${res.status}: ${text.slice(0, 300)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CoworkError('PROVIDER_ERROR', `${who} answered with something that is not JSON.`);
  }
}

function expectVectors(vectors: unknown, count: number, who: string): number[][] {
  if (
    !Array.isArray(vectors) ||
    vectors.length !== count ||
    vectors.some(
      (v) => !Array.isArray(v) || v.length === 0 || v.length > 8192 || v.length !== vectors[0].length,
    )
  )
    throw new CoworkError('PROVIDER_ERROR', `${who} did not answer with ${count} embeddings of one size.`);
  return vectors as number[][];
}
