/**
 * One model turn as a plain async iterable of Cowork chunks. Failures before the first chunk
 * (429, 5xx, network) are retried with exponential backoff; once a chunk has been yielded the turn
 * is never retried or switched to another model mid-way.
 */
import type { LanguageModelV3, LanguageModelV3Prompt, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import type { MediaKind, ModelChunk, ToolResultMessage, TurnRequest } from './messages.js';

export interface RetryOptions {
  retries: number;
  baseDelayMs: number;
  /** Cancels the turn (the person pressed stop). */
  signal?: AbortSignal;
  /** Per attempt: a request that takes longer fails as TIMEOUT (and is retried like a 5xx). */
  timeoutMs?: number;
  onRetry?: (attempt: number, error: string, delayMs: number) => void;
}

export async function* streamTurn(
  model: LanguageModelV3,
  request: TurnRequest,
  retry: RetryOptions,
): AsyncGenerator<ModelChunk> {
  let attempt = 0;
  for (;;) {
    let stream: ReadableStream<LanguageModelV3StreamPart>;
    const timeout = retry.timeoutMs ? AbortSignal.timeout(retry.timeoutMs) : undefined;
    const abortSignal =
      timeout && retry.signal ? AbortSignal.any([retry.signal, timeout]) : (timeout ?? retry.signal);
    try {
      ({ stream } = await model.doStream({
        prompt: toPrompt(request),
        ...(request.tools?.length
          ? {
              tools: request.tools.map((t) => ({
                type: 'function' as const,
                name: t.name,
                description: t.description,
                inputSchema: t.inputSchema as never,
              })),
            }
          : {}),
        ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(abortSignal ? { abortSignal } : {}),
      }));
    } catch (err) {
      const failure = classify(err, retry.signal, timeout);
      if (failure.retryable && attempt < retry.retries) {
        const delay = retry.baseDelayMs * 2 ** attempt;
        retry.onRetry?.(attempt + 1, failure.message, delay);
        attempt++;
        await sleep(delay, retry.signal);
        continue;
      }
      yield failure;
      return;
    }
    yield* readStream(stream, retry.signal, timeout);
    return;
  }
}

async function* readStream(
  stream: ReadableStream<LanguageModelV3StreamPart>,
  signal?: AbortSignal,
  timeout?: AbortSignal,
): AsyncGenerator<ModelChunk> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      switch (value.type) {
        case 'text-delta':
          if (value.delta) yield { type: 'text', text: value.delta };
          break;
        case 'tool-call': {
          let args: Record<string, unknown>;
          try {
            args = value.input ? (JSON.parse(value.input) as Record<string, unknown>) : {};
          } catch {
            args = { __invalid_json__: value.input };
          }
          yield { type: 'tool-call', call: { id: value.toolCallId, name: value.toolName, arguments: args } };
          break;
        }
        case 'finish':
          yield {
            type: 'usage',
            tokensIn: value.usage.inputTokens.total ?? 0,
            tokensOut: value.usage.outputTokens.total ?? 0,
          };
          yield {
            type: 'done',
            finishReason:
              typeof value.finishReason === 'string'
                ? value.finishReason
                : String((value.finishReason as { unified?: string }).unified ?? 'stop'),
          };
          break;
        case 'error':
          yield classify(value.error, signal, timeout);
          return;
        default:
          break;
      }
    }
  } catch (err) {
    yield classify(err, signal, timeout);
  } finally {
    reader.releaseLock();
  }
}

function classify(
  err: unknown,
  signal?: AbortSignal,
  timeout?: AbortSignal,
): Extract<ModelChunk, { type: 'error' }> {
  if (signal?.aborted)
    return { type: 'error', code: 'CANCELLED', message: 'The turn was cancelled.', retryable: false };
  if (timeout?.aborted)
    return { type: 'error', code: 'TIMEOUT', message: 'The model took too long to answer.', retryable: true };
  const e = err as {
    statusCode?: number;
    message?: string;
    isRetryable?: boolean;
    name?: string;
    cause?: unknown;
  };
  const status = e?.statusCode;
  if (status === 429)
    return { type: 'error', code: 'RATE_LIMITED', message: e.message ?? 'rate limited', retryable: true };
  if (e?.name === 'TimeoutError')
    return { type: 'error', code: 'TIMEOUT', message: e.message ?? 'timed out', retryable: true };
  const retryable = status === undefined ? true : status >= 500 || status === 408 || e.isRetryable === true;
  return {
    type: 'error',
    code: 'PROVIDER_ERROR',
    message: e?.message ?? String(err),
    retryable,
    ...(status === undefined ? {} : { status }),
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** A tool result as the model gets it: its text, and the media it can take as themselves. */
function toolOutput(r: ToolResultMessage, accepted: readonly MediaKind[]) {
  if (r.isError) return { type: 'error-text' as const, value: r.text };
  const media = (r.media ?? []).filter((m) => accepted.includes(m.kind));
  if (media.length === 0) return { type: 'text' as const, value: r.text };
  return {
    type: 'content' as const,
    value: [
      { type: 'text' as const, text: r.text },
      ...media.map((m) =>
        m.kind === 'image'
          ? { type: 'image-data' as const, data: m.data, mediaType: m.mimeType }
          : { type: 'file-data' as const, data: m.data, mediaType: m.mimeType },
      ),
    ],
  };
}

/** Cowork messages → the AI SDK's provider-level prompt. */
export function toPrompt(request: TurnRequest): LanguageModelV3Prompt {
  return request.messages.map((m) => {
    switch (m.role) {
      case 'system':
        return { role: 'system', content: m.text };
      case 'user':
        return { role: 'user', content: [{ type: 'text', text: m.text }] };
      case 'assistant':
        return {
          role: 'assistant',
          content: [
            ...(m.text ? [{ type: 'text' as const, text: m.text }] : []),
            ...(m.toolCalls ?? []).map((c) => ({
              type: 'tool-call' as const,
              toolCallId: c.id,
              toolName: c.name,
              input: c.arguments,
            })),
          ],
        };
      default:
        return {
          role: 'tool',
          content: m.results.map((r) => ({
            type: 'tool-result' as const,
            toolCallId: r.id,
            toolName: r.name,
            output: toolOutput(r, request.mediaInputs ?? []),
          })),
        };
    }
  }) as LanguageModelV3Prompt;
}
