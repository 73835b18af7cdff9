/**
 * Secret redaction at the source: applied to everything before it is hashed, stored or logged.
 * Patterns cover the key formats of the major providers and generic credentials; each match is
 * replaced by `[REDACTED:<kind>]` so the record still says what was there, never the value.
 */
export interface SecretPattern {
  kind: string;
  regex: RegExp;
  /** Group to keep before the secret (e.g. the `KEY=` of an assignment). */
  keepPrefix?: boolean;
}

export const SECRET_PATTERNS: SecretPattern[] = [
  {
    kind: 'private-key',
    regex: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  },
  { kind: 'anthropic-key', regex: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai-key', regex: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'google-key', regex: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'github-token', regex: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  { kind: 'gitlab-token', regex: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'slack-token', regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { kind: 'aws-access-key', regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'stripe-key', regex: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { kind: 'huggingface-token', regex: /\bhf_[A-Za-z0-9]{30,}\b/g },
  { kind: 'jwt', regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g },
  { kind: 'bearer-token', regex: /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi, keepPrefix: true },
  { kind: 'url-credentials', regex: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(?=@)/gi, keepPrefix: true },
  {
    kind: 'assignment',
    regex:
      /\b((?:[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Z0-9_]*)\s*[=:]\s*["']?)[^\s"']{4,}/gi,
    keepPrefix: true,
  },
];

export function redactText(text: string, extra: readonly SecretPattern[] = []): string {
  let out = text;
  for (const p of [...SECRET_PATTERNS, ...extra]) {
    out = out.replace(p.regex, (...m: string[]) =>
      p.keepPrefix ? `${m[1]}[REDACTED:${p.kind}]` : `[REDACTED:${p.kind}]`,
    );
  }
  return out;
}

/** Redacts every string inside a JSON-like value (keys too). */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map(redactValue) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k), redactValue(v)])) as T;
  }
  return value;
}
