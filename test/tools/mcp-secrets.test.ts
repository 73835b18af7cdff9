/**
 * An MCP server's secrets stay out of Cowork's database and out of every answer: env values that
 * look like secrets go to the secret store, the row and `mcp list` show them masked, and the server
 * still gets the real value when it starts.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ToolResult } from '../../src/contracts/index.js';
import { homePaths, SecretStore } from '../../src/store/index.js';
import { onCleanup } from '../helpers/cleanup.js';
import { cowork, type TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { fixtureServer, freePort, nodeServer } from '../helpers/mcp-servers.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const ENV_SERVER = fixtureServer('mcp-env-server');
const TOKEN = `ghp_${'Zq7'.repeat(12)}`;
/** A secret by its value's shape alone: the name says nothing. */
const SHAPED = `sk-proj-${'Ab3'.repeat(10)}`;

const API_KEY = `key-${'Wv9'.repeat(8)}`;

let d: TestDaemon;
let c: RpcClient;

beforeAll(async () => {
  ({ daemon: d, client: c } = await fixture('cowork-mcp-secrets-').withDaemon().start());
});

/** Every file under the daemon's home that holds `needle` as plain bytes. */
function filesHolding(needle: string, dir = d.home): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return filesHolding(needle, path);
    return readFileSync(path).includes(needle) ? [path] : [];
  });
}

const text = (r: ToolResult) => r.content.map((p) => (p.type === 'text' ? p.text : '')).join('');

async function envOf(server: string, name: string, client = c): Promise<string> {
  const args = { name: `mcp:${server}:env`, arguments: { name }, wait: false };
  const first = await client.result('tools.call', args);
  // The same call approved before (an earlier test) may run without asking again.
  if (first.success) return text(first);
  const approvalId = first.error?.details?.['approvalId'] as string;
  if (!approvalId) throw new Error(JSON.stringify(first.error));
  await client.result('approvals.decide', { id: approvalId, status: 'approved' });
  return text(await client.result('tools.call', { ...args, approvalId }));
}

describe('MCP server secrets', () => {
  it('keeps secret env values out of the database and every answer, and gives them to the server', async () => {
    const added = await c.result('mcp.add', {
      name: 'envy',
      transport: 'stdio',
      command: process.execPath,
      args: [ENV_SERVER],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN, OPENAI: SHAPED, LOG_LEVEL: 'debug' },
    });
    expect(added.env).toEqual({
      GITHUB_PERSONAL_ACCESS_TOKEN: '[secret]',
      OPENAI: '[secret]',
      LOG_LEVEL: 'debug',
    });
    const { servers } = await c.result('mcp.list', {});
    expect(servers.find((s) => s.name === 'envy')?.env).toEqual(added.env);
    const listed = await cowork(['--home', d.home, 'mcp', 'list', '--json']);
    expect(listed.stdout).toContain('GITHUB_PERSONAL_ACCESS_TOKEN');
    expect(listed.stdout).not.toContain(TOKEN);

    // Enabling passes the stored row back through the store: the secret stays where it is.
    await c.result('mcp.enable', { name: 'envy', enabled: true });
    expect(await envOf('envy', 'GITHUB_PERSONAL_ACCESS_TOKEN')).toBe(TOKEN);
    expect(await envOf('envy', 'OPENAI')).toBe(SHAPED);
    expect(await envOf('envy', 'LOG_LEVEL')).toBe('debug');

    // The database (and its WAL), the logs, the audit: no file in the home holds either value.
    expect(filesHolding(TOKEN)).toEqual([]);
    expect(filesHolding(SHAPED)).toEqual([]);
    expect(filesHolding('debug').some((f) => f.includes('cowork.db'))).toBe(true);
  });

  it('refuses a masked value it has nothing stored for, and headers on a stdio server', async () => {
    const r = await c.call('mcp.add', {
      name: 'other',
      transport: 'stdio',
      command: process.execPath,
      args: [ENV_SERVER],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: '[secret]' },
    });
    expect('error' in r && r.error.data.code).toBe('INVALID_ARGUMENTS');
    const headers = await c.call('mcp.add', {
      name: 'other',
      transport: 'stdio',
      command: process.execPath,
      headers: { 'X-Api-Key': API_KEY },
    });
    expect('error' in headers && headers.error.message).toMatch(/Headers are for HTTP servers/);
  });

  it('replacing a secret, dropping one, and removing the server delete them from the secret store', async () => {
    const store = new SecretStore(d.home);
    expect(store.get('mcp:envy:env:OPENAI')).toBe(SHAPED);
    await c.result('mcp.add', {
      name: 'envy',
      transport: 'stdio',
      command: process.execPath,
      args: [ENV_SERVER],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: '[secret]', LOG_LEVEL: 'debug' },
      enabled: true,
    });
    expect(new SecretStore(d.home).get('mcp:envy:env:OPENAI')).toBeUndefined();
    expect(await envOf('envy', 'GITHUB_PERSONAL_ACCESS_TOKEN')).toBe(TOKEN);
    expect((await cowork(['--home', d.home, 'mcp', 'remove', 'envy'])).code).toBe(0);
    expect(new SecretStore(d.home).get('mcp:envy:env:GITHUB_PERSONAL_ACCESS_TOKEN')).toBeUndefined();
  });
});

