/** A suite: its scenarios run `concurrency` at a time, each in its own folder, into one report. */
import type {
  CorrectionCase,
  LearningFigures,
  RpcCall,
  Scenario,
  ScenarioResult,
} from '../contracts/index.js';
import { type LearningSession, runLearningSuite } from './learning-suite.js';
import type { LoadedScenario } from './load-scenarios.js';
import { buildReport } from './report.js';
import { auditHead, runScenario } from './run-scenario.js';

export interface SuiteOptions {
  /** The model label in the report: `scripted`, or the route. */
  label: string;
  suite: string | null;
  modelFor: (scenario: Scenario) => string;
  concurrency: number;
  runTimeoutMs?: number;
  tempRoot?: string;
  keep?: boolean;
  /** With it, the `learning` suite runs after the scenarios, its sessions on these models. */
  learning?: ((k: CorrectionCase, session: LearningSession) => string) | undefined;
  /** Told of each scenario as it finishes (progress lines). */
  onResult?: (result: ScenarioResult) => void;
}

export async function runSuite(call: RpcCall, scenarios: LoadedScenario[], opts: SuiteOptions) {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const auditAfter = await auditHead(call);
  const results = new Array<ScenarioResult>(scenarios.length);
  const removals: (() => void)[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < scenarios.length; i = next++) {
      const loaded = scenarios[i]!;
      results[i] = await runScenario(call, loaded, {
        model: opts.modelFor(loaded.scenario),
        auditAfter,
        ...(opts.runTimeoutMs === undefined ? {} : { runTimeoutMs: opts.runTimeoutMs }),
        ...(opts.tempRoot === undefined ? {} : { tempRoot: opts.tempRoot }),
        ...(opts.keep === undefined ? {} : { keep: opts.keep }),
        removeLater: (remove) => {
          if (!opts.keep) removals.push(remove);
        },
      });
      opts.onResult?.(results[i]!);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(opts.concurrency, scenarios.length)) }, worker),
  );
  let learning: LearningFigures | undefined;
  if (opts.learning) {
    const suite = await runLearningSuite(call, {
      modelFor: opts.learning,
      concurrency: opts.concurrency,
      removeLater: (remove) => {
        if (!opts.keep) removals.push(remove);
      },
      ...(opts.runTimeoutMs === undefined ? {} : { runTimeoutMs: opts.runTimeoutMs }),
      ...(opts.tempRoot === undefined ? {} : { tempRoot: opts.tempRoot }),
      ...(opts.onResult === undefined ? {} : { onResult: opts.onResult }),
    });
    results.push(...suite.results);
    learning = suite.figures;
  }
  // The suite's end: no sandbox of it is left to mount a folder that vanished.
  for (const remove of removals) remove();
  return buildReport({
    model: opts.label,
    suite: opts.suite,
    startedAt,
    wallMs: performance.now() - started,
    results,
    ...(learning ? { learning } : {}),
  });
}
