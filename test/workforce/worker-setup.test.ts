import { describe, expect, it } from 'vitest';
import { reviewScore, workerPrompt } from '../../src/workforce/worker-prompt.js';
import { narrowedMode } from '../../src/workforce/worker-runs.js';

describe("a worker's run", () => {
  it('takes a role’s mode only when it is stricter than the workforce’s', () => {
    expect(narrowedMode('auto-edit', 'read-only')).toBe('read-only');
    expect(narrowedMode('auto-edit', 'ask')).toBe('ask');
    expect(narrowedMode('ask', 'auto-edit')).toBe('ask');
    expect(narrowedMode('read-only', 'auto-edit')).toBe('read-only');
    expect(narrowedMode('ask', undefined)).toBe('ask');
  });

  it('is told its dependencies’ results (a skipped one says so) and the messages so far', () => {
    const prompt = workerPrompt({
      spec: {
        id: 't',
        title: 'T',
        instructions: 'Do T.',
        capabilities: [],
        dependsOn: ['a', 'b'],
        priority: 0,
        review: false,
        expectedOutput: 'a table',
      },
      request: 'the request',
      inputs: [
        {
          task: 'a',
          result: { task: 'a', attempt: 1, runId: 'r', summary: 'A-SAID', artifacts: ['/w/a.md'] },
        },
        {
          task: 'b',
          result: { task: 'b', attempt: 0, runId: '', summary: '', artifacts: [], skipped: true },
        },
      ],
      messages: ['hurry'],
    });
    for (const part of [
      '(id t)',
      'Do T.',
      'a table',
      '[a] A-SAID',
      '/w/a.md',
      '[b] skipped',
      '- hurry',
      'complete_task',
    ])
      expect(prompt).toContain(part);
  });

  it('reads a reviewer’s score from the start of its summary only', () => {
    expect(reviewScore('score: 7 — fine')).toBe(7);
    expect(reviewScore('Score:10')).toBe(10);
    expect(reviewScore('it deserves score: 9')).toBeUndefined();
    expect(reviewScore('score: 11')).toBeUndefined();
  });
});
