import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/store/index.js';
import { type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';

let d: TestDaemon;
let c: RpcClient;

beforeAll(async () => {
  ({ daemon: d, client: c } = await fixture().withDaemon().start());
});

const batches = (client: RpcClient) =>
  (client.raw as { method?: string; params?: { entries: LogEntry[]; dropped: number } }[])
    .filter((m) => m.method === 'logs.batch')
    .map((m) => m.params!);

describe('the log stream', () => {
  it('starts with recent entries, filters by level and module, and batches', async () => {
    const { subscriptionId } = await c.result('logs.subscribe', { after: 0 });
    expect(subscriptionId).toBeTruthy();
    await waitUntil(
      async () => batches(c).some((b) => b.entries.some((e) => e.msg === 'daemon started')),
      5000,
    );
    const started = batches(c)
      .flatMap((b) => b.entries)
      .find((e) => e.msg === 'daemon started')!;
    expect(started).toMatchObject({ level: 'info', module: 'daemon', fields: { pid: d.pid } });

    const other = await RpcClient.withToken(d.wsUrl, d.token);
    await other.result('logs.subscribe', { after: 0, levels: ['warn', 'error'], modules: ['mcp'] });
    // An MCP server that prints a token on stderr and dies: a warning from module mcp, redacted.
    const token = `ghp_${'A1b2C3d4'.repeat(5)}`;
    await c.result('mcp.add', {
      name: 'leaky',
      transport: 'stdio',
      command: '/bin/sh',
      args: ['-c', `echo "my token is ${token}" >&2; exit 3`],
    });
    await c.call('mcp.test', { name: 'leaky' });
    await waitUntil(
      async () => batches(c).some((b) => b.entries.some((e) => e.msg === 'mcp stderr')),
      10_000,
    );
    const stderrLine = batches(c)
      .flatMap((b) => b.entries)
      .find((e) => e.msg === 'mcp stderr')!;
    expect(JSON.stringify(stderrLine)).not.toContain(token);
    expect(String(stderrLine.fields['line'])).toContain('my token is');
    await waitUntil(async () => batches(other).length > 0, 10_000);
    const seen = batches(other).flatMap((b) => b.entries);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.module === 'mcp' && (e.level === 'warn' || e.level === 'error'))).toBe(true);
    await other.close();
  });
});
