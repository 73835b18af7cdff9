/**
 * The agent gym: a scenario (a task, its starting folder, a verifier) and what a gym run reports.
 * Scenarios are files in `gym/scenarios/<category>/<id>.json`, validated by `Scenario`; the JSON
 * Schema generated from it documents the format. A scripted transcript per scenario lets CI play
 * it through the real runtime with no model.
 */
import * as z from 'zod/mini';

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
/** A path relative to the scenario's folder: no `..`, not absolute. */
const RelPath = z.string().check(
  z.minLength(1),
  z.maxLength(1024),
  z.refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'a relative path inside the folder'),
);

export const GymCategory = z.enum([
  'syntax',
  'refactor',
  'feature',
  'cross-file',
  'knowledge',
  'safety',
  'learning',
]);
export type GymCategory = z.infer<typeof GymCategory>;
export const Difficulty = z.enum(['easy', 'medium', 'hard']);

export const ScenarioId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,79}$/));

/** The folder the agent starts in: files written as given, or a folder copied, maybe made a git repository. */
export const ScenarioSetup = z.strictObject({
  /** path → UTF-8 content. */
  files: z._default(z.record(RelPath, z.string().check(z.maxLength(1_000_000))), {}),
  /** A folder next to the scenario file, copied in first (files then written over it). */
  folder: z.optional(RelPath),
  /** Made a git repository with everything committed (the agent's changes are then a diff). */
  git: z._default(z.boolean(), false),
  /**
   * A git repository at a commit (SWE-bench style): copied in first, with its history, and checked
   * out at `commit` with nothing else in the work tree. `path` is absolute or relative to the
   * scenario's file.
   */
  repository: z.optional(
    z.strictObject({
      path: z.string().check(z.minLength(1), z.maxLength(4096)),
      commit: z.string().check(z.regex(/^[0-9a-f]{4,40}$|^[A-Za-z0-9._/-]{1,200}$/)),
    }),
  ),
});

/** A check on the folder or the run after the agent finished. */
export const GymCheck = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('file_equals'), path: RelPath, content: z.string() }),
  z.strictObject({ type: z.literal('file_contains'), path: RelPath, text: z.string().check(z.minLength(1)) }),
  z.strictObject({ type: z.literal('file_lacks'), path: RelPath, text: z.string().check(z.minLength(1)) }),
  z.strictObject({ type: z.literal('file_matches'), path: RelPath, regex: text(2000) }),
  z.strictObject({ type: z.literal('file_absent'), path: RelPath }),
  /** A file byte for byte as the setup made it (a canary, a file the task must not touch). */
  z.strictObject({ type: z.literal('file_unchanged'), path: RelPath }),
  /** Files (globs; every code file when absent) parse with no syntax error (tree-sitter). */
  z.strictObject({ type: z.literal('no_syntax_errors'), paths: z.optional(z.array(text(500))) }),
  /** The run called the tool (its model name, `fs_edit`), at least `min` times. */
  z.strictObject({
    type: z.literal('tool_called'),
    tool: text(100),
    min: z._default(z.int().check(z.positive()), 1),
  }),
  z.strictObject({ type: z.literal('tool_not_called'), tool: text(100) }),
  /** The audit holds no allowed write outside the scenario's folder. */
  z.strictObject({ type: z.literal('no_writes_outside') }),
  /** Every action the policy said to ask about was asked (an approval exists for it), none went around. */
  z.strictObject({ type: z.literal('no_approval_bypassed') }),
  /** The enclave recorded a refused attempt (safety: the injection was tried and stopped). */
  z.strictObject({
    type: z.literal('attempt_refused'),
    action: z.optional(text(100)),
    reasonCode: z.optional(text(100)),
  }),
  /** The run ended this way. */
  z.strictObject({ type: z.literal('run_status'), status: z.enum(['completed', 'failed', 'cancelled']) }),
]);
export type GymCheck = z.infer<typeof GymCheck>;

/** Run after the agent finished: a command in the sandbox (tests it never saw, copied in only now) and checks. */
export const GymVerifier = z.strictObject({
  command: z.optional(
    z.strictObject({
      argv: z.array(z.string().check(z.maxLength(4096))).check(z.minLength(1), z.maxLength(100)),
      /** Files copied into the folder only after the run (the hidden tests). */
      files: z._default(z.record(RelPath, z.string()), {}),
      timeoutMs: z._default(z.int().check(z.positive(), z.lte(600_000)), 60_000),
    }),
  ),
  checks: z._default(z.array(GymCheck).check(z.maxLength(50)), []),
});

/** One turn of a scripted model: what it answers (and may check about the request). */
export const ScriptedTurn = z.strictObject({
  expect: z.optional(
    z.strictObject({ contains: z.optional(z.array(z.string())), lacks: z.optional(z.array(z.string())) }),
  ),
  reply: z.strictObject({
    text: z.optional(z.string()),
    toolCalls: z.optional(
      z.array(z.strictObject({ name: text(100), arguments: z.record(z.string(), z.unknown()) })),
    ),
  }),
  usage: z.optional(
    z.strictObject({ input: z.int().check(z.nonnegative()), output: z.int().check(z.nonnegative()) }),
  ),
});
export type ScriptedTurn = z.infer<typeof ScriptedTurn>;

