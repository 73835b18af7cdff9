/**
 * `cowork models pull`: fetches a model from the Hugging Face hub once, into Cowork's models
 * folder; after that everything runs offline. `COWORK_HF_ENDPOINT` (or `HF_ENDPOINT`) points it at a
 * mirror.
 */
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { CoworkError } from '../../contracts/index.js';
import type { InstalledModel, ModelFiles } from '../../store/index.js';

/** Short names for the models Cowork knows; anything else is `owner/name` on the hub. */
const CATALOGUE: Record<string, string> = {
  'all-MiniLM-L6-v2': 'Xenova/all-MiniLM-L6-v2',
  'bge-small-en-v1.5': 'Xenova/bge-small-en-v1.5',
  'nomic-embed-text-v1.5': 'nomic-ai/nomic-embed-text-v1.5',
};

/** What transformers.js needs to run a sentence-embedding model (fp32 weights). */
const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
const OPTIONAL = ['special_tokens_map.json'];

export const DEFAULT_EMBEDDING_MODEL = 'all-MiniLM-L6-v2';

export function hubEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env['COWORK_HF_ENDPOINT'] ?? env['HF_ENDPOINT'] ?? 'https://huggingface.co').replace(/\/+$/, '');
}

export async function pullModel(
  name: string,
  models: ModelFiles,
  endpoint = hubEndpoint(),
): Promise<InstalledModel> {
  const repo = CATALOGUE[name] ?? name;
  if (!/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(repo))
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `Unknown model "${name}". Known: ${Object.keys(CATALOGUE).join(', ')}; or give a hub repository as owner/name.`,
    );
  const folder = repo.split('/')[1]!;
  models.path(folder); // validates the folder name before anything is downloaded
  return models.install(folder, download(endpoint, repo));
}

async function* download(endpoint: string, repo: string) {
  for (const file of [...REQUIRED, ...OPTIONAL]) {
    const url = `${endpoint}/${repo}/resolve/main/${file}`;
    let res: Response;
    try {
      res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(30 * 60_000) });
    } catch (err) {
      throw new CoworkError('UNAVAILABLE', `Cannot download ${url}: ${(err as Error).message}`);
    }
    if (res.status === 404 && OPTIONAL.includes(file)) continue;
    if (!res.ok || !res.body) {
      const hint = res.status === 404 ? ` (is ${repo} an ONNX model with ${file}?)` : '';
      throw new CoworkError('UNAVAILABLE', `Downloading ${url} failed: HTTP ${res.status}${hint}.`);
    }
    yield { file, body: Readable.fromWeb(res.body as ReadableStream<Uint8Array>) };
  }
}
