/**
 * Redaction before send: before a prompt leaves the machine for a non-local provider, secrets in
 * it (provider keys, private keys, JWTs, `.env`-style assignments, the person's own patterns) are
 * replaced by stable placeholders — the same secret always gets the same one — and the model's tool
 * arguments get the real values back. Each redaction is recorded by kind and place, never by value.
 */

import type { Redaction } from '../contracts/index.js';
import { SECRET_PATTERNS, type SecretPattern } from '../enclave/index.js';
import type { ModelMessage, TurnRequest } from './messages.js';

export type { Redaction };

const PLACEHOLDER = /\[\[SECRET_(\d+):([a-z0-9-]+)\]\]/g;
const PLACEHOLDER_SPLIT = /(\[\[SECRET_\d+:[a-z0-9-]+\]\])/;

export class PromptRedactor {
  readonly #placeholderFor = new Map<string, string>();
  readonly #secretFor = new Map<string, string>();
  readonly #patterns: readonly SecretPattern[];

  constructor(extra: readonly SecretPattern[] = []) {
    this.#patterns = [...SECRET_PATTERNS, ...extra];
  }

  redactText(text: string, where: string, found: Redaction[]): string {
    let out = text;
    for (const p of this.#patterns) {
      // Placeholders already in the text are left alone (split keeps them at odd indices).
      out = out
        .split(PLACEHOLDER_SPLIT)
        .map((segment, i) =>
          i % 2 === 1
            ? segment
            : segment.replace(new RegExp(p.regex.source, p.regex.flags), (...m: string[]) => {
                const whole = m[0]!;
                const prefix = p.keepPrefix ? (m[1] ?? '') : '';
                found.push({ kind: p.kind, where });
                return prefix + this.#placeholder(whole.slice(prefix.length), p.kind);
              }),
        )
        .join('');
    }
    return out;
  }

  redactRequest(request: TurnRequest): { request: TurnRequest; redactions: Redaction[] } {
    const found: Redaction[] = [];
    const messages = request.messages.map((m, i): ModelMessage => {
      const where = `message ${i} (${m.role})`;
      switch (m.role) {
        case 'system':
        case 'user':
          return { ...m, text: this.redactText(m.text, where, found) };
        case 'assistant':
          return {
            ...m,
            ...(m.text === undefined ? {} : { text: this.redactText(m.text, where, found) }),
            ...(m.toolCalls
              ? {
                  toolCalls: m.toolCalls.map((c) => ({
                    ...c,
                    arguments: this.#redactValue(c.arguments, where, found),
                  })),
                }
              : {}),
          };
        default:
          return {
            ...m,
            results: m.results.map((r) => ({ ...r, text: this.redactText(r.text, where, found) })),
          };
      }
    });
    return { request: { ...request, messages }, redactions: found };
  }

  /** Puts the real secrets back into what the model sent (tool-call arguments). */
  restore<T>(value: T): T {
    if (typeof value === 'string') {
      return value.replace(PLACEHOLDER, (whole) => this.#secretFor.get(whole) ?? whole) as T;
    }
    if (Array.isArray(value)) return value.map((v) => this.restore(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.restore(v)])) as T;
    }
    return value;
  }

  #redactValue<T>(value: T, where: string, found: Redaction[]): T {
    if (typeof value === 'string') return this.redactText(value, where, found) as T;
    if (Array.isArray(value)) return value.map((v) => this.#redactValue(v, where, found)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, this.#redactValue(v, where, found)]),
      ) as T;
    }
    return value;
  }

  #placeholder(secret: string, kind: string): string {
    let placeholder = this.#placeholderFor.get(secret);
    if (!placeholder) {
      placeholder = `[[SECRET_${this.#placeholderFor.size + 1}:${kind}]]`;
      this.#placeholderFor.set(secret, placeholder);
      this.#secretFor.set(placeholder, secret);
    }
    return placeholder;
  }
}

/**
 * The person's own patterns, from `COWORK_HOME/redaction.json`: `[{ "kind": "employee-id",
 * "pattern": "EMP-[0-9]{6}" }]`. A pattern that does not compile is reported, not ignored silently.
 */
export function customPatterns(json: unknown): SecretPattern[] {
  if (json === undefined) return [];
  if (!Array.isArray(json)) throw new Error('redaction.json must be a list of { kind, pattern }');
  return json.map((p: { kind?: unknown; pattern?: unknown }, i) => {
    if (typeof p?.kind !== 'string' || !/^[a-z0-9-]{1,40}$/.test(p.kind) || typeof p.pattern !== 'string') {
      throw new Error(`redaction.json entry ${i}: needs "kind" (a-z, 0-9, -) and "pattern"`);
    }
    return { kind: p.kind, regex: new RegExp(p.pattern, 'g') };
  });
}
