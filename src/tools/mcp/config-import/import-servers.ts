import { homedir } from 'node:os';
import {
  CoworkError,
  type McpImportEntry,
  type McpImportNeeds,
  type McpImportParams,
  type McpImportResult,
  McpServerConfig,
  type McpServerConfigInput,
} from '../../../contracts/index.js';
import type { ConfigFormat, RawEntry } from './config-format.js';
import { CONFIG_FORMATS, detectFormat, isYamlFile } from './detect.js';
import { EntryRefusal } from './entry-refusal.js';
import { isObject, type Raw } from './fields.js';
import { parseConfigText } from './parse-text.js';
import { toServerConfig } from './source-server.js';
import { expander, MissingAnswers, type VariableSource } from './variables.js';

/** Where imported servers go: the server store (whose `put` keeps secrets out of its table). */
export interface ImportTarget {
  has(name: string): boolean;
  /** All stored, or none (one transaction). */
  putAll(configs: McpServerConfigInput[]): McpServerConfig[];
}

type Planned = Omit<McpImportEntry, 'server'> & { config?: McpServerConfigInput };

/**
 * Imports another client's MCP config file. Everything is read, checked and expanded first: a
 * file that is not one (not JSON or YAML, the wrong shape, hostile keys) is refused with
 * INVALID_ARGUMENTS, and one whose variables are not all answered with INPUT_REQUIRED (details:
 * McpImportNeeds), both before anything is stored. Then each entry is imported or skipped on its
 * own, with its reason: a name outside the rule is refused, never renamed behind the person's back.
 */
export function importServers(params: McpImportParams, target: ImportTarget): McpImportResult {
  const { doc, format } = readFile(params);
  const missing = new MissingAnswers();
  const src: VariableSource = {
    env: params.env,
    inputs: params.inputs,
    declared: format.inputs?.(doc) ?? new Map(),
    workspaceFolder: params.workspaceFolder,
    userHome: params.userHome ?? homedir(),
  };
  const expand = expander(format.syntax, src, missing);
  const taken = new Set<string>();
  const planned = format
    .entries(doc)
    .map((entry) => plan(entry, format, params.rename, taken, target, expand));
  if (missing.any) {
    const needs: McpImportNeeds = { inputs: [...missing.inputs.values()], env: [...missing.env] };
    throw new CoworkError('INPUT_REQUIRED', describeNeeds(needs), { ...needs });
  }
  const stored = target.putAll(planned.flatMap((p) => (p.config ? [p.config] : [])));
  const entries = planned.map(({ config, ...entry }): McpImportEntry => {
    if (!config) return entry;
    return { ...entry, server: masked(stored.shift()!, missing.secrets) };
  });
  return { format: format.id, entries };
}

function readFile(params: McpImportParams): { doc: Raw; format: ConfigFormat } {
  const yaml = isYamlFile(params.file, params.format) || (!params.format && looksLikeGooseYaml(params.text));
  const doc = parseConfigText(params.text, yaml) as Raw;
  const format = params.format ? CONFIG_FORMATS[params.format] : detectFormat(doc, params.file, params.text);
  if (format.yaml !== yaml) return { doc: parseConfigText(params.text, format.yaml) as Raw, format };
  return { doc, format };
}

/** A goose file given under another name: YAML whose `extensions:` starts a line (JSON has no such line). */
const looksLikeGooseYaml = (text: string) => /^extensions:/m.test(text) && !/^\s*[{[]/.test(text);

function plan(
  entry: RawEntry,
  format: ConfigFormat,
  rename: Record<string, string>,
  taken: Set<string>,
  target: ImportTarget,
  expand: (v: string) => string,
): Planned {
  const base = {
    source: entry.name,
    enabledInSource: wantsOn(entry.value),
    notes: entry.from ? [`from ${entry.from}.`] : [],
  };
  try {
    const name = Object.hasOwn(rename, entry.name) ? rename[entry.name]! : entry.name;
    checkName(entry.name, name);
    if (taken.has(name))
      throw new EntryRefusal(
        'CONFLICT',
        `another entry of this file is already imported as "${name}": import this one with --rename.`,
      );
    if (target.has(name))
      throw new EntryRefusal(
        'CONFLICT',
        `a server named "${name}" is already configured: remove it first, or import this one with --rename.`,
      );
    const server = format.read(entry.value);
    const config = toServerConfig(name, server, expand);
    taken.add(name);
    return {
      ...base,
      status: 'imported',
      enabledInSource: server.enabledInSource,
      notes: [...base.notes, ...server.notes],
      config,
    };
  } catch (err) {
    if (!(err instanceof EntryRefusal)) throw err;
    return { ...base, status: 'skipped', code: err.code, reason: err.message };
  }
}

/** What every client writes for "off": `disabled: true` (Claude, Cursor, Cline) or `enabled: false` (goose). */
function wantsOn(value: unknown): boolean {
  return !isObject(value) || (value['disabled'] !== true && value['enabled'] !== false);
}

const NAME = McpServerConfig.shape.name;

function checkName(source: string, name: string): void {
  const checked = NAME.safeParse(name);
  if (checked.success) return;
  const rule = checked.error.issues[0]?.message ?? 'it does not fit the name rule';
  const suggestion = source
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, 64);
  throw new EntryRefusal(
    'INVALID_ARGUMENTS',
    `the name "${name}" does not fit the rule (${rule}, at most 64, starting with a letter or digit): rename it in the file, or import with --rename '${source}=${suggestion || 'NAME'}'.`,
  );
}

/** The stored server as shown back: answers to password inputs are never echoed. */
function masked(server: McpServerConfig, secrets: Set<string>): McpServerConfig {
  if (secrets.size === 0) return server;
  const hide = (m: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(m).map(([k, v]) => [k, [...secrets].some((s) => v.includes(s)) ? '********' : v]),
    );
  return { ...server, env: hide(server.env), ...(server.headers ? { headers: hide(server.headers) } : {}) };
}

function describeNeeds(needs: McpImportNeeds): string {
  const parts = [
    ...(needs.inputs.length > 0 ? [`answers to ${needs.inputs.map((i) => i.id).join(', ')}`] : []),
    ...(needs.env.length > 0 ? [`the environment variables ${needs.env.join(', ')}`] : []),
  ];
  return `The file needs ${parts.join(' and ')} before it can be imported.`;
}
