/**
 * Every change to an MCP server's configuration is audited (`mcp.add`, `mcp.enable`,
 * `mcp.disable`, `mcp.import`, `mcp.remove`), saying what changed: the fields that differ, old and
 * new — secrets as the store masks them, and anything else secret-shaped redacted by the audit log.
 */
import type { McpServerConfig } from '../../contracts/index.js';
import type { Enclave } from '../../enclave/index.js';
import type { McpServerStore } from './server-store.js';

const show = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));

/** `name: added; command "npx"; args […]` or `name: enabled false → true` or `name: removed (…)`. */
export function describeChange(
  previous: McpServerConfig | undefined,
  next: McpServerConfig | undefined,
): string {
  const name = (next ?? previous)?.name ?? '?';
  if (!next) return `${name}: removed (was ${show({ ...previous, name: undefined })})`;
  const fields = [...new Set([...Object.keys(previous ?? {}), ...Object.keys(next)])].filter(
    (k) => k !== 'name',
  ) as (keyof McpServerConfig)[];
  const changed = fields
    .filter((k) => show(previous?.[k]) !== show(next[k]))
    .map((k) => (previous ? `${k} ${show(previous[k])} → ${show(next[k])}` : `${k} ${show(next[k])}`));
  return `${name}: ${previous ? '' : 'added; '}${changed.join('; ') || 'unchanged'}`;
}

/** Runs `change` to server `name` and audits what it did to the stored configuration. */
export function auditedChange<T>(
  enclave: Enclave,
  store: McpServerStore,
  action: `mcp.${string}`,
  name: string,
  change: () => T,
): T {
  const previous = store.get(name);
  const result = change();
  const next = store.get(name);
  if (previous || next) enclave.recordConfigChange(action, describeChange(previous, next));
  return result;
}
