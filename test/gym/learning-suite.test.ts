/**
 * The gym's `learning` suite through a real daemon, scripted: every correction case is proposed,
 * accepted and followed in session 2; retrieval through `memory.lessons.relevant` meets the
 * issue's targets; the suite leaves no lesson behind.
 */
import { expect, test } from 'vitest';
import { runSuite, startScriptedModels } from '../../src/gym/index.js';
import { fixture } from '../helpers/fixture/index.js';
import { callOf } from './gym-helpers.js';

test('the learning suite: adherence 10/10, precision@1 and noise on target', {
  timeout: 180_000,
}, async () => {
  const f = await fixture('cowork-gym-learning-').withDaemon().start();
  const call = callOf(f.client);
  const models = await startScriptedModels(call, []);
  const report = await runSuite(call, [], {
    label: 'scripted',
    suite: 'learning',
    modelFor: models.modelFor,
    learning: models.learningModelFor,
    concurrency: 2,
    tempRoot: f.root,
  }).finally(() => models.close());
  const failed = report.results.filter((r) => !r.pass).map((r) => `${r.id}: ${r.reason}`);
  expect(failed).toEqual([]);
  expect(report.results).toHaveLength(12);
  expect(report.byCategory.learning).toEqual({ passed: 12, total: 12 });
  expect(report.learning).toMatchObject({ adherence: { followed: 10, total: 10 } });
  expect(report.learning!.precisionAt1).toBeGreaterThan(0.9);
  expect(report.learning!.noiseFiltered).toBeGreaterThan(0.95);
  // Every lesson the suite taught was its own: none stays with the person.
  expect((await call('memory.lessons.list')).lessons).toEqual([]);
});
