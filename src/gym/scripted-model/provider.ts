import type { ProviderConfig } from '../../contracts/index.js';

/** A provider config pointing at a replay server (no key, no retries unless asked). */
export function replayProvider(id: string, url: string, extra: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id,
    kind: 'openai-compatible',
    baseUrl: `${url}/v1`,
    authRef: null,
    models: [{ id: 'm' }],
    timeouts: { connectMs: 5000, requestMs: 30_000 },
    retries: { max: 0, baseDelayMs: 10 },
    ...extra,
  };
}
