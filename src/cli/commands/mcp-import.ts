/** `cowork mcp import [FILE] [--input ID=VALUE] [--rename FROM=TO] [--workspace DIR]`. */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import {
  CoworkError,
  MAX_MCP_CONFIG_CHARS,
  type McpImportNeeds,
  type McpImportResult,
} from '../../contracts/index.js';
import { printJson } from '../output.js';
import type { RpcCall } from '../rpc.js';
import { foundConfigs } from './mcp-config-locations.js';

export interface McpImportOptions {
  input?: string[] | undefined;
  rename?: string[] | undefined;
  workspace?: string | undefined;
}

/** With FILE: imports it (the daemon detects its format). Without: lists the config files found. */
export async function mcpImport(
  call: RpcCall,
  file: string | undefined,
  o: McpImportOptions,
): Promise<number> {
  if (file === undefined) {
    const found = foundConfigs(homedir(), process.cwd());
    printJson({ found });
    if (found.length === 0) process.stderr.write('No MCP config files found in the usual places.\n');
    else process.stderr.write('Import one with: cowork mcp import FILE\n');
    return 0;
  }
  const path = resolve(file);
  const params = {
    text: readConfig(path),
    file: path,
    workspaceFolder: o.workspace === undefined ? workspaceOf(path) : resolve(o.workspace),
    userHome: homedir(),
    env: {} as Record<string, string | null>,
    inputs: pairs(o.input, '--input'),
    rename: pairs(o.rename, '--rename'),
  };
  // Asked at most twice: the first answer names what the file needs, the second has it all.
  for (let round = 0; ; round++) {
    try {
      const result = await call('mcp.import', params);
      printJson(result);
      return summarize(result);
    } catch (err) {
      if (!(err instanceof CoworkError) || err.code !== 'INPUT_REQUIRED' || round > 0) throw err;
      const needs = err.details as McpImportNeeds;
      // Only the variables the file names leave this process, never the whole environment.
      for (const name of needs.env) params.env[name] = process.env[name] ?? null;
      Object.assign(params.inputs, await ask(needs.inputs, err.message));
    }
  }
}

/** The file's text; refused before reading when it is bigger than any config file is. */
function readConfig(path: string): string {
  const size = statSync(path).size;
  if (size > MAX_MCP_CONFIG_CHARS)
    throw new CoworkError(
      'PAYLOAD_TOO_LARGE',
      `${path} is ${size} bytes; an MCP config is at most ${MAX_MCP_CONFIG_CHARS}.`,
    );
  return readFileSync(path, 'utf8');
}

/** The project a file belongs to: the folder holding `.vscode/` or `.cursor/`, else its own. */
function workspaceOf(path: string): string {
  const dir = dirname(path);
  return ['.vscode', '.cursor'].includes(basename(dir)) ? dirname(dir) : dir;
}

function pairs(list: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new CoworkError('INVALID_ARGUMENTS', `${flag} takes KEY=VALUE, got "${kv}".`);
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

/** The file's inputs, asked on the terminal (passwords without echo); without one, the flags to pass. */
async function ask(inputs: McpImportNeeds['inputs'], why: string): Promise<Record<string, string>> {
  if (inputs.length === 0) return {};
  if (!process.stdin.isTTY)
    throw new CoworkError(
      'INPUT_REQUIRED',
      `${why} Pass ${inputs.map((i) => `--input ${i.id}=…`).join(' ')}.`,
      { inputs },
    );
  const answers: Record<string, string> = {};
  for (const input of inputs) answers[input.id] = await prompt(input);
  return answers;
}

async function prompt(input: McpImportNeeds['inputs'][number]): Promise<string> {
  // Readline echoes what is typed to its output: for a password that output is muted.
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const hint = input.options ? ` (${input.options.join(', ')})` : input.default ? ` [${input.default}]` : '';
  const question = `${input.description}${hint}: `;
  try {
    if (!input.password) {
      const answer = await rl.question(question);
      return answer === '' && input.default !== undefined ? input.default : answer;
    }
    // The question is written past readline, which would clear it when it redraws the (muted) line.
    process.stdout.write(question);
    muted = true;
    const answer = await rl.question('');
    muted = false;
    process.stdout.write('\n');
    return answer;
  } finally {
    rl.close();
  }
}

/** 1 when the file had servers and none could be imported; each entry says why. */
function summarize(result: McpImportResult): number {
  for (const e of result.entries) {
    const line =
      e.status === 'imported'
        ? `imported ${e.server?.name ?? e.source} (off until you review it: cowork mcp test ${e.server?.name ?? e.source})${e.enabledInSource ? '' : ', off in the source too'}`
        : `skipped ${e.source}: ${e.reason} (${e.code})`;
    process.stderr.write(`${line}\n`);
  }
  const imported = result.entries.filter((e) => e.status === 'imported').length;
  return result.entries.length > 0 && imported === 0 ? 1 : 0;
}
