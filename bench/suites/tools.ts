// Tool gateway benchmarks (issue 7): overhead per call through registry → enclave → audit, for a
// built-in read-only tool and for an MCP stdio echo, next to direct calls in the same run; MCP server
// start time inside vs outside the sandbox.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { silentLogger } from '../../src/store/index.js';
import { ToolRegistry } from '../../src/tools/index.js';
import { fixture } from '../../test/helpers/fixture/index.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { median, round, timeEachAsync } from '../lib/stats.js';

const suite = 'tools';
const EVERYTHING = fileURLToPath(
  new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

async function directClient(): Promise<{ client: Client; startMs: number }> {
  const t0 = performance.now();
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, 'stdio'] }));
  return { client, startMs: performance.now() - t0 };
}

export async function runTools(): Promise<Measurement[]> {
  const bench = fixture('cowork-bench-tools-')
    .withEnclave({
      policy:
        'version: 1\nrules:\n  - { id: bench, action: mcp.call, match: { mcpServers: [everything] }, decision: allow, reason: bench }\n',
    })
    .withGrant('rw', { 'file.txt': 'x' })
    .start();
  const { folder: work, db, events, enclave } = bench;
  const registry = new ToolRegistry(enclave, db, silentLogger, events);
  const ctx = { actor: 'agent' as const, sessionId: null, runId: null, cwd: work };

  // built-in read-only tool vs a plain stat
  const target = join(work, 'file.txt');
  await timeEachAsync(300, () => registry.call('builtin:fs.stat', { path: target }, ctx));
  const builtin = await timeEachAsync(2000, () => registry.call('builtin:fs.stat', { path: target }, ctx));
  const plainStat = await timeEachAsync(2000, async () => statSync(target));

  // MCP stdio echo through the gateway (sandboxed) vs the SDK straight to an unsandboxed server
  const mcp = await registry.mcp();
  mcp.store.put({
    name: 'everything',
    transport: 'stdio',
    command: process.execPath,
    args: [EVERYTHING, 'stdio'],
    enabled: true,
  });
  const t0 = performance.now();
  await mcp.describe('everything');
  const sandboxedStartMs = performance.now() - t0;
  const { client, startMs: directStartMs } = await directClient();
  const echo = { message: 'bench' };
  await timeEachAsync(100, () => registry.call('mcp:everything:echo', echo, ctx));
  await timeEachAsync(100, () => client.callTool({ name: 'echo', arguments: echo }));
  const viaGateway = await timeEachAsync(500, () => registry.call('mcp:everything:echo', echo, ctx));
  const direct = await timeEachAsync(500, () => client.callTool({ name: 'echo', arguments: echo }));

  await client.close();
  await registry.close();
  bench.cleanup();

  const p95 = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1]!;
  return [
    ...latencyPair(
      suite,
      'built-in fs.stat through the gateway',
      'ms',
      builtin,
      { name: 'plain fs.statSync', samples: plainStat },
      3,
    ),
    {
      suite,
      name: 'built-in tool gateway overhead p95',
      value: round(p95(builtin) - p95(plainStat), 3),
      unit: 'ms',
      budget: { op: '<', value: 5 },
    },
    ...latencyPair(
      suite,
      'MCP stdio echo through the gateway',
      'ms',
      viaGateway,
      { name: 'SDK direct, unsandboxed', samples: direct },
      3,
    ),
    {
      suite,
      name: 'MCP stdio gateway overhead p95',
      value: round(p95(viaGateway) - p95(direct), 3),
      unit: 'ms',
      budget: { op: '<', value: 30 },
    },
    {
      suite,
      name: 'MCP server start, sandboxed (stdio, connect + list)',
      value: round(sandboxedStartMs, 1),
      unit: 'ms',
      baseline: { name: 'SDK connect, unsandboxed', value: round(directStartMs, 1) },
    },
    {
      suite,
      name: 'gateway median overhead, MCP echo',
      value: round(median(viaGateway) - median(direct), 3),
      unit: 'ms',
    },
  ];
}
