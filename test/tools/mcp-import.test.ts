// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about the literal ${…} variables of config files
/**
 * Issue 16: importing the MCP configs people already have. One test per format, each with a file of
 * the shape that client documents (test/fixtures/mcp-configs/), judged by what the daemon stored;
 * then hostile files, which must be refused with a stable code and leave nothing stored.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CoworkError,
  McpImportNeeds,
  type McpImportResult,
  type RpcParamsInput,
} from '../../src/contracts/index.js';
import { SecretStore } from '../../src/store/index.js';
import { cowork, type TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const CONFIGS = join(import.meta.dirname, '..', 'fixtures', 'mcp-configs');
const configPath = (...parts: string[]) => join(CONFIGS, ...parts);

let d: TestDaemon;
let c: RpcClient;
beforeAll(async () => {
  const f = await fixture('cowork-mcp-import-').withDaemon().start();
  ({ daemon: d, client: c } = f);
});

/** Every server the daemon has, so each test starts from none. */
afterEach(async () => {
  for (const s of await stored()) await c.result('mcp.remove', { name: s.name });
});

const stored = async () => (await c.result('mcp.list', {})).servers;
const storedByName = async () => new Map((await stored()).map((s) => [s.name, s]));
/**
 * A stored server with its secret values as the secret store holds them: answers show secrets as
 * `[secret]` (every header, and env values that look like keys), so the value imported is read there.
 */
const revealed = async (name: string) => {
  const server = (await storedByName()).get(name)!;
  const secrets = new SecretStore(d.home);
  const open = (kind: 'env' | 'headers', values: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        v === '[secret]' ? secrets.get(`mcp:${name}:${kind}:${k}`) : v,
      ]),
    );
  return { ...server, env: open('env', server.env), headers: open('headers', server.headers) };
};

type ImportParams = Omit<RpcParamsInput<'mcp.import'>, 'text'>;
const importFile = (file: string, extra: ImportParams = {}) =>
  c.result('mcp.import', { text: readFileSync(file, 'utf8'), file, ...extra });
/** The refusal of an import: its stable code, message and details. */
const importError = async (params: RpcParamsInput<'mcp.import'>): Promise<CoworkError> => {
  try {
    await c.result('mcp.import', params);
  } catch (err) {
    if (err instanceof CoworkError) return err;
    throw err;
  }
  throw new Error('expected the import to be refused');
};
const needs = (e: CoworkError) => McpImportNeeds.parse(e.details);
const entry = (r: McpImportResult, source: string) => r.entries.find((e) => e.source === source)!;

