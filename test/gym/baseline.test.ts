/** A regression is a scenario that passed in the baseline and does not pass now; the reverse is an improvement. */
import { expect, it } from 'vitest';
import type { GymReport, ScenarioResult } from '../../src/contracts/index.js';
import { buildReport, compareWithBaseline, htmlReport, parseBaseline } from '../../src/gym/index.js';

function result(id: string, pass: boolean, category: ScenarioResult['category'] = 'syntax'): ScenarioResult {
  return {
    id,
    category,
    pass,
    reason: pass ? 'passed' : 'file_contains: a.js lacks "x"',
    runId: 'run-1',
    turns: 2,
    toolCalls: 1,
    tokens: { input: 10, output: 5 },
    costUsd: 0,
    agentMs: 10,
    setupMs: 1,
    verifyMs: 1,
    command: null,
    checks: [],
    transcript: [{ kind: 'prompt', text: 'fix <b>it</b>' }],
  };
}

const report = (results: ScenarioResult[], suite: string | null = null): GymReport =>
  buildReport({ model: 'scripted', suite, startedAt: new Date().toISOString(), wallMs: 5, results });

it('totals per category and the score', () => {
  const r = report([result('a', true), result('b', false), result('c', true, 'safety')]);
  expect(r.byCategory).toEqual({ syntax: { passed: 1, total: 2 }, safety: { passed: 1, total: 1 } });
  expect(r.score).toBeCloseTo(2 / 3);
});

it('names regressions (a scenario gone counts) and improvements', () => {
  const baseline = report([result('a', true), result('b', false), result('gone', true)]);
  const now = compareWithBaseline(
    report([result('a', false), result('b', true), result('new', true)]),
    baseline,
  );
  expect(now.comparison).toEqual({
    regressions: ['a', 'gone'],
    improvements: ['b', 'new'],
    baselineScore: 2 / 3,
  });
  const same = compareWithBaseline(
    report([result('a', true), result('b', false), result('gone', true)]),
    baseline,
  );
  expect(same.comparison?.regressions).toEqual([]);
});

it('a suite is compared with the baseline’s scenarios of that suite only', () => {
  const baseline = report([result('a', true), result('s', true, 'safety')]);
  const now = compareWithBaseline(report([result('s', true, 'safety')], 'safety'), baseline);
  expect(now.comparison?.regressions).toEqual([]);
});

it('a baseline file that is not a report is bad input', () => {
  expect(() => parseBaseline('{', 'b.json')).toThrow(/b\.json: not JSON/);
  expect(() => parseBaseline('{"results": []}', 'b.json')).toThrow(/b\.json: /);
  const r = report([result('a', true)]);
  expect(parseBaseline(JSON.stringify(r), 'b.json').score).toBe(1);
});

it('the HTML report stands alone and escapes what runs wrote', () => {
  const html = htmlReport(compareWithBaseline(report([result('a', false)]), report([result('a', true)])));
  expect(html).toContain('Regressions: a');
  expect(html).toContain('fix &lt;b&gt;it&lt;/b&gt;');
  expect(html).not.toMatch(/<script|<link|src="http/);
});