export const Scenario = z.strictObject({
  /** An editor's pointer to the JSON Schema (`../../../schemas/gym-scenario.json`); ignored. */
  $schema: z.optional(z.string()),
  id: ScenarioId,
  category: GymCategory,
  difficulty: Difficulty,
  title: text(200),
  prompt: text(20_000),
  setup: ScenarioSetup,
  /** The run's approval mode; `ask` approvals are answered by `approvals`. */
  mode: z._default(z.enum(['ask', 'auto-edit', 'read-only']), 'auto-edit'),
  /** How the gym answers approvals the run asks for (a person who approves, or who denies). */
  approvals: z._default(z.enum(['approve', 'deny']), 'approve'),
  /** The tools offered (model names or registry ids); all when absent. */
  tools: z.optional(z.array(text(200)).check(z.maxLength(100))),
  maxTurns: z._default(z.int().check(z.positive(), z.lte(200)), 20),
  budget: z.optional(
    z.strictObject({
      tokens: z.optional(z.int().check(z.positive())),
      costUsd: z.optional(z.number().check(z.positive())),
    }),
  ),
  verifier: GymVerifier,
  /** What a scripted model answers, turn by turn (CI's wiring gate). */
  scripted: z.array(ScriptedTurn).check(z.minLength(1), z.maxLength(200)),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

export const CheckResult = z.object({ check: GymCheck, pass: z.boolean(), detail: z.string() });

/** One step of what happened in a scenario's run, for the report's transcript. */
export const TranscriptEntry = z.object({
  kind: z.enum(['prompt', 'text', 'tool_call', 'tool_result', 'approval', 'end', 'verifier']),
  text: z.string(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntry>;

export const ScenarioResult = z.object({
  id: ScenarioId,
  category: GymCategory,
  pass: z.boolean(),
  /** Why it failed (the first failing check, the run's error), or `passed`. */
  reason: z.string(),
  runId: z.nullable(z.string()),
  turns: z.int(),
  toolCalls: z.int(),
  tokens: z.object({ input: z.int(), output: z.int() }),
  costUsd: z.number(),
  /** The agent's own time; setup and verify are the harness's. */
  agentMs: z.number(),
  setupMs: z.number(),
  verifyMs: z.number(),
  /** The verifier's command (null when it has none): did it pass, and the end of what it printed. */
  command: z.nullable(z.object({ pass: z.boolean(), output: z.string() })),
  checks: z.array(CheckResult),
  transcript: z.array(TranscriptEntry),
});
export type ScenarioResult = z.infer<typeof ScenarioResult>;

export const CategoryTotals = z.object({ passed: z.int(), total: z.int() });

/**
 * The `learning` suite's figures (its correction cases are also results, `learning-<case>`, so the
 * baseline names a regressed one): session 2 followed session 1's correction, retrieval's
 * precision@1, and the share of unrelated lessons kept out of a run.
 */
export const LearningFigures = z.object({
  adherence: z.object({ followed: z.int(), total: z.int() }),
  precisionAt1: z.number(),
  noiseFiltered: z.number(),
  /** Slowest 5% of the `memory.lessons.relevant` calls, through the API. */
  retrievalP95Ms: z.number(),
});
export type LearningFigures = z.infer<typeof LearningFigures>;

export const GymReport = z.object({
  /** `scripted`, or the model route (`anthropic/claude-…`). */
  model: z.string(),
  suite: z.nullable(z.string()),
  startedAt: z.iso.datetime(),
  wallMs: z.number(),
  results: z.array(ScenarioResult),
  byCategory: z.partialRecord(GymCategory, CategoryTotals),
  /** Passed / total, 0–1. */
  score: z.number(),
  /** When the suite had the `learning` category. */
  learning: z.optional(LearningFigures),
  /** Against a baseline report: scenarios that passed there and fail now, and the reverse. */
  comparison: z.optional(
    z.object({
      regressions: z.array(ScenarioId),
      improvements: z.array(ScenarioId),
      baselineScore: z.number(),
    }),
  ),
});
export type GymReport = z.infer<typeof GymReport>;

/**
 * A SWE-bench-style task file: a repository at a commit, the problem to solve, and the tests that
 * decide it — FAIL_TO_PASS (fail before the fix, must pass after) and PASS_TO_PASS (must still
 * pass). `cowork gym run --swe FILE` makes it a scenario (see src/gym/swe-task.ts).
 */
export const SweTask = z.strictObject({
  id: ScenarioId,
  /** The repository's folder (absolute, or relative to the task file). */
  repository: z.string().check(z.minLength(1), z.maxLength(4096)),
  commit: z.string().check(z.minLength(4), z.maxLength(200)),
  problemStatement: text(100_000),
  /** Shell command lines run in the repository after the agent finished; each must pass. */
  FAIL_TO_PASS: z.array(text(10_000)).check(z.minLength(1), z.maxLength(500)),
  PASS_TO_PASS: z._default(z.array(text(10_000)).check(z.maxLength(5000)), []),
  /** Test files copied in only after the run (SWE-bench's test patch, as files). */
  testFiles: z._default(z.record(RelPath, z.string()), {}),
  category: z._default(GymCategory, 'cross-file'),
  difficulty: z._default(Difficulty, 'medium'),
  maxTurns: z._default(z.int().check(z.positive(), z.lte(200)), 50),
  timeoutMs: z._default(z.int().check(z.positive(), z.lte(600_000)), 300_000),
  /** A scripted transcript for the task (CI); without one a scripted run gives up at once. */
  scripted: z.optional(z.array(ScriptedTurn).check(z.minLength(1), z.maxLength(200))),
});
export type SweTask = z.infer<typeof SweTask>;
export type SweTaskInput = z.input<typeof SweTask>;
