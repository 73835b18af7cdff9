/**
 * Every change to an MCP server's configuration is audited (`mcp.add`, `mcp.enable`,
 * `mcp.disable`, `mcp.import`, `mcp.remove`), saying what changed: the fields that differ, old and
 * new — secrets as the store masks them (and which were given a new value), and anything else
 * secret-shaped redacted by the audit log.
 */
import type { McpServerConfig, McpServerConfigInput } from '../../contracts/index.js';
import type { Enclave } from '../../enclave/index.js';
import { MASKED } from './server-secrets.js';
import type { McpServerStore } from './server-store.js';

const show = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));

/**
 * `name: added; command "npx"; args […]`, `name: enabled false → true`, `name: new value for env
 * GITHUB_TOKEN` or `name: removed (…)`. `written` names the secrets the change gave a value.
 */
export function describeChange(
  previous: McpServerConfig | undefined,
  next: McpServerConfig | undefined,
  written: string[] = [],
): string {
  const name = (next ?? previous)?.name ?? '?';
  if (!next) return `${name}: removed (was ${show({ ...previous, name: undefined })})`;
  const fields = [...new Set([...Object.keys(previous ?? {}), ...Object.keys(next)])].filter(
    (k) => k !== 'name',
  ) as (keyof McpServerConfig)[];
  const changed = fields
    .filter((k) => show(previous?.[k]) !== show(next[k]))
    .map((k) => (previous ? `${k} ${show(previous[k])} → ${show(next[k])}` : `${k} ${show(next[k])}`));
  // A new token looks like the old one once masked: say that it was replaced, never what it is.
  if (previous) changed.push(...written.map((w) => `new value for ${w}`));
  return `${name}: ${previous ? '' : 'added; '}${changed.join('; ') || 'unchanged'}`;
}

/** The secrets `input` gave a value (they are masked in `saved`): `env GITHUB_TOKEN`, `headers X-Api-Key`. */
function secretsWritten(
  input: McpServerConfigInput | undefined,
  saved: McpServerConfig | undefined,
): string[] {
  if (!input || !saved) return [];
  return (['env', 'headers'] as const).flatMap((kind) =>
    Object.entries(saved[kind])
      .filter(([key, value]) => value === MASKED && input[kind]?.[key] !== MASKED)
      .map(([key]) => `${kind} ${key}`),
  );
}

/**
 * Runs `change` to server `name` (with `input`, when it writes one) and audits what it did — once
 * the change is done, when it is asynchronous (a reconfigure that stops the running server first).
 */
export function auditedChange<T>(
  enclave: Enclave,
  store: McpServerStore,
  action: `mcp.${string}`,
  name: string,
  change: () => T,
  input?: McpServerConfigInput,
): T {
  const previous = store.get(name);
  const audit = () => {
    const next = store.get(name);
    if (previous || next)
      enclave.recordConfigChange(action, describeChange(previous, next, secretsWritten(input, next)));
  };
  const result = change();
  if (!(result instanceof Promise)) {
    audit();
    return result;
  }
  return result.then(
    (value) => {
      audit();
      return value;
    },
    (err: unknown) => {
      audit();
      throw err;
    },
  ) as T;
}
