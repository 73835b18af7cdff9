/**
 * The SWE-bench-style adapter: a task file (a repository at a commit, a problem statement, the
 * FAIL_TO_PASS and PASS_TO_PASS test commands) made a scenario. The repository is copied in at the
 * commit; the verifier runs every command and passes when each FAIL_TO_PASS passes now and each
 * PASS_TO_PASS still does.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { CoworkError, Scenario, SweTask } from '../contracts/index.js';
import type { LoadedScenario } from './load-scenarios.js';

export function loadSweTask(file: string): LoadedScenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CoworkError('INVALID_ARGUMENTS', `${file}: ${(err as Error).message}`);
  }
  const parsed = SweTask.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const task = parsed.data;
  const repository = isAbsolute(task.repository) ? task.repository : resolve(dirname(file), task.repository);
  return { scenario: sweScenario(task, repository), file };
}

export function sweScenario(task: SweTask, repository: string): Scenario {
  return Scenario.parse({
    id: task.id,
    category: task.category,
    difficulty: task.difficulty,
    title: task.problemStatement.split('\n')[0]!.slice(0, 200),
    prompt: `Solve this issue in the repository (the current folder). Change the code, not the tests.\n\n${task.problemStatement}`,
    setup: { repository: { path: repository, commit: task.commit } },
    maxTurns: task.maxTurns,
    verifier: {
      command: { argv: ['sh', '-c', verifierScript(task)], files: task.testFiles, timeoutMs: task.timeoutMs },
    },
    scripted: task.scripted ?? [
      {
        reply: {
          toolCalls: [{ name: 'complete_task', arguments: { summary: 'No scripted fix for this task.' } }],
        },
      },
    ],
  });
}

/** Every command run, each failure named; the exit status is 1 when any of them failed. */
export function verifierScript(task: SweTask): string {
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const step = (kind: string, cmd: string) =>
    `if sh -c ${q(cmd)}; then echo ${q(`${kind} ok: ${cmd}`)}; else echo ${q(`${kind} FAILED: ${cmd}`)}; failed=1; fi`;
  return [
    'failed=0',
    ...task.FAIL_TO_PASS.map((c) => step('FAIL_TO_PASS', c)),
    ...task.PASS_TO_PASS.map((c) => step('PASS_TO_PASS', c)),
    'exit $failed',
  ].join('\n');
}
