/**
 * Secret redaction at the source: applied to everything before it is hashed, stored or logged
 * (audit log, approvals, event log, daemon log). Patterns cover the key formats of the major
 * providers (chosen from gitleaks' and trufflehog's rule sets for their precision: a fixed prefix
 * or a fixed shape), credentials in command lines and HTTP headers, and generic `NAME=secret`
 * assignments; each match is replaced by `[REDACTED:<kind>]` so the record still says what was
 * there, never the value.
 *
 * Redact before cutting: `clip()` redacts the whole text first and only then shortens it, on a
 * boundary. A text somebody else already cut is covered too: a known prefix at the very end of a
 * string (a token cut in half) is redacted whatever follows it.
 */
export interface SecretPattern {
  kind: string;
  regex: RegExp;
  /** Group 1 is kept before the secret (e.g. the `KEY=` of an assignment). */
  keepPrefix?: boolean;
}

/** A value that is not already a redaction marker: `chars` repeated `min` times, or up to the end (a cut). */
function value(chars: string, min: number): string {
  return `(?!\\[REDACTED:)(?:${chars}{${min},}|${chars}+$)`;
}

const VALUE = `[^\\s"'\\\\]`;
const AUTH_SCHEME = '(?:Basic|Digest|Negotiate|NTLM|Token|Bearer|AWS4-HMAC-SHA256)';

/** Tokens recognisable by a fixed prefix and shape. */
const PREFIXED: [kind: string, source: string][] = [
  ['anthropic-key', String.raw`\bsk-ant-[A-Za-z0-9_-]{20,}`],
  ['openai-key', String.raw`\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`],
  ['google-key', String.raw`\bAIza[0-9A-Za-z_-]{35}`],
  ['github-token', String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`],
  [
    'gitlab-token',
    String.raw`\bgl(?:pat|dt|rt|ptt|ft|soat|agent|oas|cbt|imt|ffct)-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2,})?`,
  ],
  ['slack-token', String.raw`\b(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})`],
  [
    'slack-webhook',
    String.raw`(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}`,
  ],
  [
    'discord-webhook',
    String.raw`(?:https?://)?(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{20,}`,
  ],
  ['discord-bot-token', String.raw`\b[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38}\b`],
  ['telegram-bot-token', String.raw`\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b`],
  ['aws-access-key', String.raw`\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[0-9A-Z]{16}\b`],
  ['stripe-key', String.raw`\b(?:[rs]k_(?:live|test|prod)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{24,})`],
  ['huggingface-token', String.raw`\b(?:hf_|api_org_)[A-Za-z0-9]{30,}\b`],
  ['npm-token', String.raw`\bnpm_[A-Za-z0-9]{36}\b`],
  ['pypi-token', String.raw`\bpypi-AgE[A-Za-z0-9_-]{50,}`],
  ['sendgrid-key', String.raw`\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}`],
  ['twilio-key', String.raw`\bSK[0-9a-fA-F]{32}\b`],
  ['digitalocean-token', String.raw`\bdo[opr]_v1_[a-f0-9]{64}\b`],
  ['shopify-token', String.raw`\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b`],
  ['databricks-token', String.raw`\bdapi[a-f0-9]{32}(?:-\d)?\b`],
  ['doppler-token', String.raw`\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}`],
  ['linear-key', String.raw`\blin_(?:api|oauth)_[A-Za-z0-9]{40,}`],
  ['planetscale-token', String.raw`\bpscale_(?:tkn|oauth|pw)_[A-Za-z0-9_.=-]{32,}`],
  ['pulumi-token', String.raw`\bpul-[a-f0-9]{40}\b`],
  ['vault-token', String.raw`\bhv[sbr]\.[A-Za-z0-9_-]{24,}`],
  ['age-secret-key', String.raw`\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b`],
  ['grafana-token', String.raw`\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,3})`],
  ['sentry-token', String.raw`\bsntr(?:yu|ys)_[A-Za-z0-9+/=_]{40,}`],
  [
    'ai-provider-key',
    String.raw`\b(?:pplx-[A-Za-z0-9]{40,}|gsk_[A-Za-z0-9]{40,}|xai-[A-Za-z0-9]{60,}|r8_[A-Za-z0-9]{30,})`,
  ],
  ['jwt', String.raw`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`],
];

