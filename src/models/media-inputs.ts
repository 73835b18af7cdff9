/**
 * Which media a provider's adapter gives the model as themselves inside a tool result. Anthropic's
 * and Gemini's turn an image (Gemini: a sound too) into a real content block; the Chat Completions
 * adapters (OpenAI, OpenAI-compatible servers) would paste the base64 into the prompt as JSON text,
 * so there a tool's media stay described in words.
 */
import type { ProviderConfig } from '../contracts/index.js';
import type { MediaKind } from './messages.js';

const BY_KIND: Record<ProviderConfig['kind'], readonly MediaKind[]> = {
  anthropic: ['image'],
  gemini: ['image', 'audio'],
  openai: [],
  'openai-compatible': [],
};

export function mediaInputs(kind: ProviderConfig['kind']): readonly MediaKind[] {
  return BY_KIND[kind];
}
