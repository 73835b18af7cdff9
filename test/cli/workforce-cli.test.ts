/**
 * `cowork workforce`, as a person calls it: its help, usage mistakes, and a plan file checked
 * before anything is sent — refused with exit 2 naming the tasks, even with no daemon running;
 * then against a real daemon with scripted workers: a plan run to completion (the live lines and
 * the table, or one JSON document), replay, a dead-lettered task shown with how to fix it, skipped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WorkforceView } from '../../src/contracts/index.js';
import { CLI, cowork, spawn, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  failingTurn,
  taskMatch,
  waitForStatus,
  waitForTask,
  workerTurns,
} from '../workforce/workforce-helpers.js';

const task = (id: string, dependsOn: string[] = []) => ({
  id,
  title: `Do ${id}`,
  instructions: `do ${id}`,
  dependsOn,
});

/**
 * `cowork workforce run` of a plan file, followed live: what it has printed on stderr so far, and
 * its exit code once it ends. Killed when the test ends.
 */
function followRun(f: DaemonFixture, prompt: string, planFile: string) {
  const child = spawn(process.execPath, [
    CLI,
    '--home',
    f.home,
    'workforce',
    'run',
    prompt,
    '--folder',
    f.folder,
    '--plan',
    planFile,
    '--model',
    'replay/m',
  ]);
  onTestFinished(() => {
    child.kill();
  });
  const run = {
    child,
    stderr: '',
    exited: new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1))),
  };
  child.stderr.on('data', (d) => {
    run.stderr += d;
  });
  return run;
}

