// MCP connect (issue 16): listing the tools of 10 stdio servers, each started cold in its sandbox,
// connected all at once (what tools.list and every run turn do) next to one after another (what
// they did before), in the same run; and the same 10 with one that never answers, whose start
// timeout is all it costs the others.
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../src/store/index.js';
import { ToolRegistry } from '../../src/tools/index.js';
import { fixture } from '../../test/helpers/fixture/index.js';
import type { Measurement } from '../lib/report.js';
import { median, round } from '../lib/stats.js';

const suite = 'mcp-connect';
const SERVERS = 10;
const ROUNDS = 3;
const HANG_TIMEOUT_MS = 2000;
const READER = fileURLToPath(new URL('../../test/fixtures/mcp-reader-server.mjs', import.meta.url));

export async function runMcpConnect(): Promise<Measurement[]> {
  const bench = fixture('cowork-bench-mcp-connect-').withEnclave().start();
  const registry = new ToolRegistry(bench.enclave, bench.db, silentLogger, bench.events);
  const mcp = await registry.mcp();
  const names = Array.from({ length: SERVERS }, (_, i) => `s${String(i).padStart(2, '0')}`);
  for (const name of names)
    mcp.store.put({ name, transport: 'stdio', command: process.execPath, args: [READER], enabled: true });
  // A stop also forgets a timed-out start, so each measure starts every server cold.
  const stopAll = () => Promise.all([...names, 'a-hangs'].map((n) => mcp.stop(n)));
  const timed = async (work: () => Promise<unknown>) => {
    await stopAll();
    const t0 = performance.now();
    await work();
    return performance.now() - t0;
  };

  await timed(() => registry.list()); // warm the SDK import and the sandbox's first start
  const parallel: number[] = [];
  const serial: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    parallel.push(await timed(() => registry.list()));
    serial.push(
      await timed(async () => {
        for (const name of names) await mcp.tools(name);
      }),
    );
  }

  // One server that never answers, among the ten (it sorts first, as a broken one may).
  mcp.store.put({
    name: 'a-hangs',
    transport: 'stdio',
    command: process.execPath,
    args: ['-e', 'setInterval(() => {}, 1000)'],
    startTimeoutMs: HANG_TIMEOUT_MS,
    enabled: true,
  });
  const withHanging = await timed(() => registry.list());
  const withHangingSerial = await timed(async () => {
    for (const name of ['a-hangs', ...names]) await mcp.tools(name).catch(() => {});
  });

  await registry.close();
  bench.cleanup();
  return [
    {
      suite,
      name: `connect + list ${SERVERS} stdio servers, in parallel (median of ${ROUNDS})`,
      value: round(median(parallel), 1),
      unit: 'ms',
      baseline: { name: 'one after another', value: round(median(serial), 1) },
    },
    {
      suite,
      name: `${SERVERS} servers + 1 that never answers (start timeout ${HANG_TIMEOUT_MS} ms), in parallel`,
      value: round(withHanging, 1),
      unit: 'ms',
      baseline: { name: 'one after another', value: round(withHangingSerial, 1) },
    },
  ];
}
