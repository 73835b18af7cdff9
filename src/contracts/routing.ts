import { z } from 'zod';

export const ProviderKind = z.enum(['openai', 'anthropic', 'gemini', 'openai-compatible']);

export const ModelInfo = z.object({
  id: z.string().min(1),
  contextWindow: z.number().int().positive().optional(),
  supportsTools: z.boolean().optional(),
  supportsStreaming: z.boolean().optional(),
});

export const ProviderConfig = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  kind: ProviderKind,
  baseUrl: z.string().url().optional(),
  /** Reference to a stored secret (`keychain:<name>`); never the key itself. */
  authRef: z.string().nullable(),
  models: z.array(ModelInfo),
  defaultModel: z.string().optional(),
  timeouts: z.object({ connectMs: z.number().int().positive(), requestMs: z.number().int().positive() }),
  retries: z.object({ max: z.number().int().min(0).max(10), baseDelayMs: z.number().int().positive() }),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

export const Capability = z.enum(['tools', 'vision', 'long-context', 'streaming', 'embeddings']);

export const RouteRule = z.object({
  id: z.string().min(1),
  priority: z.number().int(),
  match: z.object({
    taskType: z.string().optional(),
    workerRole: z.string().optional(),
    capability: Capability.optional(),
  }),
  /** `<providerId>/<model>` */
  modelId: z.string().min(1),
  fallbacks: z.array(z.string().min(1)),
});
export type RouteRule = z.infer<typeof RouteRule>;

export const RoutingDecision = z.object({
  modelId: z.string(),
  ruleId: z.string().nullable(),
  reason: z.string(),
  fallbackFrom: z.string().nullable(),
});
export type RoutingDecision = z.infer<typeof RoutingDecision>;

export const UsageEvent = z.object({
  modelId: z.string(),
  sessionId: z.string().nullable(),
  runId: z.string().nullable(),
  tokensIn: z.number().int().nonnegative(),
  tokensOut: z.number().int().nonnegative(),
  latencyMs: z.number().nonnegative(),
  costUsd: z.number().nonnegative().nullable(),
});
export type UsageEvent = z.infer<typeof UsageEvent>;
