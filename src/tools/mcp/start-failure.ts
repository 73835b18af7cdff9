/**
 * Why a server did not start, in words the person can act on: what the process itself said (its
 * stderr tail), how it ended (exit code or signal), and a hint when the cause is a common one — a
 * program missing in the sandbox, no network, a package the registry does not know, a slow start.
 */
import { basename } from 'node:path';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { CoworkError, type McpGrant, type McpServerConfig } from '../../contracts/index.js';
import { redactText } from '../../enclave/index.js';
import type { ProcessEnd } from './sandboxed-stdio-transport.js';

/** Programs that fetch the server's package before running it. */
const LAUNCHERS = new Set(['npx', 'pnpm', 'bunx', 'uvx', 'pipx', 'docker', 'uv', 'bun', 'yarn']);

const HINTS: [RegExp, (config: McpServerConfig) => string][] = [
  [
    /E404|404 Not Found|is not in (?:this|the npm) registry|No matching (?:distribution|version)|Could not find a version|No solution found/i,
    () => 'the package registry does not know this package or version: check its name.',
  ],
  [
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|ETIMEDOUT|getaddrinfo|network|Failed to fetch|proxy/i,
    (config) =>
      `it could not reach the network: a server reaches only the hosts listed for it (${config.hosts.length ? config.hosts.join(', ') : 'none'}); one that downloads its package (npx, uvx…) needs its registry's host.`,
  ],
  [
    /command not found|execvp|No such file or directory|ENOENT|not found/i,
    (config) =>
      `"${config.command}" or a program it runs was not found in the sandbox: is its runtime (node, python, uv, docker…) installed? A program outside the usual folders needs its absolute path.`,
  ],
];

/** How much of the stderr tail goes into the message (and the events that carry it). */
const STDERR_CHARS = 2000;

/** The end of `text`, from a line start when it had to be cut (redacted first: no half secrets). */
function lastChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(-max);
  return `…${cut.includes('\n') ? cut.slice(cut.indexOf('\n')) : cut}`;
}

export function startFailure(
  name: string,
  config: McpServerConfig,
  err: unknown,
  timeoutMs: number,
  end: ProcessEnd | undefined,
  /** Paths on its command line that were offered as grants and not taken (not mounted). */
  offered: readonly McpGrant[] = [],
): CoworkError {
  const timedOut = err instanceof McpError && err.code === ErrorCode.RequestTimeout;
  const exit = end?.exit;
  const stderr = lastChars(redactText((end?.stderrTail ?? []).join('\n')), STDERR_CHARS);
  const what = timedOut
    ? `it did not answer within ${timeoutMs} ms`
    : exit
      ? `it exited before it answered (${exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`})`
      : withCause(err);
  const missing = offered.find((g) => stderr.includes(g.path));
  const hint = missing
    ? `${missing.path} is on its command line but not granted to it: \`cowork mcp enable ${name} --grant-offered\` grants it read-only (or --grant it with mcp add).`
    : config.transport === 'stdio'
      ? hintFor(config, `${stderr}\n${exit?.code === 127 ? 'command not found' : ''}`, timedOut)
      : httpHint(config, what, timedOut);
  const message = [
    `MCP server "${name}" did not start: ${what}.`,
    stderr && `Its stderr:\n${stderr}`,
    hint && `Hint: ${hint}`,
  ]
    .filter(Boolean)
    .join('\n');
  return new CoworkError('UNAVAILABLE', message, {
    server: name,
    ...(exit ? { exitCode: exit.code, signal: exit.signal } : {}),
    timedOut,
  });
}

/** `fetch failed` says nothing: its cause (`connect ECONNREFUSED …`, `getaddrinfo ENOTFOUND …`) does. */
function withCause(err: unknown): string {
  const { message, cause } = err as Error & { cause?: { message?: string; code?: string } };
  const why = cause?.message ?? cause?.code;
  return why && !message.includes(why) ? `${message} (${why})` : String(message);
}

/** HTTP servers are reached by the daemon itself: no sandbox, no host list in the way. */
function httpHint(config: McpServerConfig, what: string, timedOut: boolean): string | undefined {
  const host = config.url ? new URL(config.url).host : 'its host';
  if (/ECONNREFUSED/.test(what)) return `nothing listens at ${host}: is the server running, on that port?`;
  if (/ENOTFOUND|EAI_AGAIN/.test(what)) return `${host} does not resolve: check the URL (and the network).`;
  if (/\b40[13]\b/.test(what))
    return 'the server refused Cowork: an API key goes in a header (mcp add --url URL --header "Name: value").';
  if (/\b404\b/.test(what)) return 'no MCP endpoint at that path: check the URL (often ends in /mcp).';
  return timedOut
    ? 'it accepted the connection but did not answer; raise startTimeoutMs if it is only slow.'
    : undefined;
}

function hintFor(config: McpServerConfig, said: string, timedOut: boolean): string | undefined {
  const known = HINTS.find(([pattern]) => pattern.test(said));
  if (known) return known[1](config);
  if (!timedOut) return undefined;
  return config.command && LAUNCHERS.has(basename(config.command))
    ? `${basename(config.command)} may still be fetching the package: it needs its registry's host in the server's hosts, and a first start can take longer than startTimeoutMs.`
    : 'it may be waiting for something (input, a missing argument); raise startTimeoutMs if it is only slow.';
}