describe('cowork workforce, without a daemon', () => {
  it('has its help and answers a wrong call with its usage (exit 2)', async () => {
    const help = await cowork(['workforce', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: cowork workforce run "PROMPT" --folder DIR [--plan FILE]');
    expect(help.stdout).toContain('4    it waits for you');
    expect((await cowork(['--help'])).stdout).toContain('workforce run "PROMPT"');
    for (const args of [
      ['workforce'],
      ['workforce', 'run', 'no folder'],
      ['workforce', 'retry', 'ID'],
      ['workforce', 'toString', 'ID'],
    ]) {
      const r = await cowork(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('(see `cowork workforce --help`)');
    }
    const workers = await cowork(['workforce', 'run', 'x', '--folder', '.', '--workers', '40']);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toContain('--workers must be a whole number 1–16, got "40"');
  });

  it('refuses a plan file that cannot run before anything is sent, naming the tasks', async () => {
    const home = tempDir('cowork-wf-cli-');
    const dir = tempDir('cowork-wf-plan-');
    const plan = (name: string, body: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
      return path;
    };
    const run = (file: string) =>
      cowork(['--home', home, 'workforce', 'run', 'go', '--folder', dir, '--plan', file]);

    // No daemon runs for this home: had the command called one, it would say UNAVAILABLE (exit 1).
    const cycle = await run(
      plan('cycle.json', { tasks: [task('a', ['c']), task('b', ['a']), task('c', ['b'])] }),
    );
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toContain(
      'cycle.json: The tasks depend on each other in a cycle: a → c → b → a. (INVALID_PLAN)',
    );
    expect(cycle.stderr).not.toContain('UNAVAILABLE');

    const missing = await run(plan('missing.json', { tasks: [task('a', ['ghost'])] }));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('a → ghost');

    const schema = await run(plan('schema.json', { tasks: [task('a'), { ...task('b'), title: '' }] }));
    expect(schema.code).toBe(2);
    expect(schema.stderr).toContain('tasks.1 ("b").title:');

    const notJson = await run(plan('bad.json', '{"tasks": ['));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('The plan is not valid JSON');

    const absent = await run(join(dir, 'nope.json'));
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('cannot read the plan file');

    // A good plan gets as far as looking for the daemon.
    const good = await run(plan('good.json', { tasks: [task('a'), task('b', ['a'])] }));
    expect(good.code).toBe(1);
    expect(good.stderr).toContain('No daemon is running');
  });
});

describe('cowork workforce, with a daemon and scripted workers', () => {
  let f: DaemonFixture;
  let plans: string;
  const wf = (...args: string[]) => cowork(['--home', f.home, 'workforce', ...args]);
  /** A plan file of `fan` tasks run in parallel and one that combines them. */
  const fanPlan = (name: string, prefix: string, policy?: unknown) => {
    const path = join(plans, name);
    const tasks = [
      task(`${prefix}-a`),
      task(`${prefix}-b`),
      task(`${prefix}-c`, [`${prefix}-a`, `${prefix}-b`]),
    ];
    writeFileSync(path, JSON.stringify({ tasks, ...(policy ? { policy } : {}) }));
    return path;
  };
  const runPlan = (plan: string, ...more: string[]) =>
    wf(
      'run',
      'Do the work',
      '--folder',
      f.folder,
      '--plan',
      plan,
      '--model',
      'replay/m',
      '--mode',
      'auto-edit',
      ...more,
    );

  beforeAll(async () => {
    f = await fixture('cowork-wf-cli-e2e-')
      .withDaemon()
      .withGrant('rw', { 'todo.txt': 'buy milk' })
      .withReplayModel([
        ...['h-a', 'h-b', 'h-c', 'j-a', 'j-b', 'j-c'].flatMap((t) =>
          workerTurns(t, `${t.toUpperCase()} done\nsecond line`),
        ),
        // Fails, and fails again when the person retries it.
        failingTurn('s-a'),
        failingTurn('s-a'),
        // Overwriting a file asks the person in `ask` mode.
        {
          match: taskMatch('p-a'),
          reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'todo.txt', content: 'done' } }] },
        },
        {
          match: taskMatch('p-a'),
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Cleared it.' } }] },
        },
        // Without --plan the planner makes it (its prompt holds the request).
        {
          match: 'PLANNED-BY-CLI',
          reply: {
            toolCalls: [
              {
                name: 'complete_task',
                arguments: {
                  summary: `\`\`\`json\n${JSON.stringify({ tasks: [task('q-a'), task('q-b', ['q-a'])] })}\n\`\`\``,
                },
              },
            ],
          },
        },
        ...workerTurns('q-a', 'Q-A done'),
        ...workerTurns('q-b', 'Q-B done'),
        // Waits on its approval until the workforce is stopped.
        {
          match: taskMatch('i-a'),
          reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'todo.txt', content: 'never' } }] },
        },
      ])
      .start();
    plans = tempDir('cowork-wf-cli-plans-');
  });

  it('runs a plan file to completion: a line per decision, then the task table (exit 0); replay is identical', async () => {
    const r = await runPlan(fanPlan('h.json', 'h'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^workforce (\S+) started/);
    expect(r.stderr).toContain('plan: 3 tasks');
    expect(r.stderr).toMatch(/→ h-a assigned to \S+/);
    expect(r.stderr).toContain('✓ h-c completed: H-C done');
    expect(r.stderr).toContain('workforce completed');
    expect(r.stderr).toMatch(/✓ completed · 3\/3 tasks completed/);
    // h-c starts only after both it combines completed.
    const at = (text: string) => r.stderr.indexOf(text);
    expect(at('→ h-c assigned')).toBeGreaterThan(Math.max(at('✓ h-a completed'), at('✓ h-b completed')));
    expect(r.stdout).toMatch(/^TASK\s+STATUS\s+ATTEMPTS\s+RESULT\n/);
    for (const t of ['h-a', 'h-b', 'h-c'])
      expect(r.stdout).toMatch(new RegExp(`\\n${t}\\s+completed\\s+1\\s+${t.toUpperCase()} done\\n`));
    expect(r.stdout).not.toContain('second line');

    const id = /^workforce (\S+) started/.exec(r.stderr)![1]!;
    const replay = await wf('replay', id.slice(0, -2));
    expect(replay.code, replay.stderr).toBe(0);
    const { entries } = await f.client.result('workforce.log', { id });
    expect(replay.stdout).toBe(`identical: ${entries.length} entries\n`);

    const listed = await wf('list');
    expect(listed.stdout).toMatch(new RegExp(`\\n${id}\\s+\\d\\d:\\d\\d\\s+completed\\s+3/3\\s+Do the work`));
  }, 120_000);

  it('--json: one JSON document at the end, the workforce as show gives it', async () => {
    const r = await runPlan(fanPlan('j.json', 'j'), '--json', '--workers', '2', '--budget-tokens', '100000');
    expect(r.code, r.stderr).toBe(0);
    const view = WorkforceView.parse(JSON.parse(r.stdout));
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(view.workforce.status).toBe('completed');
    expect(view.workforce.workers).toBe(2);
    expect(view.workforce.budget).toEqual({ tokens: 100000 });
    expect(view.tasks.map((t) => [t.spec.id, t.status])).toEqual([
      ['j-a', 'completed'],
      ['j-b', 'completed'],
      ['j-c', 'completed'],
    ]);
    expect(view).toEqual(await f.client.result('workforce.show', { id: view.workforce.id }));
    expect(r.stderr).not.toContain('assigned');
  }, 120_000);

  it('refuses a bad plan file with the daemon up, starting nothing', async () => {
    const before = (await f.client.result('workforce.list', {})).workforces.length;
    const path = join(plans, 'dup.json');
    writeFileSync(path, JSON.stringify({ tasks: [task('d'), task('d')] }));
    const r = await runPlan(path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Task ids must be unique: d appear more than once. (INVALID_PLAN)');
    expect((await f.client.result('workforce.list', {})).workforces).toHaveLength(before);
  });

  it('stops following when a task is dead-lettered (exit 4); show lists the dead letter; retry, then skip', async () => {
    const path = join(plans, 's.json');
    writeFileSync(path, JSON.stringify({ tasks: [task('s-a')], policy: { retries: 0, escalateAfter: 50 } }));
    const r = await runPlan(path);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/✗ s-a failed \(attempt 1\): /);
    expect(r.stderr).toMatch(/waiting for you: s-a is dead-lettered \(1 attempt; last error: .+\)/);
    const id = /^workforce (\S+) started/.exec(r.stderr)![1]!;
    expect(r.stderr).toContain(
      `retry: cowork workforce retry ${id} s-a   skip: cowork workforce skip ${id} s-a`,
    );
    expect(r.stdout).toMatch(/\ns-a\s+failed \(dead letter\)\s+1\s+error: /);

    const shown = await wf('show', id.slice(0, -2));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`workforce  ${id}`);
    expect(shown.stdout).toMatch(/\nDead letters:\n {2}s-a {2}1 attempt {2}last error: .+\n/);
    expect(shown.stdout).toContain(`    retry: cowork workforce retry ${id} s-a`);
    expect(shown.stdout).toMatch(/\nWORKER\s+ROLE\s+STATE\s+RUNNING\n/);

    const wrong = await wf('skip', id, 'nope');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('No task nope in workforce');
    const retry = await wf('retry', id, 's-a', '--json');
    expect(retry.code, retry.stderr).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({ queued: true });
    const again = await waitForTask(f.client, id, (t) => t.attempts === 2 && t.deadLettered);
    expect(again.workforce.status).toBe('needs_you');
    const skip = await wf('skip', id.slice(0, -2), 's-a');
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stdout).toMatch(
      /^queued: skip of s-a \(request #\d+\), applied at the next scheduler tick\n$/,
    );
    const done = await waitForStatus(f.client, id, ['completed', 'stopped', 'failed']);
    expect(done.workforce.status).toBe('completed');
    expect(done.tasks[0]?.result?.skipped).toBe(true);
    expect((await wf('replay', id)).stdout).toMatch(/^identical: \d+ entries\n$/);
  }, 120_000);

  it('shows a worker run’s approval with its task, and goes on once it is answered', async () => {
    const path = join(plans, 'p.json');
    writeFileSync(path, JSON.stringify({ tasks: [task('p-a')] }));
    const run = followRun(f, 'Clear the list', path);
    await waitUntil(() => run.stderr.includes('p-a needs your approval:'), 30_000);
    const { approvals } = await f.client.result('approvals.list', {});
    const asked = approvals.find((a) => a.runId?.endsWith('.p-a.1'));
    expect(asked, run.stderr).toBeDefined();
    expect(run.stderr).toContain(
      `p-a needs your approval:\ncowork: waiting for your approval: ${asked!.title}`,
    );
    expect(run.stderr).toContain(`approve: cowork approvals approve ${asked!.number}`);
    await f.client.result('approvals.decide', { id: asked!.id, status: 'approved' });
    expect(await run.exited, run.stderr).toBe(0);
    expect(run.stderr).toContain('  p-a: approval approved');
    expect(run.stderr).toContain('✓ p-a completed: Cleared it.');
  }, 120_000);

  it('queues a message, a pause and a resume (each said as applied), and Ctrl+C stops the workforce (exit 1)', async () => {
    const path = join(plans, 'i.json');
    writeFileSync(path, JSON.stringify({ tasks: [task('i-a'), task('i-b', ['i-a'])] }));
    const run = followRun(f, 'Wait', path);
    await waitUntil(() => run.stderr.includes('i-a needs your approval:'), 30_000);
    const id = /^workforce (\S+) started/.exec(run.stderr)![1]!;

    const message = await wf('message', id, 'Keep it short');
    expect(message.code, message.stderr).toBe(0);
    expect(message.stdout).toMatch(/^queued: message to the coordinator \(request #\d+\)/);
    expect((await wf('pause', id)).stdout).toMatch(/^queued: pause of workforce /);
    await waitUntil(() => run.stderr.includes('paused (running tasks finish'), 30_000);
    expect((await wf('resume', id)).code).toBe(0);
    await waitUntil(() => run.stderr.includes('\nresumed\n'), 30_000);

    run.child.kill('SIGINT');
    expect(await run.exited, run.stderr).toBe(1);
    expect(run.stderr).toContain('stopping the workforce');
    expect(run.stderr).toContain('workforce stopped');
    expect(run.stderr).toMatch(/✗ stopped · 0\/2 tasks completed/);
    expect(readFileSync(join(f.folder, 'todo.txt'), 'utf8')).not.toBe('never');
  }, 120_000);

  it('without --plan, follows the planner and then its plan to completion', async () => {
    const r = await wf(
      'run',
      'PLANNED-BY-CLI: two steps',
      '--folder',
      f.folder,
      '--model',
      'replay/m',
      '--mode',
      'auto-edit',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('plan: 2 tasks');
    expect(r.stderr).toContain('✓ q-b completed: Q-B done');
    expect(r.stdout).toMatch(/\nq-a\s+completed\s+1\s+Q-A done\nq-b\s+completed\s+1\s+Q-B done\n$/);
    const id = /^workforce (\S+) started/.exec(r.stderr)![1]!;
    const shown = await wf('show', id);
    expect(shown.stdout).toContain(`planner    run ${id}.plan:1`);
  }, 120_000);
});
