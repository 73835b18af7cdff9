/**
 * The `learning` suite (issue 21), through the daemon's API like every scenario: per correction
 * case, session 1 (a task, then the person's correction in the run that continues it), the
 * critic's proposal accepted as the person would, then session 2 (a new run, a related task) —
 * adherence is session 2's file written the lesson's way. Then retrieval: the topics' lessons
 * added to a folder of their own, `memory.lessons.relevant` asked about every task — precision@1
 * and the noise kept out. Each case and each retrieval figure is a result, so a baseline names
 * what regressed.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CORRECTION_CASES,
  type CorrectionCase,
  type LearningFigures,
  type LessonProposal,
  type LogEvent,
  RETRIEVAL_TOPICS,
  type RpcCall,
  type RunInfo,
  retrievalTasks,
  type ScenarioResult,
  scoreRetrieval,
  type TranscriptEntry,
} from '../contracts/index.js';
import { resultWithoutRun, untilEnded } from './run-scenario.js';
import { transcriptOf } from './transcript.js';

/** The three runs of a case: session 1's task, its correction, session 2's task. */
export type LearningSession = 'first' | 'correction' | 'task';

export interface LearningSuiteOptions {
  /** `<provider>/<model>` for a case's session. */
  modelFor: (k: CorrectionCase, session: LearningSession) => string;
  concurrency: number;
  runTimeoutMs?: number;
  tempRoot?: string;
  onResult?: (result: ScenarioResult) => void;
  /** Takes a folder's removal (a suite removes its folders at its end, see runScenario). */
  removeLater: (remove: () => void) => void;
}

/** The issue's targets: below them the retrieval results fail. */
const MIN_PRECISION_AT_1 = 0.9;
const MIN_NOISE_FILTERED = 0.95;
const PROPOSAL_WAIT_MS = 10_000;

export async function runLearningSuite(
  call: RpcCall,
  opts: LearningSuiteOptions,
): Promise<{ results: ScenarioResult[]; figures: LearningFigures }> {
  const cases = new Array<ScenarioResult>(CORRECTION_CASES.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < CORRECTION_CASES.length; i = next++) {
      cases[i] = await correctionCase(call, CORRECTION_CASES[i]!, opts);
      opts.onResult?.(cases[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, cases.length)) }, worker));
  const retrieval = await retrievalResults(call, opts);
  for (const r of retrieval.results) opts.onResult?.(r);
  return {
    results: [...cases, ...retrieval.results],
    figures: {
      adherence: { followed: cases.filter((r) => r.pass).length, total: cases.length },
      ...retrieval.figures,
    },
  };
}

async function correctionCase(
  call: RpcCall,
  k: CorrectionCase,
  opts: LearningSuiteOptions,
): Promise<ScenarioResult> {
  const setupStarted = performance.now();
  const folder = caseFolder(k, opts);
  const runs: RunInfo[] = [];
  const transcript: TranscriptEntry[] = [];
  let lessonId: string | undefined;
  let agentMs = 0;
  const session = async (s: LearningSession, prompt: string, continueRun?: string) => {
    const started = performance.now();
    const begun = await call('runs.start', {
      prompt,
      folder,
      model: opts.modelFor(k, s),
      mode: 'auto-edit',
      origin: 'cli',
      ...(continueRun === undefined ? {} : { continueRun }),
    });
    const { run } = await untilEnded(call, begun, 'approve', opts.runTimeoutMs ?? 600_000);
    agentMs += performance.now() - started;
    runs.push(run);
    const exported = await call('runs.export', { runId: run.id, format: 'json' });
    transcript.push(
      ...transcriptOf(prompt, exported.format === 'json' ? (exported.events as LogEvent[]) : []),
    );
    return run;
  };
  const result = (pass: boolean, reason: string, detail: string): ScenarioResult => ({
    id: `learning-${k.id}`,
    category: 'learning',
    pass,
    reason,
    runId: runs.at(-1)?.id ?? null,
    turns: runs.reduce((n, r) => n + r.turn, 0),
    toolCalls: transcript.filter((t) => t.kind === 'tool_call').length,
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    agentMs,
    setupMs: performance.now() - setupStarted - agentMs,
    verifyMs: 0,
    command: null,
    checks: [
      {
        check: { type: 'file_matches', path: k.file, regex: k.check.source },
        pass,
        detail,
      },
    ],
    transcript,
  });
  try {
    await call('grants.add', { path: folder, mode: 'rw' });
    const first = await session('first', k.first);
    const corrected = await session('correction', k.correction, first.id);
    const proposal = await proposalOf(call, corrected.id);
    if (!proposal) return result(false, `the critic proposed nothing for "${k.correction}"`, 'no proposal');
    const { lesson } = await call('memory.proposals.accept', { id: proposal.id });
    lessonId = lesson.id;
    transcript.push({ kind: 'approval', text: `accepted the proposal: ${lesson.kind} "${lesson.text}"` });
    const second = await session('task', k.task);
    if (second.status !== 'completed')
      return result(false, `session 2 ${second.status}: ${second.error ?? 'no error given'}`, 'not run');
    const written = readOrNull(join(folder, k.file));
    const followed = written !== null && k.check.test(written);
    const detail = written === null ? `${k.file} is missing` : JSON.stringify(written.slice(0, 200));
    const r = result(
      followed,
      followed ? 'passed' : `session 2 did not follow "${lesson.text}": ${detail}`,
      detail,
    );
    return await withUsage(call, r, runs);
  } catch (err) {
    return result(false, `the gym could not run it: ${(err as Error).message}`, 'not run');
  } finally {
    // The lesson was the suite's, not the person's: it leaves with its folder.
    if (lessonId) await call('memory.lessons.remove', { id: lessonId }).catch(() => {});
    await call('grants.remove', { path: folder }).catch(() => {});
    opts.removeLater(() => rmSync(dirname(folder), { recursive: true, force: true }));
  }
}

