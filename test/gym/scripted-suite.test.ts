/**
 * CI's wiring gate: the whole scripted suite played through a real daemon (door, policy, audit,
 * approvals, the sandbox for verifiers), the learning suite with it, compared with
 * gym/baseline.json — it must not regress.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import {
  compareWithBaseline,
  loadScenarios,
  parseBaseline,
  runScriptedSuite,
  runSuite,
} from '../../src/gym/index.js';
import { fixture } from '../helpers/fixture/index.js';
import { callOf, SCENARIOS } from './gym-helpers.js';

const BASELINE = join(SCENARIOS, '..', 'baseline.json');

test('the scripted suite stays at its baseline', { timeout: 300_000 }, async () => {
  const f = await fixture('cowork-gym-').withDaemon().start();
  const call = callOf(f.client);
  const scenarios = loadScenarios(SCENARIOS);
  const report = await runScriptedSuite(call, scenarios, {
    suite: null,
    learning: true,
    concurrency: 2,
    tempRoot: f.root,
  });
  const failed = report.results.filter((r) => !r.pass).map((r) => `${r.id}: ${r.reason}`);
  const compared = compareWithBaseline(report, parseBaseline(readFileSync(BASELINE, 'utf8'), BASELINE));
  expect(compared.comparison?.regressions, failed.join('\n')).toEqual([]);
  // Every scenario's scripted transcript is meant to pass: a new one that fails is a broken transcript.
  expect(failed).toEqual([]);
});
