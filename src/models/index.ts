/** models: provider adapters behind one narrow streaming interface, retries, redaction before send. */

export { detectLocalServers, LOCAL_CANDIDATES, type LocalServer, probeCapabilities } from './local-detect.js';
export { mediaInputs } from './media-inputs.js';
export type {
  MediaKind,
  ModelChunk,
  ModelMessage,
  ModelTool,
  ToolCallRequest,
  ToolMedia,
  TurnRequest,
} from './messages.js';
export { type Price, PriceTable } from './pricing.js';
export { explainProviderFailure, logProviderFailure, type ProviderFailure } from './provider-failure.js';
export { ProviderStore, providerApiKey, providerAuthRef, providerKeyName } from './provider-store.js';
export { isLocalProvider, languageModel } from './providers.js';
export { customPatterns, PromptRedactor, type Redaction } from './redaction.js';
export { checkRoutes, parseRoutesFile, type RouteRequest, Router } from './router.js';
export { type RetryOptions, streamTurn, toPrompt } from './stream-turn.js';