describe('one test per format, with the shapes the clients document', () => {
  it('Claude Desktop: names kept or refused with the rule, disabled kept, the rest imported', async () => {
    const r = await importFile(configPath('claude-desktop', 'claude_desktop_config.json'));
    expect(r.format).toBe('claude-desktop');
    const brave = entry(r, 'Brave Search');
    expect(brave).toMatchObject({ status: 'skipped', code: 'INVALID_ARGUMENTS' });
    expect(brave.reason).toMatch(/lower-case letters, digits, - and _/);
    expect(brave.reason).toContain("--rename 'Brave Search=brave-search'");
    expect(entry(r, 'memory')).toMatchObject({ status: 'imported', enabledInSource: false });
    expect(entry(r, 'filesystem')).toMatchObject({ status: 'imported', enabledInSource: true });
    const servers = await storedByName();
    expect([...servers.keys()].sort()).toEqual(['filesystem', 'memory']);
    expect(servers.get('filesystem')).toMatchObject({
      transport: 'stdio',
      command: 'npx',
      args: [
        '-y',
        '@modelcontextprotocol/server-filesystem',
        '/Users/username/Desktop',
        '/Users/username/Downloads',
      ],
      // Off until the person has reviewed its tools, whatever the file said.
      enabled: false,
    });
    expect(servers.get('memory')?.enabled).toBe(false);

    // The person picks the name: only then is it imported, under that name.
    const renamed = await importFile(configPath('claude-desktop', 'claude_desktop_config.json'), {
      rename: { 'Brave Search': 'brave-search' },
    });
    expect(entry(renamed, 'Brave Search')).toMatchObject({ status: 'imported' });
    expect(entry(renamed, 'filesystem')).toMatchObject({ status: 'skipped', code: 'CONFLICT' });
    expect((await storedByName()).get('brave-search')?.env).toEqual({ BRAVE_API_KEY: '[secret]' });
    expect((await revealed('brave-search')).env).toEqual({ BRAVE_API_KEY: 'YOUR_API_KEY_HERE' });
  });

  it("Claude Code .mcp.json: types, headers, ${VAR} and ${VAR:-default} from the importer's environment", async () => {
    const file = configPath('claude-code', '.mcp.json');
    const asked = await importError({ text: readFileSync(file, 'utf8'), file });
    expect(asked.code).toBe('INPUT_REQUIRED');
    expect(needs(asked).env.sort()).toEqual(['AIRTABLE_API_KEY', 'API_BASE_URL', 'API_KEY']);
    expect(await stored()).toEqual([]);

    const r = await importFile(file, {
      env: { API_BASE_URL: null, API_KEY: 'key-123', AIRTABLE_API_KEY: null },
    });
    expect(r.format).toBe('claude-code');
    // A variable the importer does not have, with no default: that entry alone is refused.
    expect(entry(r, 'airtable')).toMatchObject({ status: 'skipped', code: 'INVALID_ARGUMENTS' });
    expect(entry(r, 'airtable').reason).toContain('AIRTABLE_API_KEY');
    const servers = await storedByName();
    expect(await revealed('api-server')).toMatchObject({
      transport: 'http',
      url: 'https://api.example.com/mcp',
      headers: { Authorization: 'Bearer key-123' },
    });
    expect(servers.get('asana')).toMatchObject({ transport: 'sse', url: 'https://mcp.asana.com/sse' });
    expect(servers.get('shared-server')).toMatchObject({ transport: 'stdio', command: '/path/to/server' });
  });

  it('Claude Code ~/.claude.json: the user servers and each project, a name twice refused', async () => {
    const r = await importFile(configPath('claude-code', '.claude.json'));
    expect(r.format).toBe('claude-code');
    expect(r.entries.map((e) => [e.source, e.status])).toEqual([
      ['sequential-thinking', 'imported'],
      ['playwright', 'imported'],
      ['sequential-thinking', 'skipped'],
    ]);
    expect(r.entries[2]).toMatchObject({ code: 'CONFLICT', notes: ['from project /home/user/code/webapp.'] });
    expect((await storedByName()).get('playwright')).toMatchObject({
      command: 'npx',
      args: ['@playwright/mcp@latest'],
    });
  });

  it('VS Code .vscode/mcp.json: comments, inputs asked for, ${workspaceFolder}, passwords never shown back', async () => {
    const file = configPath('vscode', '.vscode', 'mcp.json');
    const workspaceFolder = configPath('vscode');
    const rename = { Perplexity: 'perplexity' };
    const asked = await importError({ text: readFileSync(file, 'utf8'), file, workspaceFolder, rename });
    expect(asked.code).toBe('INPUT_REQUIRED');
    expect(needs(asked).inputs).toEqual([
      { id: 'perplexity-key', description: 'Perplexity API Key', password: true },
      { id: 'region', description: 'Region', password: false, default: 'eu', options: ['eu', 'us'] },
    ]);
    expect(await stored()).toEqual([]);
    const wrongPick = await importFile(file, {
      workspaceFolder,
      rename,
      inputs: { 'perplexity-key': 'pplx-secret', region: 'mars' },
    });
    expect(entry(wrongPick, 'Perplexity')).toMatchObject({ status: 'skipped' });
    for (const s of await stored()) await c.result('mcp.remove', { name: s.name });

    const r = await importFile(file, {
      workspaceFolder,
      rename,
      inputs: { 'perplexity-key': 'pplx-secret', region: 'us' },
    });
    expect(r.format).toBe('vscode');
    expect(r.entries.every((e) => e.status === 'imported')).toBe(true);
    expect(JSON.stringify(r)).not.toContain('pplx-secret');
    expect(entry(r, 'filesystem').notes).toEqual(['"cwd" is not carried over.']);
    const servers = await storedByName();
    expect(servers.get('filesystem')?.args).toEqual([
      '-y',
      '@modelcontextprotocol/server-filesystem',
      workspaceFolder,
    ]);
    expect(servers.get('perplexity')?.env['REGION']).toBe('us');
    expect(servers.get('github')).toMatchObject({
      transport: 'http',
      url: 'https://api.githubcopilot.com/mcp/',
    });
    expect(servers.get('fetch')).toMatchObject({ command: 'uvx', args: ['mcp-server-fetch'] });
  });

  it('Cursor .cursor/mcp.json: sse stays SSE, headers kept, ${env:…} and ${userHome} expanded', async () => {
    const file = configPath('cursor', '.cursor', 'mcp.json');
    const r = await importFile(file, {
      workspaceFolder: '/work/project',
      userHome: '/home/person',
      env: { HOME: '/home/person', REMOTE_API_KEY: 'remote-key' },
    });
    expect(r.format).toBe('cursor');
    expect(r.entries.every((e) => e.status === 'imported')).toBe(true);
    expect(entry(r, 'streaming').enabledInSource).toBe(false);
    const servers = await storedByName();
    expect(servers.get('local-tools')).toMatchObject({
      args: ['/home/person/tools/server.js', '/work/project'],
      env: { PROJECT_HOME: '/home/person' },
    });
    expect(await revealed('remote-server')).toMatchObject({
      transport: 'http',
      headers: { API_KEY: 'remote-key' },
    });
    expect(servers.get('legacy-sse')).toMatchObject({ transport: 'sse', url: 'http://localhost:3001/sse' });
    expect(servers.get('streaming')).toMatchObject({ transport: 'http', enabled: false });
  });

  it('goose config.yaml: extensions with cmd/envs/env_keys/timeout, built-ins skipped, enabled kept', async () => {
    const file = configPath('goose', 'config.yaml');
    const asked = await importError({ text: readFileSync(file, 'utf8'), file });
    expect(needs(asked).env).toEqual(['GITHUB_PERSONAL_ACCESS_TOKEN']);
    const r = await importFile(file, { env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_fromshell' } });
    expect(r.format).toBe('goose');
    expect(entry(r, 'developer')).toMatchObject({ status: 'skipped', code: 'INVALID_ARGUMENTS' });
    expect(entry(r, 'developer').reason).toMatch(/runs inside goose/);
    expect(entry(r, 'github')).toMatchObject({ status: 'imported', enabledInSource: false });
    const servers = await storedByName();
    expect(servers.get('github')).toMatchObject({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      callTimeoutMs: 300_000,
    });
    expect(servers.get('memory')?.env).toEqual({
      MEMORY_FILE_PATH: '/home/user/.local/share/goose/memory.json',
    });
    expect(await revealed('remote')).toMatchObject({
      transport: 'http',
      url: 'http://localhost:8000/mcp',
      headers: { 'X-Api-Key': 'abc123' },
      callTimeoutMs: 120_000,
    });
    expect(servers.get('legacy')).toMatchObject({ transport: 'sse' });
  });
});

describe('hostile files: a stable code, nothing stored', () => {
  const refused = async (text: string, code: string, message: RegExp, file?: string) => {
    const e = await importError({ text, ...(file ? { file } : {}) });
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(await stored()).toEqual([]);
  };

  it('not JSON, not a config, a list', async () => {
    await refused('{"mcpServers": {"a": {"command": "x"}', 'INVALID_ARGUMENTS', /not valid JSON/);
    await refused('{"hello": 1}', 'INVALID_ARGUMENTS', /Not an MCP configuration/);
    await refused('[1, 2]', 'INVALID_ARGUMENTS', /top level is not an object/);
    await refused(
      '{"servers": [1]}',
      'INVALID_ARGUMENTS',
      /"servers" is not an object/,
      '/p/.vscode/mcp.json',
    );
    await refused('extensions: [\n', 'INVALID_ARGUMENTS', /not valid YAML/, '/h/.config/goose/config.yaml');
  });

  it('a YAML alias bomb is refused before it expands', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    await refused(
      `${bomb.join('\n')}\nextensions: {}\n`,
      'INVALID_ARGUMENTS',
      /not valid YAML/,
      '/h/goose/config.yaml',
    );
  });

  it('prototype keys anywhere, in JSON and YAML; own-key lookups only', async () => {
    await refused('{"mcpServers": {"__proto__": {"command": "x"}}}', 'INVALID_ARGUMENTS', /__proto__/);
    await refused(
      '{"mcpServers": {"a": {"command": "x", "env": {"__proto__": {"polluted": "1"}}}}}',
      'INVALID_ARGUMENTS',
      /mcpServers\.a\.env/,
    );
    await refused(
      'extensions:\n  a:\n    __proto__: { cmd: x }\n',
      'INVALID_ARGUMENTS',
      /__proto__/,
      '/h/goose/config.yaml',
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // `${env:constructor}` is not Object.prototype.constructor: it is asked for like any variable.
    const e = await importError({
      text: '{"mcpServers": {"a": {"command": "${env:constructor}"}}}',
      format: 'cursor',
    });
    expect(e.code).toBe('INPUT_REQUIRED');
    expect(needs(e).env).toEqual(['constructor']);
  });

  it('wrong types refuse that entry (named field), the rest is imported whole', async () => {
    const r = await c.result('mcp.import', {
      text: JSON.stringify({
        mcpServers: {
          args: { command: 'npx', args: 'not-a-list' },
          env: { command: 'npx', env: { N: 5 } },
          type: { type: 'websocket', url: 'ws://x' },
          url: { url: 'not a url' },
          nothing: {},
          ok: { command: 'npx', args: ['-y', 'ok-server'] },
        },
      }),
    });
    expect(r.entries.map((e) => [e.source, e.status, e.code])).toEqual([
      ['args', 'skipped', 'INVALID_ARGUMENTS'],
      ['env', 'skipped', 'INVALID_ARGUMENTS'],
      ['type', 'skipped', 'INVALID_ARGUMENTS'],
      ['url', 'skipped', 'INVALID_ARGUMENTS'],
      ['nothing', 'skipped', 'INVALID_ARGUMENTS'],
      ['ok', 'imported', undefined],
    ]);
    expect(entry(r, 'args').reason).toBe('"args" must be a list of strings.');
    // An input only VS Code can answer refuses the entries that use it, not the file.
    const vs = await c.result('mcp.import', {
      format: 'vscode',
      text: JSON.stringify({
        inputs: [{ type: 'command', id: 'pick', command: 'extension.pickFolder' }],
        servers: { picked: { command: 'npx', args: ['${input:pick}'] }, plain: { command: 'npx' } },
      }),
    });
    expect(entry(vs, 'picked')).toMatchObject({ status: 'skipped', code: 'INVALID_ARGUMENTS' });
    expect(entry(vs, 'picked').reason).toMatch(/only VS Code can answer/);
    expect(entry(vs, 'plain').status).toBe('imported');
    await c.result('mcp.remove', { name: 'plain' });
    expect(entry(r, 'env').reason).toBe('"env.N" must be a string, not number.');
    expect((await stored()).map((s) => s.name)).toEqual(['ok']);
  });

  it('a 50 MB file is refused by the CLI before it is read or sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cowork-big-config-'));
    try {
      const big = join(dir, 'claude_desktop_config.json');
      writeFileSync(big, `{"mcpServers": {"a": {"command": "${'x'.repeat(50 * 1024 * 1024)}"}}}`);
      const r = await cowork(['--home', d.home, 'mcp', 'import', big]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('PAYLOAD_TOO_LARGE');
      // Over RPC the contract bounds the text too (and the frame limit before it).
      const e = await importError({
        text: `{"mcpServers": {"a": {"command": "${'x'.repeat(600 * 1024)}"}}}`,
      });
      expect(e.code).toBe('INVALID_ARGUMENTS');
      expect(await stored()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cowork mcp import', () => {
  it('detects the format, sends only the variables the file names, takes --input', async () => {
    const r = await cowork(['--home', d.home, 'mcp', 'import', configPath('cursor', '.cursor', 'mcp.json')], {
      REMOTE_API_KEY: 'from-the-shell',
      UNRELATED_SECRET: 'never-sent',
    });
    expect(r.stderr).toContain('imported remote-server');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as McpImportResult;
    expect(result.format).toBe('cursor');
    const servers = await storedByName();
    expect((await revealed('remote-server')).headers).toEqual({ API_KEY: 'from-the-shell' });
    // The workspace is the folder holding .cursor/.
    expect(servers.get('local-tools')?.args[1]).toBe(configPath('cursor'));
    expect(JSON.stringify([...servers.values()])).not.toContain('never-sent');

    const vs = await cowork([
      '--home',
      d.home,
      'mcp',
      'import',
      configPath('vscode', '.vscode', 'mcp.json'),
      '--rename',
      'Perplexity=perplexity',
      '--input',
      'perplexity-key=k',
      '--input',
      'region=eu',
    ]);
    expect(vs.code).toBe(0);
    expect((await storedByName()).get('filesystem')?.args[2]).toBe(configPath('vscode'));
  });

  it('without --input and no terminal: INPUT_REQUIRED naming the flags, nothing stored', async () => {
    const r = await cowork([
      '--home',
      d.home,
      'mcp',
      'import',
      configPath('vscode', '.vscode', 'mcp.json'),
      '--rename',
      'Perplexity=perplexity',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('INPUT_REQUIRED');
    expect(r.stderr).toContain('--input perplexity-key=');
    expect(await stored()).toEqual([]);
  });

  it('without FILE: lists the config files found in the known places', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cowork-fake-home-'));
    try {
      const cursorDir = join(home, '.cursor');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(cursorDir);
      writeFileSync(join(cursorDir, 'mcp.json'), '{"mcpServers": {}}');
      const r = await cowork(['--home', d.home, 'mcp', 'import'], {
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
      });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).found).toEqual([{ file: join(cursorDir, 'mcp.json'), format: 'cursor' }]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
