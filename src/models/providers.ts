/**
 * Provider adapters: each kind of provider is one AI SDK provider package behind Cowork's narrow
 * interface (see stream-turn.ts). OpenAI-compatible local servers (Ollama, LM Studio, llama.cpp,
 * vLLM, OpenRouter) share one adapter.
 */
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { CoworkError, type ProviderConfig } from '../contracts/index.js';

/**
 * The model for a provider config. Each provider package is loaded only when a provider of its kind
 * is first used: an idle daemon carries none of them (it has a memory budget).
 */
export async function languageModel(
  config: ProviderConfig,
  modelId: string,
  apiKey: string | undefined,
): Promise<LanguageModelV3> {
  const baseURL = config.baseUrl;
  switch (config.kind) {
    case 'openai': {
      // Chat Completions: the wire protocol every OpenAI-compatible server speaks too.
      const { createOpenAI } = await import('@ai-sdk/openai');
      return createOpenAI({ apiKey: apiKey ?? '', ...(baseURL ? { baseURL } : {}) }).chat(modelId);
    }
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return createAnthropic({ apiKey: apiKey ?? '', ...(baseURL ? { baseURL } : {}) })(modelId);
    }
    case 'gemini': {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      return createGoogleGenerativeAI({ apiKey: apiKey ?? '', ...(baseURL ? { baseURL } : {}) })(modelId);
    }
    case 'openai-compatible': {
      if (!baseURL) throw new CoworkError('INVALID_ARGUMENTS', `Provider ${config.id} needs a baseUrl.`);
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      return createOpenAICompatible({
        name: config.id,
        baseURL,
        ...(apiKey ? { apiKey } : {}),
        includeUsage: true,
      }).chatModel(modelId);
    }
  }
}

/** Local servers never see a cloud provider's rules: nothing leaves the machine through them. */
export function isLocalProvider(config: ProviderConfig): boolean {
  if (config.kind !== 'openai-compatible' || !config.baseUrl) return false;
  const host = new URL(config.baseUrl).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
}
