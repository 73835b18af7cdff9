/**
 * A provider's failure as a person can act on it: which provider and model failed, at which URL,
 * why, and what to do next. The SDK's own text ("Cannot connect to API: connect ECONNREFUSED …")
 * names none of these.
 */
import type { ProviderConfig } from '../contracts/index.js';
import type { Logger } from '../store/index.js';
import type { ModelChunk } from './messages.js';

type ErrorChunk = Extract<ModelChunk, { type: 'error' }>;

export interface ProviderFailure {
  provider: string;
  model: string;
  baseUrl?: string;
  /** The provider's own words. */
  reason: string;
  /** The next thing to try, with the command that does it. */
  hint: string;
  /** One line: who failed, why, and the hint. */
  message: string;
}

const UNREACHABLE =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|Cannot connect|fetch failed|socket hang up/i;
const UNKNOWN_MODEL = /model.*(not found|does not exist|unknown)|unknown model|no such model|try pulling/i;

export function explainProviderFailure(
  provider: ProviderConfig,
  model: string,
  error: Pick<ErrorChunk, 'code' | 'message' | 'status'>,
): ProviderFailure {
  const where = provider.baseUrl ? ` at ${provider.baseUrl}` : '';
  const hint = hintFor(provider, model, error);
  return {
    provider: provider.id,
    model,
    ...(provider.baseUrl ? { baseUrl: provider.baseUrl } : {}),
    reason: error.message,
    hint,
    message: `${provider.id} (model ${model}${where}) failed: ${error.message.replace(/\.\s*$/, '')}. ${hint}`,
  };
}

/** Explained, and logged under module `models` (daemon.log, the Logs panel) with `context`. */
export function logProviderFailure(
  logger: Logger,
  provider: ProviderConfig,
  model: string,
  error: Pick<ErrorChunk, 'code' | 'message' | 'status'>,
  context: Record<string, unknown>,
): ProviderFailure {
  const failure = explainProviderFailure(provider, model, error);
  logger.log('warn', 'provider failed', { module: 'models', ...context, code: error.code, ...failure });
  return failure;
}

function hintFor(
  provider: ProviderConfig,
  model: string,
  error: Pick<ErrorChunk, 'code' | 'message' | 'status'>,
): string {
  const { status, message } = error;
  if (error.code === 'TIMEOUT')
    return `The model took too long: is it still loading, or is ${provider.baseUrl ?? 'the provider'} overloaded?`;
  if (error.code === 'RATE_LIMITED')
    return 'The provider is rate limiting this key: wait a moment and try again.';
  if (status === 401 || status === 403 || /unauthori[sz]ed|api key|authentication/i.test(message))
    return `Check the key: cowork provider key ${provider.id} < KEYFILE`;
  if (status === 404 || UNKNOWN_MODEL.test(message))
    return `Is "${model}" a model this provider serves? cowork provider detect lists what local servers serve.`;
  if (status === undefined && UNREACHABLE.test(message))
    return provider.baseUrl
      ? `Is the server running at ${provider.baseUrl}? Start it, or fix the URL: cowork provider add ${provider.id} --kind ${provider.kind} --base-url URL --model ${model}`
      : 'Is this machine online?';
  return `Check the provider's settings: cowork provider list, then cowork provider probe ${provider.id} --model ${model}`;
}
