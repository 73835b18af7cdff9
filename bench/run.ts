// `npm run bench`: every suite, one table on stdout and bench/results/latest.json.
// `BENCH_ONLY=agent npm run bench` runs one suite (results are still written).
import { fileURLToPath } from 'node:url';
import { runCleanups } from '../test/helpers/cleanup.js';
import { type Measurement, printTable, writeResults } from './lib/report.js';
import { runAgent } from './suites/agent.js';
import { runBackups } from './suites/backups.js';
import { runDesktop } from './suites/desktop.js';
import { runDocuments } from './suites/documents.js';
import { runEnclave } from './suites/enclave.js';
import { runFoundation } from './suites/foundation.js';
import { runGym } from './suites/gym.js';
import { runMcpConnect } from './suites/mcp-connect.js';
import { runMcpLaunch } from './suites/mcp-launch.js';
import { runMemory } from './suites/memory.js';
import { runPackage } from './suites/package.js';
import { runPerception } from './suites/perception.js';
import { runSessions } from './suites/sessions.js';
import { runTools } from './suites/tools.js';
import { runUi } from './suites/ui.js';
import { runWorkforce } from './suites/workforce.js';

const suites: Record<string, () => Promise<Measurement[]>> = {
  foundation: runFoundation,
  enclave: runEnclave,
  tools: runTools,
  'mcp-connect': runMcpConnect,
  'mcp-launch': runMcpLaunch,
  agent: runAgent,
  memory: runMemory,
  sessions: runSessions,
  ui: runUi,
  backups: runBackups,
  documents: runDocuments,
  workforce: runWorkforce,
  perception: runPerception,
  gym: runGym,
  package: runPackage,
  desktop: runDesktop,
};
const only = process.env['BENCH_ONLY'];
const results: Measurement[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (only && only !== name) continue;
  try {
    results.push(...(await run()));
  } finally {
    await runCleanups(); // what the suite made and did not end itself (temp folders, a daemon it threw past)
  }
}
printTable(results);
const file = writeResults(fileURLToPath(new URL('../../bench/results/', import.meta.url)), results);
console.log(`\nwrote ${file}`);
process.exit(0);
