import { issuesText, McpServerConfig, type McpServerConfigInput } from '../../../contracts/index.js';
import { invalidEntry } from './entry-refusal.js';
import type { Expand } from './variables.js';

/** One entry of any format, in Cowork's terms but not yet expanded or checked. */
export interface SourceServer {
  transport: 'stdio' | 'http' | 'sse';
  command?: string | undefined;
  args?: string[] | undefined;
  env?: Record<string, string> | undefined;
  url?: string | undefined;
  headers?: Record<string, string> | undefined;
  callTimeoutMs?: number | undefined;
  /** What the file wanted (`disabled`, `enabled: false`); the import itself is always off. */
  enabledInSource: boolean;
  notes: string[];
}

/** The stored config: every string expanded, then checked against the contract like `mcp.add`. */
export function toServerConfig(name: string, s: SourceServer, expand: Expand): McpServerConfigInput {
  const map = (m: Record<string, string> | undefined) =>
    m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, expand(v)]));
  const config: McpServerConfigInput = {
    name,
    transport: s.transport,
    ...(s.command === undefined ? {} : { command: expand(s.command) }),
    args: (s.args ?? []).map(expand),
    env: map(s.env) ?? {},
    ...(s.url === undefined ? {} : { url: expand(s.url) }),
    ...(s.headers && Object.keys(s.headers).length > 0 ? { headers: map(s.headers) } : {}),
    ...(s.callTimeoutMs === undefined ? {} : { callTimeoutMs: s.callTimeoutMs }),
    // Imported servers, too, stay off until the person has reviewed their tools.
    enabled: false,
  };
  if (config.transport === 'stdio' && !config.command)
    throw invalidEntry('a stdio server needs a "command".');
  if (config.transport !== 'stdio' && !config.url)
    throw invalidEntry(`a ${config.transport} server needs a "url".`);
  const checked = McpServerConfig.safeParse(config);
  if (!checked.success) throw invalidEntry(issuesText(checked.error, 'the entry'));
  return config;
}

/** Seconds (goose, Cline) as the contract's call timeout, or a note when out of its range. */
export function timeoutFromSeconds(seconds: number | undefined, notes: string[]): number | undefined {
  if (seconds === undefined) return undefined;
  const ms = Math.round(seconds * 1000);
  if (ms >= 100 && ms <= 3_600_000) return ms;
  notes.push(`"timeout" ${seconds} s is outside 0.1 s – 1 h; the default applies.`);
  return undefined;
}
