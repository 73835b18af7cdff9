/**
 * A server stopped and started again right away (`mcp.add` over an existing one, disable then
 * enable, a start-stop loop) runs as one process: the old process's late close used to land on the
 * new connection, which was dropped and started a second time, the first left running.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { fixtureServer } from '../helpers/mcp-servers.js';

describe('a stdio server restarted at once', () => {
  it('starts one process per start, however soon after a stop', async () => {
    const { client: c } = await fixture('cowork-mcp-restart-').withDaemon().start();
    const server = { name: 'probe', transport: 'stdio' as const, command: process.execPath };
    await c.result('mcp.add', { ...server, args: [fixtureServer('mcp-probe-server')], enabled: true });
    const rounds = 4;
    for (let i = 0; i < rounds; i++) {
      await c.result('mcp.test', { name: 'probe' });
      await c.result('mcp.enable', { name: 'probe', enabled: false });
      await c.result('mcp.enable', { name: 'probe', enabled: true });
    }
    await c.result('mcp.test', { name: 'probe' });
    const { entries } = await c.result('audit.read', { after: 0, limit: 5000 });
    expect(entries.filter((e) => e.action === 'mcp.start')).toHaveLength(rounds + 1);
  }, 60_000);
});