/** A fresh folder for a case: a `legal/` the "never touch" case must leave alone, and the task's file's folder. */
function caseFolder(k: CorrectionCase, opts: LearningSuiteOptions): string {
  const root = realpathSync(mkdtempSync(join(opts.tempRoot ?? tmpdir(), `cowork-gym-learning-${k.id}-`)));
  const folder = join(root, 'work');
  mkdirSync(join(folder, 'legal'), { recursive: true });
  writeFileSync(join(folder, 'legal', 'terms.md'), 'terms\n');
  mkdirSync(dirname(join(folder, k.file)), { recursive: true });
  return folder;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The critic's proposal from the correcting run (it reads the run's end, so it comes a moment after). */
async function proposalOf(call: RpcCall, runId: string): Promise<LessonProposal | undefined> {
  const deadline = Date.now() + PROPOSAL_WAIT_MS;
  for (;;) {
    const { proposals } = await call('memory.proposals.list', { status: 'pending' });
    const found = proposals.find((p) => p.evidence.runId === runId);
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function withUsage(call: RpcCall, r: ScenarioResult, runs: RunInfo[]): Promise<ScenarioResult> {
  for (const run of runs) {
    const u = await call('usage.summary', { runId: run.id });
    r.tokens.input += u.tokensIn;
    r.tokens.output += u.tokensOut;
    r.costUsd += u.costUsd ?? 0;
  }
  return r;
}

/** Retrieval through the API: the topics' lessons in a folder of their own, every task asked about. */
async function retrievalResults(call: RpcCall, opts: LearningSuiteOptions) {
  const started = performance.now();
  const root = realpathSync(mkdtempSync(join(opts.tempRoot ?? tmpdir(), 'cowork-gym-retrieval-')));
  opts.removeLater(() => rmSync(root, { recursive: true, force: true }));
  const ids: string[] = [];
  try {
    for (const topic of RETRIEVAL_TOPICS)
      ids.push((await call('memory.lessons.add', { ...topic.lesson, workspace: root })).id);
    const answers = new Map<string, { id: string; text: string }[]>();
    const times: number[] = [];
    for (const task of retrievalTasks()) {
      const t = performance.now();
      answers.set(task, (await call('memory.lessons.relevant', { task, folder: root })).lessons);
      times.push(performance.now() - t);
    }
    const score = scoreRetrieval(ids, (task) => answers.get(task) ?? []);
    const ms = performance.now() - started;
    const noise = score.noise.map((n) => `"${n.lesson}" for "${n.task}"`);
    const precision = retrievalResult(
      'learning-retrieval-precision',
      score.precisionAt1 > MIN_PRECISION_AT_1,
      `precision@1 ${pct(score.precisionAt1)} (target > ${pct(MIN_PRECISION_AT_1)})`,
      ms,
    );
    const filtered = retrievalResult(
      'learning-retrieval-noise',
      score.noiseFiltered > MIN_NOISE_FILTERED,
      `noise filtered ${pct(score.noiseFiltered)} (target > ${pct(MIN_NOISE_FILTERED)})${noise.length ? `; injected: ${noise.slice(0, 5).join(', ')}` : ''}`,
      0,
    );
    return {
      results: [precision, filtered],
      figures: {
        precisionAt1: score.precisionAt1,
        noiseFiltered: score.noiseFiltered,
        retrievalP95Ms: p95(times),
      },
    };
  } finally {
    for (const id of ids) await call('memory.lessons.remove', { id }).catch(() => {});
  }
}

function retrievalResult(id: string, pass: boolean, figure: string, ms: number): ScenarioResult {
  return resultWithoutRun({
    id,
    category: 'learning',
    pass,
    reason: pass ? 'passed' : figure,
    verifyMs: ms,
    transcript: [{ kind: 'verifier', text: figure }],
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function p95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
}
