/**
 * Local first: finds model servers already running on this machine (Ollama, LM Studio, llama.cpp,
 * vLLM) on their usual ports, and lists their models, so a person can start without any key.
 */
import { get as httpGet, request as httpRequest } from 'node:http';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { DetectCandidate, DetectedServer, ProviderConfig } from '../contracts/index.js';
import { CoworkError } from '../contracts/index.js';
import type { ModelChunk } from './messages.js';
import { explainProviderFailure } from './provider-failure.js';
import { languageModel } from './providers.js';
import { streamTurn } from './stream-turn.js';

/** A local model server that answered, and the models it serves. */
export type LocalServer = DetectedServer;

export const LOCAL_CANDIDATES: DetectCandidate[] = [
  { name: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', ollama: true },
  { name: 'lmstudio', baseUrl: 'http://127.0.0.1:1234/v1' },
  { name: 'llamacpp', baseUrl: 'http://127.0.0.1:8080/v1' },
  { name: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1' },
];

/** A tiny GET over node:http: the daemon's background probe should not load a whole fetch stack. */
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { timeout: 800 }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`${res.statusCode}`));
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
        if (body.length > 1_000_000) req.destroy(new Error('too large'));
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export async function detectLocalServers(candidates = LOCAL_CANDIDATES): Promise<LocalServer[]> {
  const found = await Promise.all(
    candidates.map(async (c): Promise<LocalServer | undefined> => {
      try {
        if (c.ollama) {
          const tags = (await getJson(`${c.baseUrl.replace(/\/v1$/, '')}/api/tags`)) as {
            models?: { name: string }[];
          };
          return { name: c.name, baseUrl: c.baseUrl, models: (tags.models ?? []).map((m) => m.name) };
        }
        const list = (await getJson(`${c.baseUrl}/models`)) as { data?: { id: string }[] };
        return { name: c.name, baseUrl: c.baseUrl, models: (list.data ?? []).map((m) => m.id) };
      } catch {
        return undefined;
      }
    }),
  );
  return found.filter((s): s is LocalServer => s !== undefined);
}

/** Ollama tells a model's context length on POST /api/show; other servers do not say. */
export function contextLengthOf(baseUrl: string, model: string): Promise<number | undefined> {
  const url = new URL(`${baseUrl.replace(/\/v1\/?$/, '')}/api/show`);
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      { method: 'POST', timeout: 2000, headers: { 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => {
          try {
            const info = (JSON.parse(body) as { model_info?: Record<string, unknown> }).model_info ?? {};
            const key = Object.keys(info).find((k) => k.endsWith('.context_length'));
            resolve(key && typeof info[key] === 'number' ? (info[key] as number) : undefined);
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end(JSON.stringify({ model }));
  });
}

/**
 * Asks a model, once, whether it can call tools and stream: a tiny turn that offers one tool.
 * The caller remembers the answer in the provider's config. A model that cannot be reached, refuses
 * the key or is not served fails as PROVIDER_ERROR (with who, why and a hint): only a server that
 * answered and turned the tools down says the model cannot call tools.
 */
export async function probeCapabilities(
  provider: ProviderConfig,
  modelId: string,
  apiKey: string | undefined,
  given?: LanguageModelV3,
): Promise<{ supportsTools: boolean; supportsStreaming: boolean; contextWindow?: number; detail: string }> {
  const model = given ?? (await languageModel(provider, modelId, apiKey));
  const contextWindow = provider.baseUrl ? await contextLengthOf(provider.baseUrl, modelId) : undefined;
  const window = contextWindow ? { contextWindow } : {};
  let streamed = false;
  let called = false;
  let error: Extract<ModelChunk, { type: 'error' }> | undefined;
  for await (const chunk of streamTurn(
    model,
    {
      messages: [{ role: 'user', text: 'Call the ping tool with no arguments. Do not answer in text.' }],
      tools: [
        { name: 'ping', description: 'Answers pong.', inputSchema: { type: 'object', properties: {} } },
      ],
      maxOutputTokens: 64,
    },
    { retries: 1, baseDelayMs: 200 },
  )) {
    if (chunk.type === 'text') streamed = true;
    if (chunk.type === 'tool-call') {
      streamed = true;
      called = true;
    }
    if (chunk.type === 'error') error = chunk;
  }
  // Ollama answers 400 "… does not support tools"; other servers use other statuses, same words.
  if (error?.status !== undefined && error.status !== 401 && /tool/i.test(error.message))
    return { supportsTools: false, supportsStreaming: false, detail: error.message, ...window };
  if (error) {
    const failure = explainProviderFailure(provider, modelId, error);
    throw new CoworkError('PROVIDER_ERROR', failure.message, { ...failure });
  }
  return {
    ...window,
    supportsTools: called,
    supportsStreaming: streamed,
    detail: called ? 'called the tool' : 'answered without calling the tool',
  };
}