/** test/fixtures/mcp-apikey-server.mjs on a free port, once it listens. */
async function startApiKeyServer(): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [fixtureServer('mcp-apikey-server'), String(port), API_KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onCleanup(() => void child.kill());
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return `http://127.0.0.1:${port}/mcp`;
}

describe('static headers for HTTP servers', () => {
  it('sends the header with every request, keeps its value in the secret store, shows it masked', async () => {
    const url = await startApiKeyServer();
    const added = await cowork([
      '--home',
      d.home,
      '--json',
      'mcp',
      'add',
      'keyed',
      '--url',
      url,
      '--header',
      `X-Api-Key: ${API_KEY}`,
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout).headers).toEqual({ 'X-Api-Key': '[secret]' });
    expect(added.stdout).not.toContain(API_KEY);

    const info = await c.result('mcp.test', { name: 'keyed' });
    expect(info.tools.map((t) => t.name)).toEqual(['refused']);
    await c.result('mcp.enable', { name: 'keyed', enabled: true });
    const first = await c.result('tools.call', { name: 'mcp:keyed:refused', arguments: {}, wait: false });
    const approvalId = first.error?.details?.['approvalId'] as string;
    await c.result('approvals.decide', { id: approvalId, status: 'approved' });
    const answer = await c.result('tools.call', {
      name: 'mcp:keyed:refused',
      arguments: {},
      wait: false,
      approvalId,
    });
    // initialize, the tool lists and the call: none came without the key.
    expect(text(answer)).toBe('refused 0');
    expect(filesHolding(API_KEY)).toEqual([]);

    // The same server without the header is refused: the header is what let Cowork in.
    await c.result('mcp.add', { name: 'keyless', transport: 'http', url });
    const r = await c.call('mcp.test', { name: 'keyless' });
    expect('error' in r && r.error.message).toMatch(
      /did not start: .*401[\s\S]*Hint: .*--header "Name: value"/,
    );
  });
});

describe('servers added before secrets moved out', () => {
  it('are sealed on the next start: the old row no longer holds the token, the server still gets it', async () => {
    const f = await fixture('cowork-mcp-old-rows-').withDaemon().start();
    const old = `ghp_${'Ol5'.repeat(12)}`;
    await f.client.result('mcp.add', nodeServer('legacy', ENV_SERVER));
    const { client } = await f.restart({
      whileStopped: () => {
        // What an older Cowork wrote: the value in the row itself.
        const db = new BetterSqlite3(homePaths(f.daemon.home).database);
        const row = JSON.parse(
          db.prepare("SELECT config FROM mcp_servers WHERE name = 'legacy'").pluck().get() as string,
        );
        row.env = { GITHUB_TOKEN: old };
        row.enabled = true;
        db.prepare("UPDATE mcp_servers SET config = ? WHERE name = 'legacy'").run(JSON.stringify(row));
        db.close();
        expect(filesHolding(old, f.daemon.home).length).toBeGreaterThan(0);
      },
    });
    const { servers } = await client.result('mcp.list', {});
    expect(servers[0]?.env).toEqual({ GITHUB_TOKEN: '[secret]' });
    expect(filesHolding(old, f.daemon.home)).toEqual([]);
    expect(await envOf('legacy', 'GITHUB_TOKEN', client)).toBe(old);
  });
});
