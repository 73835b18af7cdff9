/**
 * `cowork gym` as a person runs it against their daemon: list, a scripted run with its report,
 * and the exit codes — 0 no regression, 1 a regression against the baseline, 2 bad input.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { GymReport, ScenarioInput } from '../../src/contracts/index.js';
import { cowork } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';

const scenario = (id: string, wanted: string): ScenarioInput => ({
  id,
  category: 'knowledge',
  difficulty: 'easy',
  title: `writes ${id}`,
  prompt: 'Write out.txt.',
  setup: { files: { 'in.txt': 'data' } },
  verifier: { checks: [{ type: 'file_equals', path: 'out.txt', content: wanted }] },
  scripted: [
    { reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'out.txt', content: 'written' } }] } },
    { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done' } }] } },
  ],
});

function scenariosDir(root: string, scenarios: ScenarioInput[]): string {
  const dir = join(root, 'scenarios');
  for (const s of scenarios) {
    mkdirSync(join(dir, s.category), { recursive: true });
    writeFileSync(join(dir, s.category, `${s.id}.json`), JSON.stringify(s));
  }
  return dir;
}

it('lists, runs scripted with a report, and exits by the baseline', { timeout: 120_000 }, async () => {
  const f = await fixture('cowork-gym-cli-').withDaemon().start();
  const dir = scenariosDir(f.root, [scenario('good-one', 'written'), scenario('bad-one', 'something else')]);
  const base = ['--home', f.home, '--scenarios', dir];

  const listed = await cowork(['gym', 'list', ...base, '--json']);
  expect(listed.code).toBe(0);
  expect(JSON.parse(listed.stdout).scenarios.map((s: { id: string }) => s.id)).toEqual([
    'bad-one',
    'good-one',
  ]);

  // No baseline: a failing scenario is measured, not an error.
  const reportDir = join(f.root, 'report');
  const first = await cowork(['gym', 'run', '--scripted', ...base, '--json', '--report', reportDir]);
  expect(first.code, first.stderr).toBe(0);
  const report = JSON.parse(first.stdout) as GymReport;
  expect(report.results.map((r) => [r.id, r.pass])).toEqual([
    ['bad-one', false],
    ['good-one', true],
  ]);
  expect(report.results[0]!.reason).toMatch(/^file_equals: out\.txt differs/);
  expect(report.byCategory.knowledge).toEqual({ passed: 1, total: 2 });
  const html = readFileSync(join(reportDir, 'report.html'), 'utf8');
  expect(html).toContain('builtin:fs.write {&quot;path&quot;:&quot;out.txt&quot;');
  expect(JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')).score).toBe(0.5);

  // A baseline where bad-one passed: a regression, exit 1, named.
  const passedBefore = { ...report, results: report.results.map((r) => ({ ...r, pass: true })) };
  writeFileSync(join(f.root, 'regressed.json'), JSON.stringify(passedBefore));
  const regressed = await cowork([
    'gym',
    'run',
    '--scripted',
    ...base,
    '--baseline',
    join(f.root, 'regressed.json'),
  ]);
  expect(regressed.code, regressed.stderr).toBe(1);
  expect(regressed.stdout).toContain('regressions: bad-one');
  expect(regressed.stderr).toMatch(/FAIL bad-one \(knowledge\)/);

  // Against its own report: no regression.
  const same = await cowork([
    'gym',
    'run',
    '--scripted',
    ...base,
    '--baseline',
    join(reportDir, 'report.json'),
  ]);
  expect(same.code, same.stderr).toBe(0);
  expect(same.stdout).toContain('regressions: none');
});

it('exits 2 on bad input, before running anything', async () => {
  const f = await fixture('cowork-gym-cli-').withDaemon().start();
  const dir = scenariosDir(f.root, [scenario('good-one', 'written')]);
  const base = ['--home', f.home, '--scenarios', dir];
  const neither = await cowork(['gym', 'run', ...base]);
  expect(neither.code).toBe(2);
  expect(neither.stderr).toContain('usage: cowork gym');
  expect((await cowork(['gym', 'run', '--scripted', '--model', 'x/y', ...base])).code).toBe(2);
  expect((await cowork(['gym', 'run', '--scripted', '--concurrency', '0', ...base])).code).toBe(2);
  expect((await cowork(['gym', 'run', '--scripted', '--suite', 'safety', ...base])).code).toBe(2);

  writeFileSync(join(f.root, 'bad-baseline.json'), '{"score": "high"}');
  const badBaseline = await cowork([
    'gym',
    'run',
    '--scripted',
    ...base,
    '--baseline',
    join(f.root, 'bad-baseline.json'),
  ]);
  expect(badBaseline.code).toBe(2);
  expect(badBaseline.stderr).toContain('bad-baseline.json');

  writeFileSync(
    join(dir, 'knowledge', 'broken.json'),
    JSON.stringify({ ...scenario('broken', 'x'), maxTurns: 0 }),
  );
  const badScenario = await cowork(['gym', 'run', '--scripted', ...base]);
  expect(badScenario.code).toBe(2);
  expect(badScenario.stderr).toMatch(/broken\.json: maxTurns: /);
  expect((await f.client.result('runs.list')).runs).toEqual([]);
});
