import * as z from 'zod/mini';
import { ProviderConfig, RoutesConfig } from '../routing.js';
import { Empty, type RpcMethod, str } from './common.js';

/**
 * A model server's address as a person types it: http(s) only. `localhost:11434` parses as a URL
 * with the scheme "localhost:" and would fail at the first call, far from where it was typed.
 * Refused rather than completed: whether the server speaks http or https, and under which path
 * (`/v1`), is not ours to guess. Stored providers keep the looser shape, so an old one still lists
 * and can be removed.
 */
const ServerUrl = z.url({
  protocol: /^https?$/,
  error: 'must start with http:// or https:// (e.g. http://localhost:11434/v1)',
});
export const ProvidersAddParams = z.extend(ProviderConfig, { baseUrl: z.optional(ServerUrl) });
export const ProvidersListResult = z.object({ providers: z.array(ProviderConfig) });
export const ProviderIdParams = z.strictObject({ id: str(1, 64) });
export const ProvidersRemoveResult = z.object({ removed: z.boolean() });
export const ProvidersSetKeyParams = z.strictObject({ id: str(1, 64), key: str(1, 10_000) });
/** Where to look for a local model server (`ollama`: it speaks Ollama's own API too). */
export const DetectCandidate = z.object({
  name: str(1, 64),
  baseUrl: ServerUrl,
  ollama: z.optional(z.boolean()),
});
export type DetectCandidate = z.infer<typeof DetectCandidate>;
export const ProvidersDetectParams = z.strictObject({
  candidates: z.optional(z.array(DetectCandidate).check(z.maxLength(20))),
});
/** A local model server that answered, and the models it serves. */
export const DetectedServer = z.object({
  name: z.string(),
  baseUrl: z.string(),
  models: z.array(z.string()),
});
export type DetectedServer = z.infer<typeof DetectedServer>;
export const ProvidersDetectResult = z.object({ servers: z.array(DetectedServer) });
export const ProvidersProbeParams = z.strictObject({ id: str(1, 64), model: str(1, 300) });
export const ProvidersProbeResult = z.object({
  supportsTools: z.boolean(),
  supportsStreaming: z.boolean(),
  contextWindow: z.optional(z.int()),
  detail: z.string(),
});

export const providersMethods = {
  'providers.list': { params: Empty, result: ProvidersListResult },
  'providers.add': { params: ProvidersAddParams, result: ProviderConfig },
  'providers.remove': { params: ProviderIdParams, result: ProvidersRemoveResult },
  /** The key goes to the daemon's secret store and is never shown again. */
  'providers.setKey': { params: ProvidersSetKeyParams, result: ProviderConfig },
  'providers.detect': { params: ProvidersDetectParams, result: ProvidersDetectResult },
  'providers.probe': { params: ProvidersProbeParams, result: ProvidersProbeResult },
  /** Routing rules and the default model (`COWORK_HOME/routes.json`). */
  'routes.get': { params: Empty, result: RoutesConfig },
  /**
   * Replaces them, checked whole (unique rule ids; every model names a configured provider) and
   * applied to the next run without a restart. The result is what was saved.
   */
  'routes.set': { params: RoutesConfig, result: RoutesConfig },
} as const satisfies Record<string, RpcMethod>;
