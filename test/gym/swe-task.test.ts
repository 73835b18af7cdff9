/**
 * The SWE-bench-style adapter on a small repository made here: the task's commit is checked out
 * (a later commit's file is not there), the tests copied in after the run decide it — FAIL_TO_PASS
 * must pass now, PASS_TO_PASS still.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { SweTaskInput } from '../../src/contracts/index.js';
import { loadSweTask, runScriptedSuite, runSuite } from '../../src/gym/index.js';
import { fixture } from '../helpers/fixture/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { callOf } from './gym-helpers.js';

function gitRepo(dir: string): string {
  mkdirSync(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  git('init', '-q');
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
  writeFileSync(
    join(dir, 'calc.js'),
    'export const add = (a, b) => a - b;\nexport const mul = (a, b) => a * b;\n',
  );
  writeFileSync(
    join(dir, 'test-mul.mjs'),
    "import { mul } from './calc.js';\nif (mul(2, 3) !== 6) process.exit(1);\n",
  );
  git('add', '-A');
  git('commit', '-q', '-m', 'calc with a bug in add');
  const commit = git('rev-parse', 'HEAD');
  writeFileSync(join(dir, 'later.txt'), 'from a later commit\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'later');
  return commit;
}

const fix = [
  {
    reply: {
      toolCalls: [
        {
          name: 'fs_edit',
          arguments: { path: 'calc.js', edits: [{ oldText: '(a, b) => a - b', newText: '(a, b) => a + b' }] },
        },
      ],
    },
  },
  { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'add adds' } }] } },
];

it('runs a task file: the repository at its commit, FAIL_TO_PASS and PASS_TO_PASS decide', {
  timeout: 120_000,
}, async () => {
  const f = await fixture('cowork-gym-swe-').withDaemon().start();
  const commit = gitRepo(join(f.root, 'repo'));
  const task = (id: string, scripted?: typeof fix): SweTaskInput => ({
    id,
    repository: 'repo',
    commit,
    problemStatement: 'add() subtracts\n\nadd(2, 3) should be 5.',
    FAIL_TO_PASS: ['node test-add.mjs', 'test ! -e later.txt'],
    PASS_TO_PASS: ['node test-mul.mjs', "node -e 'process.exit(0)'"],
    testFiles: {
      'test-add.mjs': "import { add } from './calc.js';\nif (add(2, 3) !== 5) process.exit(1);\n",
    },
    ...(scripted ? { scripted } : {}),
  });
  writeFileSync(join(f.root, 'fixed.json'), JSON.stringify(task('swe-fixed', fix)));
  writeFileSync(join(f.root, 'unfixed.json'), JSON.stringify(task('swe-unfixed')));
  const scenarios = [loadSweTask(join(f.root, 'fixed.json')), loadSweTask(join(f.root, 'unfixed.json'))];
  expect(scenarios[0]!.scenario.prompt).toContain('add(2, 3) should be 5.');

  const call = callOf(f.client);
  const report = await runScriptedSuite(call, scenarios, {
    suite: null,
    concurrency: 2,
    tempRoot: f.root,
  });

  const [fixed, unfixed] = report.results;
  expect(fixed!.pass, `${fixed!.reason}\n${fixed!.command?.output}`).toBe(true);
  expect(fixed!.command?.output).toContain('FAIL_TO_PASS ok: test ! -e later.txt');
  expect(fixed!.command?.output).toContain("PASS_TO_PASS ok: node -e 'process.exit(0)'");
  expect(unfixed!.pass).toBe(false);
  expect(unfixed!.command?.output).toContain('FAIL_TO_PASS FAILED: node test-add.mjs');
  expect(unfixed!.command?.output).toContain('PASS_TO_PASS ok: node test-mul.mjs');
});

it('refuses a task file that does not fit, naming the field', () => {
  const file = join(tempDir('cowork-gym-swe-'), 'bad.json');
  writeFileSync(
    file,
    JSON.stringify({ id: 'x', repository: 'r', commit: 'abcd', problemStatement: 'p', FAIL_TO_PASS: [] }),
  );
  expect(() => loadSweTask(file)).toThrow(/FAIL_TO_PASS: /);
});
