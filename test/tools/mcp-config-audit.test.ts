/**
 * Every change to an MCP server's configuration — add, enable, disable, import, remove — is in the
 * audit chain, saying what changed, with its secrets masked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { fixtureServer } from '../helpers/mcp-servers.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const TOKEN = `ghp_${'Mk4'.repeat(12)}`;
const IMPORTED_KEY = `sk-ant-${'Qx2'.repeat(10)}`;
const READER = fixtureServer('mcp-reader-server');

let c: RpcClient;

beforeAll(async () => {
  ({ client: c } = await fixture('cowork-mcp-audit-').withDaemon().start());
});

describe('MCP configuration audit', () => {
  it('records each change with what changed, secrets masked, in a chain that verifies', async () => {
    const server = { name: 'gh', transport: 'stdio' as const, command: process.execPath, args: [READER] };
    await c.result('mcp.add', { ...server, env: { GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN } });
    await c.result('mcp.enable', { name: 'gh', enabled: true });
    await c.result('mcp.enable', { name: 'gh', enabled: false });
    await c.result('mcp.import', {
      text: JSON.stringify({
        mcpServers: { fromfile: { command: 'npx', args: ['-y', 'some-server'], env: { KEY: IMPORTED_KEY } } },
      }),
    });
    const renewed = `ghp_${'Nw8'.repeat(12)}`;
    await c.result('mcp.add', {
      ...server,
      args: [READER, '--verbose'],
      hosts: ['api.github.com'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: renewed },
    });
    await c.result('mcp.remove', { name: 'gh' });

    const { entries } = await c.result('audit.read', { after: 0, limit: 1000 });
    const changes = entries.filter((e) => /^mcp\.(add|enable|disable|import|remove)$/.test(e.action));
    expect(changes.map((e) => [e.action, e.target.split(':')[0]])).toEqual([
      ['mcp.add', 'gh'],
      ['mcp.enable', 'gh'],
      ['mcp.disable', 'gh'],
      ['mcp.import', 'fromfile'],
      ['mcp.add', 'gh'],
      ['mcp.remove', 'gh'],
    ]);
    const [added, enabled, disabled, imported, edited, removed] = changes.map((e) => e.target);
    expect(added).toMatch(/^gh: added; /);
    // Masked by the store, or (its name says secret) by the audit log's own redaction on top.
    expect(added).toMatch(/"GITHUB_PERSONAL_ACCESS_TOKEN":"\[(?:secret|REDACTED:[a-z-]+)\]"/);
    expect(enabled).toBe('gh: enabled false → true');
    expect(disabled).toBe('gh: enabled true → false');
    expect(imported).toMatch(/^fromfile: added; .*command "npx"; args \["-y","some-server"\]/);
    expect(imported).toContain('"KEY":"[secret]"');
    expect(edited).toContain('hosts [] → ["api.github.com"]');
    expect(edited).toContain('--verbose');
    // The token was replaced: masked both times, so the entry says so in words.
    expect(edited).toContain('new value for env GITHUB_PERSONAL_ACCESS_TOKEN');
    expect(edited).not.toContain('env {');
    expect(edited).not.toContain(renewed);
    expect(removed).toMatch(/^gh: removed \(was .*api\.github\.com/);
    for (const e of changes) {
      expect(e).toMatchObject({ actor: 'user', phase: 'result', decision: 'allow' });
      expect(e.target).not.toContain(TOKEN);
      expect(e.target).not.toContain(IMPORTED_KEY);
    }
    expect(await c.result('audit.verify', {})).toMatchObject({ ok: true });
  });
});
