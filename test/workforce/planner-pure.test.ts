/**
 * The planner's pure parts (src/workforce/planner.ts): the prompt, reading an answer as a checked
 * plan, the re-ask. (planner.test.ts drives the planner run through a daemon.)
 */
import { describe, expect, it } from 'vitest';
import { CoworkError } from '../../src/contracts/index.js';
import { plannerPrompt, planRetryPrompt, readPlan } from '../../src/workforce/planner.js';

const task = (id: string, dependsOn: string[] = []) => ({
  id,
  title: `Do ${id}`,
  instructions: `do ${id}`,
  dependsOn,
});
const good = { tasks: [task('a'), task('b'), task('c', ['a', 'b'])] };
const json = JSON.stringify(good, null, 2);

/** The INVALID_PLAN readPlan throws for `text` (fails the test when it does not throw one). */
function refusal(text: string): CoworkError {
  try {
    readPlan(text);
  } catch (err) {
    expect(err).toBeInstanceOf(CoworkError);
    expect((err as CoworkError).code).toBe('INVALID_PLAN');
    return err as CoworkError;
  }
  throw new Error('readPlan accepted it');
}

describe('readPlan', () => {
  it('reads a plan in a ```json fence, bare, or with prose around it, defaults filled in', () => {
    for (const text of [
      `\`\`\`json\n${json}\n\`\`\``,
      `Here is the plan:\n\`\`\`\n${json}\n\`\`\`\nIt runs a and b in parallel.`,
      json,
      `I split it in three {roughly}: ${JSON.stringify(good)} — a and b first.`,
    ]) {
      const plan = readPlan(text);
      expect(plan.tasks.map((t) => t.id)).toEqual(['a', 'b', 'c']);
      expect(plan.tasks[2]!.dependsOn).toEqual(['a', 'b']);
      expect(plan.tasks[0]!.priority).toBe(0);
    }
  });

  it('takes the json fence over a fence of another language before it', () => {
    const text = `\`\`\`sh\nls {x}\n\`\`\`\n\`\`\`json\n${json}\n\`\`\``;
    expect(readPlan(text).tasks).toHaveLength(3);
  });

  it('refuses what holds no JSON, or JSON that does not parse, saying so', () => {
    expect(refusal('I could not make a plan.').details).toEqual({ reason: 'no_json' });
    const bad = refusal('```json\n{"tasks": [ {"id": "a",, } ]}\n```');
    expect(bad.details?.['reason']).toBe('json');
    expect(bad.message).toMatch(/^The plan is not valid JSON: /);
    expect(refusal('{"tasks": [').details?.['reason']).toBe('json');
  });

  it('names each schema issue by its path and the task it is in', () => {
    const err = refusal(
      JSON.stringify({
        tasks: [task('a'), { id: 'b', title: '', instructions: 'x', dependsOn: ['bad id!'] }],
        extra: 1,
      }),
    );
    expect(err.details?.['reason']).toBe('schema');
    expect(err.message).toContain('tasks.1 ("b").title:');
    expect(err.message).toContain('tasks.1 ("b").dependsOn.0:');
    expect(err.message).toMatch(/plan: .*extra/);
    const issues = err.details?.['issues'] as { path: string }[];
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['tasks.1.title', 'tasks.1.dependsOn.0']),
    );
    expect(refusal('{"tasks": []}').message).toContain('tasks:');
  });

  it('refuses duplicates, missing dependencies and cycles, naming the tasks', () => {
    const dup = refusal(JSON.stringify({ tasks: [task('a'), task('a')] }));
    expect(dup.details).toEqual({ reason: 'duplicate', tasks: ['a'] });
    expect(dup.message).toContain('a appear');
    const missing = refusal(JSON.stringify({ tasks: [task('a', ['ghost'])] }));
    expect(missing.details).toEqual({ reason: 'missing', tasks: ['a → ghost'] });
    const cycle = refusal(
      JSON.stringify({ tasks: [task('x', ['z']), task('y', ['x']), task('z', ['y']), task('w')] }),
    );
    expect(cycle.details?.['reason']).toBe('cycle');
    expect(cycle.details?.['tasks']).toEqual(['x', 'z', 'y']);
    expect(cycle.message).toContain('x → z → y → x');
  });

  it('refuses a huge answer at once, before scanning it', () => {
    const huge = `${'{'.repeat(3_000_000)}${json}`;
    const started = performance.now();
    const err = refusal(huge);
    expect(performance.now() - started).toBeLessThan(50);
    expect(err.details).toMatchObject({ reason: 'too_large', max: 2_000_000 });
    // Just under the cap, a hostile text of unclosed fences and braces is still read in one pass.
    const hostile = '```json {'.repeat(199_000);
    const t = performance.now();
    expect(refusal(hostile).details?.['reason']).toBe('json');
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('plannerPrompt and planRetryPrompt', () => {
  it('asks for the plan as JSON only, with every task field, the roles and the parallelism', () => {
    const prompt = plannerPrompt('Compare the vendors', { workers: 4, roles: ['researcher', 'writer'] });
    expect(prompt).toContain('complete_task');
    expect(prompt).toContain('up to\n4 at once');
    expect(prompt).toContain('Roles available: researcher, writer.');
    for (const field of ['id', 'title', 'instructions', 'role', 'dependsOn', 'priority', 'expectedOutput'])
      expect(prompt).toContain(`- ${field}: `);
    expect(prompt.endsWith('The request:\nCompare the vendors')).toBe(true);
    // The example it shows is itself a plan readPlan takes.
    const example = prompt.slice(prompt.indexOf('For example:\n') + 13, prompt.indexOf('\n\nThe request:'));
    expect(readPlan(example).tasks.map((t) => t.id)).toEqual(['research-a', 'research-b', 'compare']);
  });

  it('shows no roles when there are none to give', () => {
    const prompt = plannerPrompt('Do it', { workers: 2, roles: [] });
    expect(prompt).toContain('Roles available: none (leave `role` out).');
    expect(prompt).not.toContain('"role"');
  });

  it('re-asks with exactly what was wrong', () => {
    const err = refusal(JSON.stringify({ tasks: [task('a', ['ghost'])] }));
    const retry = planRetryPrompt(err);
    expect(retry).toContain('a → ghost');
    expect(retry).toContain('Answer again');
  });
});
