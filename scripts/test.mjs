#!/usr/bin/env node
// `npm test`: everything CI checks, in order, then one summary line `N passed, N failed`.
// Checks (build, type-check, schema drift, lint) count as one test each; then the vitest suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);
const checks = [
  ['build (esbuild)', process.execPath, ['scripts/build.mjs']],
  ['type-check (src, tests, bench)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['type-check (web UI)', bin('tsc'), ['-p', 'web/tsconfig.json', '--noEmit']],
  ['schemas/ match src/contracts', process.execPath, ['scripts/schemas.mjs', '--check']],
  ['format + lint (biome)', bin('biome'), ['check', '.']],
  [
    'architecture rules (dependency-cruiser)',
    bin('depcruise'),
    ['src', '--config', '.dependency-cruiser.cjs'],
  ],
];

let passed = 0;
let failed = 0;
for (const [name, cmd, args] of checks) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) {
    passed++;
    console.log(`✓ ${name}`);
  } else {
    failed++;
    console.log(`✗ ${name}`);
  }
}

const out = mkdtempSync(join(tmpdir(), 'cowork-vitest-'));
const report = join(out, 'report.json');
const extra = process.argv.slice(2);
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  {
    stdio: 'inherit',
  },
);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A suite that failed to load has no failed tests but must still fail the run.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  if (r.numTotalTests === 0) failed++;
  // Tests that never ran (a worker that crashed takes its file's tests with it) are failures too.
  failed += r.numTotalTests - r.numPassedTests - r.numFailedTests - r.numPendingTests - r.numTodoTests;
  // An unhandled error (a crashed worker, a rejection after a test) fails vitest itself.
  if (vitest.status !== 0 && failed === 0) failed++;
} else {
  failed++;
}
rmSync(out, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
