/** The gym's report: totals per category, the score, and what changed against a baseline report. */
import { CoworkError, GymReport, type LearningFigures, type ScenarioResult } from '../contracts/index.js';

export function buildReport(r: {
  model: string;
  suite: string | null;
  startedAt: string;
  wallMs: number;
  results: ScenarioResult[];
  learning?: LearningFigures;
}): GymReport {
  const byCategory: GymReport['byCategory'] = {};
  for (const { category, pass } of r.results) {
    const totals = byCategory[category] ?? { passed: 0, total: 0 };
    byCategory[category] = { passed: totals.passed + (pass ? 1 : 0), total: totals.total + 1 };
  }
  const passed = r.results.filter((x) => x.pass).length;
  return { ...r, byCategory, score: r.results.length ? passed / r.results.length : 0 };
}

/**
 * Against a baseline: a regression is a scenario that passed there and does not pass now (failed,
 * or gone from the suite); an improvement is one that passes now and did not there.
 */
export function compareWithBaseline(report: GymReport, baseline: GymReport): GymReport {
  const now = new Map(report.results.map((r) => [r.id, r.pass]));
  const before = new Map(baseline.results.map((r) => [r.id, r.pass]));
  const inSuite = (id: string) =>
    report.suite === null ||
    baseline.results.find((r) => r.id === id)?.category === report.suite ||
    id === report.suite;
  const regressions = [...before]
    .filter(([id, pass]) => pass && inSuite(id) && now.get(id) !== true)
    .map(([id]) => id);
  const improvements = [...now].filter(([id, pass]) => pass && before.get(id) !== true).map(([id]) => id);
  return { ...report, comparison: { regressions, improvements, baselineScore: baseline.score } };
}

/** A baseline file's report, checked (a broken baseline is bad input, not a pass). */
export function parseBaseline(text: string, file: string): GymReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CoworkError('INVALID_ARGUMENTS', `${file}: not JSON: ${(err as Error).message}`);
  }
  const parsed = GymReport.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}
