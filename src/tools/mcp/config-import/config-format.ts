import { CoworkError, type McpConfigFormat } from '../../../contracts/index.js';
import { isObject, type Raw } from './fields.js';
import type { SourceServer } from './source-server.js';
import type { InputSpec, VariableSyntax } from './variables.js';

/** One server of a file, before it is read: its name there and its raw value. */
export interface RawEntry {
  name: string;
  value: unknown;
  /** Where in the file it was, when a file has more than one list (Claude Code's projects). */
  from?: string;
}

/** A declared input Cowork cannot answer (VS Code's `command` inputs). */
export interface UnsupportedInput {
  unsupported: string;
}

/** One client's config file: where its servers are, how one reads, which `${…}` it fills in. */
export interface ConfigFormat {
  id: McpConfigFormat;
  syntax: VariableSyntax;
  yaml: boolean;
  /** The file's servers. Throws INVALID_ARGUMENTS when the file does not have them where this client keeps them. */
  entries(doc: Raw): RawEntry[];
  /** One server in Cowork's terms; throws EntryRefusal for that entry alone. */
  read(value: unknown): SourceServer;
  /** The file's declared inputs (VS Code). */
  inputs?(doc: Raw): Map<string, InputSpec | UnsupportedInput>;
}

/** The entries of `doc[key]`, which must be an object of servers. */
export function entriesUnder(doc: Raw, key: string, client: string, from?: string): RawEntry[] {
  const servers = doc[key];
  if (!isObject(servers))
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `Not a ${client} MCP configuration: "${key}" is not an object of servers.`,
    );
  return Object.entries(servers).map(([name, value]) => ({ name, value, ...(from ? { from } : {}) }));
}
