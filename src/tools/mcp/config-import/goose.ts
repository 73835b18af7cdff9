import { type ConfigFormat, entriesUnder } from './config-format.js';
import { EntryRefusal, invalidEntry } from './entry-refusal.js';
import { field, isObject, notCarriedOver } from './fields.js';
import { type SourceServer, timeoutFromSeconds } from './source-server.js';

const TRANSPORTS = { stdio: 'stdio', sse: 'sse', streamable_http: 'http' } as const;
/** Extensions that run inside goose itself: nothing to start from Cowork. */
const IN_GOOSE = ['builtin', 'platform', 'frontend', 'inline_python'];
/** Fields that describe the extension to goose's UI only. */
const DESCRIPTIVE = ['name', 'display_name', 'description', 'bundled'];
const CARRIED = [
  'type',
  'cmd',
  'args',
  'envs',
  'env_keys',
  'uri',
  'headers',
  'enabled',
  'timeout',
  ...DESCRIPTIVE,
];

/**
 * goose's `~/.config/goose/config.yaml`: `extensions: {id: {type, cmd, args, envs, env_keys,
 * uri, headers, enabled, timeout}}` with `type: stdio|sse|streamable_http`. `env_keys` name
 * variables goose keeps in its keyring: their values come from the importer's environment.
 */
export const goose: ConfigFormat = {
  id: 'goose',
  syntax: 'goose',
  yaml: true,
  entries: (doc) => entriesUnder(doc, 'extensions', 'goose'),
  read(value) {
    if (!isObject(value)) throw invalidEntry('the extension is not an object.');
    const type = field.string(value, 'type');
    if (type && IN_GOOSE.includes(type))
      throw new EntryRefusal(
        'INVALID_ARGUMENTS',
        `a goose ${type} extension runs inside goose; there is no server to import.`,
      );
    const transport =
      type && Object.hasOwn(TRANSPORTS, type) ? TRANSPORTS[type as keyof typeof TRANSPORTS] : undefined;
    if (!transport)
      throw invalidEntry(
        `"type" ${type ? `"${type}"` : '(missing)'} is not one of ${Object.keys(TRANSPORTS).join(', ')}.`,
      );
    const notes = notCarriedOver(value, CARRIED);
    const env = { ...field.stringMap(value, 'envs') };
    // Written so that the expander asks the importer for them, like Cursor's ${env:NAME}.
    for (const key of field.strings(value, 'env_keys') ?? []) env[key] ??= `\${env:${key}}`;
    const server: SourceServer = {
      transport,
      command: field.string(value, 'cmd'),
      args: field.strings(value, 'args'),
      env,
      url: field.string(value, 'uri'),
      headers: field.stringMap(value, 'headers'),
      callTimeoutMs: timeoutFromSeconds(field.number(value, 'timeout'), notes),
      enabledInSource: field.boolean(value, 'enabled') !== false,
      notes,
    };
    return server;
  },
};
