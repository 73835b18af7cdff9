/**
 * `cowork gym list|run`: the agent measured on the gym's scenarios through this daemon, with a
 * model route or each scenario's scripted transcript; a report (JSON, HTML) and a comparison with
 * a baseline report. Exit codes are in `cowork gym --help`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GymReport, ScenarioResult } from '../../contracts/index.js';
import {
  compareWithBaseline,
  htmlReport,
  type LoadedScenario,
  loadScenarios,
  loadSweTask,
  parseBaseline,
  runScriptedSuite,
  runSuite,
} from '../../gym/index.js';
import { usageError } from '../command-table.js';
import { printJson } from '../output.js';
import { withDaemon } from '../rpc.js';
import { printTable } from '../table.js';

export interface GymCommandOptions {
  home: string;
  json: boolean;
  suite?: string | undefined;
  model?: string | undefined;
  scripted: boolean;
  concurrency?: string | undefined;
  baseline?: string | undefined;
  report?: string | undefined;
  scenarios?: string | undefined;
  swe?: string[] | undefined;
  keep: boolean;
}

const EXIT_OK = 0;
const EXIT_REGRESSED = 1;

export async function gymCommand(args: string[], o: GymCommandOptions): Promise<number> {
  const [sub, ...rest] = args;
  if (rest.length > 0) throw usageError('gym');
  if (sub === 'list') return list(o);
  if (sub === 'run') return run(o);
  throw usageError('gym');
}

/** `--scenarios DIR`, else ./gym/scenarios, else the scenarios shipped next to this build. */
function scenariosRoot(o: GymCommandOptions): string {
  if (o.scenarios) return resolve(o.scenarios);
  const here = resolve('gym', 'scenarios');
  return existsSync(here) ? here : fileURLToPath(new URL('../gym/scenarios', import.meta.url));
}

function chosen(o: GymCommandOptions): LoadedScenario[] {
  if (o.swe?.length) return o.swe.map((f) => loadSweTask(resolve(f)));
  // The `learning` suite is the learning evaluation's cases, not scenario files.
  if (o.suite === LEARNING) return [];
  return loadScenarios(scenariosRoot(o), o.suite);
}

const LEARNING = 'learning';

/**
 * The learning suite runs alone (`--suite learning`), or with the whole of the gym's own scenarios
 * (no `--suite`); not with task files or another scenario folder, which measure only what they hold.
 */
const withLearning = (o: GymCommandOptions) =>
  o.suite === LEARNING || (o.suite === undefined && !o.swe?.length && o.scenarios === undefined);

function list(o: GymCommandOptions): number {
  const scenarios = chosen(o);
  if (o.json)
    printJson({
      scenarios: scenarios.map(({ scenario: s, file }) => ({
        id: s.id,
        category: s.category,
        difficulty: s.difficulty,
        title: s.title,
        file,
      })),
    });
  else
    printTable(
      scenarios.map((l) => l.scenario),
      [
        { header: 'ID', value: (s) => s.id },
        { header: 'CATEGORY', value: (s) => s.category },
        { header: 'DIFFICULTY', value: (s) => s.difficulty },
        { header: 'TITLE', value: (s) => s.title },
      ],
      'no scenarios',
    );
  return EXIT_OK;
}

async function run(o: GymCommandOptions): Promise<number> {
  if (o.scripted === (o.model !== undefined)) throw usageError('gym');
  const concurrency = o.concurrency === undefined ? 2 : Number(o.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw usageError('gym');
  const scenarios = chosen(o);
  // Read before the suite runs: a bad baseline is bad input, found before minutes of work.
  const baseline = o.baseline ? parseBaseline(readFileSync(o.baseline, 'utf8'), o.baseline) : undefined;
  let report = await withDaemon(o.home, (call) => {
    const common = {
      suite: o.suite ?? null,
      concurrency,
      keep: o.keep,
      onResult: o.json ? undefined : progressLine,
    };
    if (o.scripted) return runScriptedSuite(call, scenarios, { ...common, learning: withLearning(o) });
    const model = o.model!;
    return runSuite(call, scenarios, {
      ...common,
      label: model,
      modelFor: () => model,
      learning: withLearning(o) ? () => model : undefined,
    });
  });
  if (baseline) report = compareWithBaseline(report, baseline);
  if (o.report) writeReport(o.report, report);
  if (o.json) printJson(report);
  else printSummary(report, o.report);
  // Without a baseline a failed scenario is a measurement, not an error: only regressions fail.
  return (report.comparison?.regressions.length ?? 0) > 0 ? EXIT_REGRESSED : EXIT_OK;
}

function progressLine(r: ScenarioResult): void {
  process.stderr.write(
    `${r.pass ? 'pass' : 'FAIL'} ${r.id} (${r.category}) ${(r.agentMs / 1000).toFixed(1)} s — ${r.reason}\n`,
  );
}

function writeReport(dir: string, report: GymReport): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'report.html'), htmlReport(report));
}

function printSummary(report: GymReport, reportDir: string | undefined): void {
  printTable(
    Object.entries(report.byCategory),
    [
      { header: 'CATEGORY', value: ([c]) => c },
      { header: 'PASSED', value: ([, t]) => String(t?.passed ?? 0) },
      { header: 'TOTAL', value: ([, t]) => String(t?.total ?? 0) },
    ],
    'no scenarios',
  );
  const passed = report.results.filter((r) => r.pass).length;
  process.stdout.write(
    `score ${(report.score * 100).toFixed(1)}% (${passed}/${report.results.length}) in ${(report.wallMs / 1000).toFixed(1)} s\n`,
  );
  const cmp = report.comparison;
  if (cmp) {
    process.stdout.write(
      `baseline ${(cmp.baselineScore * 100).toFixed(1)}%; regressions: ${cmp.regressions.join(', ') || 'none'}; improvements: ${cmp.improvements.join(', ') || 'none'}\n`,
    );
  }
  const l = report.learning;
  if (l)
    process.stdout.write(
      `learning: adherence ${l.adherence.followed}/${l.adherence.total}, precision@1 ${(l.precisionAt1 * 100).toFixed(1)}%, noise filtered ${(l.noiseFiltered * 100).toFixed(1)}%, retrieval p95 ${l.retrievalP95Ms.toFixed(1)} ms\n`,
    );
  if (reportDir) process.stdout.write(`report: ${join(reportDir, 'report.html')}\n`);
}