/** The prefixes above, for a token cut in half at the end of a text (`value()` covers the rest). */
const CUT_PREFIXES = String.raw`sk-ant-|sk-proj-|sk-svcacct-|sk-admin-|sk-|AIza|gh[pousr]_|github_pat_|gl(?:pat|dt|rt|ptt|ft|soat|agent|oas|cbt|imt|ffct)-|xox[abposre]-|xapp-|AKIA|ASIA|[rs]k_(?:live|test|prod)_|whsec_|hf_|api_org_|npm_|pypi-|SG\.|do[opr]_v1_|shp(?:at|ca|pa|ss)_|dapi|dp\.pt\.|lin_api_|pscale_|pul-|hv[sbr]\.|AGE-SECRET-KEY-|glsa_|glc_|sntr(?:yu|ys)_|pplx-|gsk_|xai-|r8_|eyJ`;

/** Names whose value is a secret, in `NAME=value`, `NAME: value` and `"name": "value"`. */
const SECRET_NAME = `[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCOUNT_?KEY|AccountKey|SharedAccessKey|_AUTH|MYSQL_PWD|CLIENT_?SECRET)[A-Z0-9_]*`;

export const SECRET_PATTERNS: SecretPattern[] = [
  {
    kind: 'private-key',
    regex:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  // A service-account JSON's key, however it is escaped (`"private_key": "-----BEGIN…\n…"`).
  {
    kind: 'private-key',
    regex: new RegExp(`("private_key(?:_id)?"\\s*:\\s*")${value('[^"]', 8)}`, 'g'),
    keepPrefix: true,
  },
  ...PREFIXED.map(([kind, source]) => ({ kind, regex: new RegExp(source, 'g') })),
  {
    kind: 'bearer-token',
    regex: new RegExp(`\\b(Bearer\\s+)${value('[A-Za-z0-9._~+/=-]', 8)}`, 'gi'),
    keepPrefix: true,
  },
  // `Authorization: Basic …`, `Proxy-Authorization: Digest …`, `Authorization: token …`.
  {
    kind: 'authorization-header',
    regex: new RegExp(
      `\\b((?:Proxy-)?Authorization["']?\\s*[:=]\\s*["']?(?:${AUTH_SCHEME}\\s+)?)(?!${AUTH_SCHEME}\\s)${value(VALUE, 4)}`,
      'gi',
    ),
    keepPrefix: true,
  },
  // `X-Api-Key: …`, `api-key: …`, `X-Auth-Token: …`, `PRIVATE-TOKEN: …`.
  {
    kind: 'api-key-header',
    regex: new RegExp(
      `\\b((?:X-[A-Za-z0-9]+-)*(?:Api-?Key|Auth-?Token|Access-?Token|Private-?Token|Secret-?Key|Subscription-Key)\\s*:\\s*)${value(VALUE, 4)}`,
      'gi',
    ),
    keepPrefix: true,
  },
  // Cookies are sessions: the whole value goes.
  {
    kind: 'cookie',
    regex: new RegExp(`\\b((?:Set-)?Cookie\\s*:\\s*)${value(`[^\\r\\n"'\\\\]`, 1)}`, 'gi'),
    keepPrefix: true,
  },
  {
    kind: 'url-credentials',
    regex: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)(?!\[REDACTED:)[^\s@/]+(?=@)/gi,
    keepPrefix: true,
  },
  // `?access_token=…`, `&key=…`, `&sig=…` (presigned URLs, SAS tokens, OAuth codes).
  {
    kind: 'url-query-secret',
    regex: new RegExp(
      `([?&;](?:access_token|id_token|refresh_token|token|key|api_?key|apikey|sig|signature|secret|client_secret|password|passwd|pwd|auth|code|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|X-Goog-Signature|X-Goog-Credential)=)${value('[^&\\s"\'#]', 1)}`,
      'gi',
    ),
    keepPrefix: true,
  },
  // `curl -u user:pass`, `--user user:pass`, `-uuser:pass` (any program: the shape is the secret).
  {
    kind: 'user-password',
    regex: new RegExp(
      `((?:^|\\s)(?:-u\\s*|--(?:proxy-)?user(?:\\s+|=))["']?[^\\s:"']+:)${value(VALUE, 1)}`,
      'g',
    ),
    keepPrefix: true,
  },
  // `--password X`, `--password=X`, `--token X`, `--api-key=X`, `--client-secret X`.
  {
    kind: 'password-option',
    regex: new RegExp(
      `((?:^|\\s)--?(?:[a-z0-9]+-)*(?:password|passwd|passphrase|pass|token|secret|api-?key|apikey|access-key|secret-key|auth-token|credentials?)(?:\\s+|=)["']?)(?!-)${value(VALUE, 1)}`,
      'gi',
    ),
    keepPrefix: true,
  },
  // mysql and friends take the password glued to `-p`.
  {
    kind: 'password-option',
    regex: new RegExp(
      `(\\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mariadb|mariadb-dump)\\b[^\\n|;&]*?\\s-p)${value(VALUE, 1)}`,
      'g',
    ),
    keepPrefix: true,
  },
  {
    kind: 'assignment',
    regex: new RegExp(`\\b(${SECRET_NAME}["']?\\s*[=:]\\s*["']?)${value(`[^\\s"']`, 4)}`, 'gi'),
    keepPrefix: true,
  },
  // Last: a known prefix cut at the end of the text by someone who shortened it before redacting.
  { kind: 'cut-secret', regex: new RegExp(`(?:^|\\b)(?:${CUT_PREFIXES})[A-Za-z0-9_.+/=-]*$`, 'g') },
];

/** Env names that hold a secret: the assignment names above, and any `…_KEY`. */
const SECRET_ENV_NAME = new RegExp(`^(?:${SECRET_NAME}|(?:[A-Z0-9_]*_)?KEY)$`, 'i');

/**
 * Whether an environment variable holds a secret, by its name (`GITHUB_TOKEN`, `BRAVE_API_KEY`) or
 * by its value's shape (`ghp_…`, `sk-…`, a JWT, a private key) — the patterns redaction uses.
 */
export function isSecretEnv(name: string, value: string): boolean {
  if (SECRET_ENV_NAME.test(name)) return true;
  return redactText(value) !== value;
}

export function redactText(text: string, extra: readonly SecretPattern[] = []): string {
  let out = text;
  for (const p of [...SECRET_PATTERNS, ...extra]) {
    p.regex.lastIndex = 0;
    out = out.replace(p.regex, (...m: string[]) =>
      p.keepPrefix ? `${m[1]}[REDACTED:${p.kind}]` : `[REDACTED:${p.kind}]`,
    );
  }
  return out;
}

/** Redacts every string inside a JSON-like value (keys too); values with `toJSON` are redacted as serialised. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) {
    return (value.every((v) => typeof v === 'string') ? redactArgv(value) : value.map(redactValue)) as T;
  }
  if (value && typeof value === 'object') {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return redactValue(json.call(value)) as T;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k), redactValue(v)])) as T;
  }
  return value;
}

/** Options whose next argument is a secret (`['curl', '-u', 'bob:pass']`, `['--token', 'x']`). */
const SECRET_FLAG =
  /^--?(?:[a-z0-9]+-)*(?:password|passwd|passphrase|pass|token|secret|api-?key|apikey|access-key|secret-key|auth-token|credentials?)$/i;
const USER_FLAG = /^(?:-u|--user|--proxy-user)$/;

/** An argument vector: each word redacted, and the word after a secret-taking option too. */
function redactArgv(argv: readonly string[]): string[] {
  return argv.map((word, i) => {
    const flag = argv[i - 1] ?? '';
    if (USER_FLAG.test(flag) && word.includes(':')) {
      return `${word.slice(0, word.indexOf(':') + 1)}[REDACTED:user-password]`;
    }
    if (SECRET_FLAG.test(flag) && !word.startsWith('-')) return '[REDACTED:password-option]';
    return redactText(word);
  });
}

const MARKER_START = /\[(?:R(?:E(?:D(?:A(?:C(?:T(?:E(?:D(?::[a-z0-9-]*)?)?)?)?)?)?)?)?)?$/;
/** A fragment this long at the cut is dropped rather than kept as half a word. */
const MAX_DROPPED_FRAGMENT = 200;

/**
 * Redacts, then shortens to at most `max` characters (plus `…`) on a safe boundary: never inside a
 * redaction marker, never leaving half a word (which could be half of a secret the patterns only
 * recognise whole).
 */
export function clip(text: string, max: number): string {
  const clean = redactText(text);
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, max);
  const open = cut.lastIndexOf('[REDACTED:');
  if (open >= 0 && !cut.includes(']', open)) cut = cut.slice(0, open);
  cut = cut.replace(MARKER_START, '');
  const fragment = /[^\s"'`()[\]{}<>,;|&]+$/.exec(cut);
  const midWord = cut.length === max && /^[^\s"'`()[\]{}<>,;|&]/.test(clean.slice(max));
  if (fragment && midWord && fragment[0].length <= MAX_DROPPED_FRAGMENT) cut = cut.slice(0, fragment.index);
  return `${cut}…`;
}
