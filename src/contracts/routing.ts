import * as z from 'zod/mini';

const positiveInt = () => z.int().check(z.positive());

export const ProviderKind = z.enum(['openai', 'anthropic', 'gemini', 'openai-compatible']);

export const ModelInfo = z.object({
  id: z.string().check(z.minLength(1)),
  contextWindow: z.optional(positiveInt()),
  supportsTools: z.optional(z.boolean()),
  supportsStreaming: z.optional(z.boolean()),
});

export const ProviderConfig = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)),
  kind: ProviderKind,
  baseUrl: z.optional(z.url()),
  /** Reference to a stored secret (`keychain:<name>`); never the key itself. */
  authRef: z._default(z.nullable(z.string()), null),
  models: z._default(z.array(ModelInfo), []),
  defaultModel: z.optional(z.string()),
  /** A local model loading into memory can take minutes before its first token: 5 minutes by default. */
  timeouts: z._default(z.object({ connectMs: positiveInt(), requestMs: positiveInt() }), {
    connectMs: 10_000,
    requestMs: 300_000,
  }),
  retries: z._default(z.object({ max: z.int().check(z.gte(0), z.lte(10)), baseDelayMs: positiveInt() }), {
    max: 3,
    baseDelayMs: 500,
  }),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

export const Capability = z.enum(['tools', 'vision', 'long-context', 'streaming', 'embeddings']);

/** `<providerId>/<model>`; bounded so a hostile client cannot make the daemon hold megabytes of it. */
const modelRef = () => z.string().check(z.minLength(1), z.maxLength(300));
const label = () => z.string().check(z.minLength(1), z.maxLength(100));

export const RouteRule = z.object({
  id: label(),
  priority: z.int(),
  match: z.object({
    taskType: z.optional(label()),
    workerRole: z.optional(label()),
    capability: z.optional(Capability),
  }),
  /** `<providerId>/<model>` */
  modelId: modelRef(),
  fallbacks: z.array(modelRef()).check(z.maxLength(10)),
});
export type RouteRule = z.infer<typeof RouteRule>;

export const MAX_ROUTE_RULES = 200;

/**
 * The person's routing settings: rules, and the default model — used when a run names no model and
 * no rule matches.
 */
export const RoutesConfig = z.strictObject({
  defaultModel: z.nullable(modelRef()),
  rules: z.array(RouteRule).check(z.maxLength(MAX_ROUTE_RULES)),
});
export type RoutesConfig = z.infer<typeof RoutesConfig>;

/** `routes.json`: the object form written today, or the plain list of rules older versions wrote. */
export const RoutesFile = z.union([
  z.array(RouteRule),
  z.object({ defaultModel: z.optional(z.nullable(modelRef())), rules: z.array(RouteRule) }),
]);

export const RoutingDecision = z.object({
  modelId: z.string(),
  ruleId: z.nullable(z.string()),
  reason: z.string(),
  fallbackFrom: z.nullable(z.string()),
});
export type RoutingDecision = z.infer<typeof RoutingDecision>;

export const UsageEvent = z.object({
  modelId: z.string(),
  sessionId: z.nullable(z.string()),
  runId: z.nullable(z.string()),
  tokensIn: z.int().check(z.nonnegative()),
  tokensOut: z.int().check(z.nonnegative()),
  latencyMs: z.number().check(z.nonnegative()),
  costUsd: z.nullable(z.number().check(z.nonnegative())),
});
export type UsageEvent = z.infer<typeof UsageEvent>;
