import { invalidEntry } from './entry-refusal.js';
import { field, isObject, notCarriedOver } from './fields.js';
import type { SourceServer } from './source-server.js';

type Transport = SourceServer['transport'];

/** The `type` values a client writes for its servers, in Cowork's transports. */
export type TypeNames = Readonly<Record<string, Transport>>;

const CARRIED = ['type', 'command', 'args', 'env', 'url', 'headers', 'disabled', 'enabled'] as const;

/**
 * One server of the `{command, args, env}` / `{type, url, headers}` shape that Claude Desktop,
 * Claude Code, Cursor and VS Code share. `disabled: true` and `enabled: false` are kept as the
 * source's wish.
 */
export function readServerEntry(value: unknown, types: TypeNames): SourceServer {
  if (!isObject(value)) throw invalidEntry('the entry is not an object.');
  const notes = notCarriedOver(value, CARRIED);
  const type = field.string(value, 'type');
  const url = field.string(value, 'url');
  const command = field.string(value, 'command');
  const transport = type === undefined ? untypedTransport(url, command, notes) : typed(type, types);
  const disabled = field.boolean(value, 'disabled');
  const enabled = field.boolean(value, 'enabled');
  const server: SourceServer = {
    transport,
    command,
    args: field.strings(value, 'args'),
    env: field.stringMap(value, 'env'),
    url,
    headers: field.stringMap(value, 'headers'),
    enabledInSource: disabled !== true && enabled !== false,
    notes,
  };
  if (transport !== 'stdio' && (server.command || server.args?.length))
    notes.push('"command" and "args" are not used by a remote server.');
  return server;
}

function typed(type: string, types: TypeNames): Transport {
  const transport = Object.hasOwn(types, type) ? types[type] : undefined;
  if (!transport) throw invalidEntry(`"type" "${type}" is not one of ${Object.keys(types).join(', ')}.`);
  return transport;
}

/** Without a `type`: a url is a remote server (SSE when its path ends in /sse), else a program. */
function untypedTransport(url: string | undefined, command: string | undefined, notes: string[]): Transport {
  if (url !== undefined) {
    if (!/\/sse\/?(\?|$)/.test(url)) return 'http';
    notes.push('no "type": the url ends in /sse, so it is taken as an SSE server.');
    return 'sse';
  }
  if (command !== undefined) return 'stdio';
  throw invalidEntry('the entry has neither a "command" nor a "url".');
}
