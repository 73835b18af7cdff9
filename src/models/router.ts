/**
 * Routing: which model serves a task. Rules (COWORK_HOME/routes.json, the RouteRule contract) match
 * on task type, worker role or needed capability, highest priority first; a rule names fallbacks
 * used when the model is rate-limited or down. When no rule matches, the person's default model
 * serves. Every decision carries its reason, for the timeline.
 */
import {
  CoworkError,
  issuesText,
  type RouteRule,
  type RoutesConfig,
  RoutesFile,
  type RoutingDecision,
} from '../contracts/index.js';
import { keepAside, readConfigJson, writeFileAtomic } from '../store/index.js';

export interface RouteRequest {
  taskType?: string;
  workerRole?: string;
  capability?: string;
}

/** routes.json as read: the object form, or the plain list of rules older versions wrote. */
export function parseRoutesFile(json: unknown, file: string): RoutesConfig {
  const parsed = RoutesFile.safeParse(json);
  if (!parsed.success) {
    throw new CoworkError('INVALID_ARGUMENTS', `Invalid ${file}: ${issuesText(parsed.error, '(root)', 1)}`);
  }
  const data = parsed.data;
  return Array.isArray(data)
    ? { defaultModel: null, rules: data }
    : { defaultModel: data.defaultModel ?? null, rules: data.rules };
}

/**
 * Checks routes against the configured providers. The message names the rule and the field, since
 * the person fixes it in a form: every model must be `<provider>/<model>` with a known provider.
 */
export function checkRoutes(config: RoutesConfig, hasProvider: (id: string) => boolean): void {
  const bad = (message: string, details: Record<string, unknown>): never => {
    throw new CoworkError('INVALID_ARGUMENTS', message, details);
  };
  const checkRef = (ref: string, where: string, details: Record<string, unknown>) => {
    const slash = ref.indexOf('/');
    if (slash <= 0 || slash === ref.length - 1)
      bad(`${where}: "${ref}" is not of the form provider/model.`, details);
    const provider = ref.slice(0, slash);
    if (!hasProvider(provider)) bad(`${where}: no provider named "${provider}" (in "${ref}").`, details);
  };
  if (config.defaultModel !== null) checkRef(config.defaultModel, 'Default model', { field: 'defaultModel' });
  const seen = new Map<string, number>();
  config.rules.forEach((rule, index) => {
    const name = `Rule ${index + 1} ("${rule.id}")`;
    const first = seen.get(rule.id);
    if (first !== undefined)
      bad(`${name}: the id "${rule.id}" is already used by rule ${first + 1}.`, { rule: index, field: 'id' });
    seen.set(rule.id, index);
    checkRef(rule.modelId, `${name}, model`, { rule: index, field: 'modelId' });
    rule.fallbacks.forEach((f, i) => {
      checkRef(f, `${name}, fallback ${i + 1}`, { rule: index, field: 'fallbacks' });
    });
  });
}

export class Router {
  /** As the person saved them (routes.get shows this order). */
  #config: RoutesConfig = { defaultModel: null, rules: [] };
  /** The same rules, highest priority first (stable: equal priorities keep their saved order). */
  #sorted: RouteRule[] = [];

  /**
   * Why `file` could not be used, if it could not. A broken file must not keep the daemon from
   * starting: it runs without routes, and the next save first sets the broken file aside.
   */
  loadError: string | undefined;

  /** Loads `file` when given (and there); saves go to it. */
  constructor(readonly file?: string) {
    if (!file) return;
    try {
      const json = readConfigJson(file);
      if (json !== undefined) this.replace(parseRoutesFile(json, file));
    } catch (err) {
      this.loadError = (err as Error).message;
    }
  }

  get config(): RoutesConfig {
    return this.#config;
  }

  get rules(): readonly RouteRule[] {
    return this.#sorted;
  }

  /** Where the routes name a provider ("the default model", `rule "x"`): it cannot go while they do. */
  usesOf(providerId: string): string[] {
    const names = (ref: string) => ref.startsWith(`${providerId}/`);
    const uses: string[] = [];
    if (this.#config.defaultModel !== null && names(this.#config.defaultModel))
      uses.push('the default model');
    for (const r of this.#config.rules)
      if (names(r.modelId) || r.fallbacks.some(names)) uses.push(`rule "${r.id}"`);
    return uses;
  }

  /** Swaps the rules in use: the next decision sees them (a running run keeps the model it has). */
  replace(config: RoutesConfig): void {
    this.#config = { defaultModel: config.defaultModel, rules: [...config.rules] };
    this.#sorted = [...config.rules].sort((a, b) => b.priority - a.priority);
  }

  /** Writes routes.json (atomically: old or new, never torn), then uses the new routes. */
  save(config: RoutesConfig): void {
    if (!this.file) throw new CoworkError('INTERNAL', 'This router has no routes.json to save to.');
    // The person's hand-edited file may hold work worth keeping: it is moved aside, not lost.
    if (this.loadError !== undefined) {
      keepAside(this.file);
      this.loadError = undefined;
    }
    writeFileAtomic(this.file, `${JSON.stringify(config, null, 2)}\n`);
    this.replace(config);
  }

  /**
   * The model for a request: an explicit choice wins, then the best matching rule, then the
   * person's default model, then `fallback` (the caller's last resort, e.g. the first provider's).
   */
  choose(
    request: RouteRequest,
    explicit: string | undefined,
    fallback: string | undefined,
  ): RoutingDecision & { fallbacks: string[] } {
    if (explicit)
      return {
        modelId: explicit,
        ruleId: null,
        reason: 'chosen for this run',
        fallbackFrom: null,
        fallbacks: this.#fallbacksOf(explicit),
      };
    const rule = this.#sorted.find(
      (r) =>
        (r.match.taskType === undefined || r.match.taskType === request.taskType) &&
        (r.match.workerRole === undefined || r.match.workerRole === request.workerRole) &&
        (r.match.capability === undefined || r.match.capability === request.capability),
    );
    if (rule)
      return {
        modelId: rule.modelId,
        ruleId: rule.id,
        reason: `route "${rule.id}" (priority ${rule.priority})`,
        fallbackFrom: null,
        fallbacks: rule.fallbacks,
      };
    const model = this.#config.defaultModel ?? fallback;
    if (model)
      return {
        modelId: model,
        ruleId: null,
        reason: 'the default model',
        fallbackFrom: null,
        fallbacks: this.#fallbacksOf(model),
      };
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      'No model is configured for this task: add a provider (and pick a default model) or a route.',
    );
  }

  #fallbacksOf(modelId: string): string[] {
    return this.#sorted.find((r) => r.modelId === modelId)?.fallbacks ?? [];
  }
}
