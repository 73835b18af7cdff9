/**
 * `cowork workforce`, as a person calls it: its help, usage mistakes, and a plan file checked
 * before anything is sent — refused with exit 2 naming the tasks, even with no daemon running.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cowork } from '../helpers/daemon.js';
import { tempDir } from '../helpers/temp-dir.js';

const task = (id: string, dependsOn: string[] = []) => ({
  id,
  title: `Do ${id}`,
  instructions: `do ${id}`,
  dependsOn,
});

describe('cowork workforce, without a daemon', () => {
  it('has its help and answers a wrong call with its usage (exit 2)', async () => {
    const help = await cowork(['workforce', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: cowork workforce run "PROMPT" --folder DIR [--plan FILE]');
    expect(help.stdout).toContain('4    it waits for you');
    expect((await cowork(['--help'])).stdout).toContain('workforce run "PROMPT"');
    for (const args of [['workforce'], ['workforce', 'run', 'no folder'], ['workforce', 'retry', 'ID']]) {
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
