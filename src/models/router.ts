/**
 * Routing: which model serves a task. Rules (COWORK_HOME/routes.json, the RouteRule contract) match
 * on task type, worker role or needed capability, highest priority first; a rule names fallbacks
 * used when the model is rate-limited or down. Every decision carries its reason, for the timeline.
 */
import * as z from 'zod/mini';
import { CoworkError, RouteRule, type RoutingDecision } from '../contracts/index.js';
import { readConfigJson } from '../store/index.js';

export interface RouteRequest {
  taskType?: string;
  workerRole?: string;
  capability?: string;
}

export class Router {
  readonly rules: RouteRule[];

  constructor(file?: string) {
    const json = file ? readConfigJson(file) : undefined;
    if (json === undefined) {
      this.rules = [];
      return;
    }
    const parsed = z.array(RouteRule).safeParse(json);
    if (!parsed.success)
      throw new CoworkError('INVALID_ARGUMENTS', `Invalid ${file}: ${parsed.error.issues[0]?.message}`);
    this.rules = [...parsed.data].sort((a, b) => b.priority - a.priority);
  }

  /** The model for a request: an explicit choice wins, then the best matching rule, then `fallback`. */
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
    const rule = this.rules.find(
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
    if (fallback)
      return {
        modelId: fallback,
        ruleId: null,
        reason: 'the default model',
        fallbackFrom: null,
        fallbacks: [],
      };
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      'No model is configured for this task: add a provider or a route.',
    );
  }

  #fallbacksOf(modelId: string): string[] {
    return this.rules.find((r) => r.modelId === modelId)?.fallbacks ?? [];
  }
}
