// `npm run bench`: every suite, one table on stdout and bench/results/latest.json.
import { fileURLToPath } from 'node:url';
import { printTable, writeResults } from './lib/report.js';
import { runEnclave } from './suites/enclave.js';
import { runFoundation } from './suites/foundation.js';
import { runTools } from './suites/tools.js';

const results = [...(await runFoundation()), ...(await runEnclave()), ...(await runTools())];
printTable(results);
const file = writeResults(fileURLToPath(new URL('../../bench/results/', import.meta.url)), results);
console.log(`\nwrote ${file}`);
