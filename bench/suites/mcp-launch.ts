// MCP server cold start via `npx` (issue 16): the first start (Cowork installs the package from
// the registry into its cache, inside the sandbox) and the cached starts after it, next to the same
// installed server started directly with node, unsandboxed, and to plain `npx -y` (what a start
// cost before: npm resolves the package again every time, even with its cache warm) in the same run.
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { silentLogger } from '../../src/store/index.js';
import { ToolRegistry } from '../../src/tools/index.js';
import { fixture } from '../../test/helpers/fixture/index.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Measurement } from '../lib/report.js';
import { median, round, timeEachAsync } from '../lib/stats.js';

const suite = 'mcp-launch';
const PACKAGE = '@modelcontextprotocol/server-memory';
const WARM_RUNS = 7;

/** Connect + list tools with the SDK, straight to a process it spawns (no sandbox). */
async function directStart(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  const client = new Client({ name: 'bench', version: '1' });
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  await client.connect(
    new StdioClientTransport({ command, args, env: { ...inherited, ...env }, stderr: 'ignore' }),
  );
  await client.listTools();
  await client.close();
}

export async function runMcpLaunch(): Promise<Measurement[]> {
  const bench = fixture('cowork-bench-mcp-launch-').withEnclave().start();
  const registry = new ToolRegistry(bench.enclave, bench.db, silentLogger, bench.events);
  const mcp = await registry.mcp();
  mcp.store.put({ name: 'memory', transport: 'stdio', command: 'npx', args: ['-y', PACKAGE], enabled: true });
  // A start is connect + the server's lists (`cowork mcp test`); the stop waits for the process to go.
  const start = async () => {
    await mcp.describe('memory');
    await mcp.stop('memory');
  };

  const t0 = performance.now();
  await start();
  const firstMs = performance.now() - t0;
  const cached = await timeEachAsync(WARM_RUNS, start);

  // The same installed server, started directly by node (unsandboxed): the floor.
  const cache = mcp.entry(mcp.store.get('memory')!).review!.launch.cache!;
  const script = join(cache, 'node_modules', PACKAGE, 'dist', 'index.js');
  const memoryFile = join(tempDir('cowork-bench-memory-'), 'memory.jsonl');
  const direct = await timeEachAsync(WARM_RUNS, () =>
    directStart(process.execPath, [script], { MEMORY_FILE_PATH: memoryFile }),
  );
  // Plain `npx -y`, unsandboxed: with an empty npm cache (what the first start compares with), then
  // with it warm — every start still asks the registry.
  const npx = { npm_config_cache: tempDir('cowork-bench-npx-cache-'), MEMORY_FILE_PATH: memoryFile };
  const n0 = performance.now();
  await directStart('npx', ['-y', PACKAGE], npx);
  const npxColdMs = performance.now() - n0;
  const viaNpx = await timeEachAsync(3, () => directStart('npx', ['-y', PACKAGE], npx));

  await registry.close();
  bench.cleanup();
  const directMs = round(median(direct), 1);
  return [
    {
      suite,
      name: 'npx server first start (install into the cache, sandboxed)',
      value: round(firstMs, 1),
      unit: 'ms',
      baseline: { name: 'plain npx -y, npm cache empty, unsandboxed', value: round(npxColdMs, 1) },
    },
    {
      suite,
      name: 'npx server cached start median (sandboxed, no network)',
      value: round(median(cached), 1),
      unit: 'ms',
      baseline: { name: 'node on the installed bin, unsandboxed', value: directMs },
      budget: { op: '<', value: 1000 },
    },
    {
      suite,
      name: 'npx server cached start median, vs plain npx -y',
      value: round(median(cached), 1),
      unit: 'ms',
      baseline: { name: 'plain npx -y, npm cache warm, unsandboxed', value: round(median(viaNpx), 1) },
    },
    {
      suite,
      name: 'npx server cached start max',
      value: round(Math.max(...cached), 1),
      unit: 'ms',
      baseline: { name: 'node on the installed bin, unsandboxed', value: round(Math.max(...direct), 1) },
    },
  ];
}
