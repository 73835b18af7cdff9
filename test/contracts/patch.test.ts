/**
 * Patches leave absent fields absent: a schema's defaults are for what is created, not for what
 * is changed (an edit of a lesson's text kept it hard and in its folder only once this held).
 */
import { describe, expect, it } from 'vitest';
import { TaskEdit, TaskSpec } from '../../src/contracts/index.js';
import { LessonUpdateParams } from '../../src/contracts/rpc/memory.js';

describe('patches', () => {
  it('a lesson patch of its text alone is that text alone', () => {
    expect(LessonUpdateParams.parse({ id: 'l', patch: { text: 'Never touch drafts/' } })).toEqual({
      id: 'l',
      patch: { text: 'Never touch drafts/' },
    });
  });

  it('a task edit of its title does not reset its priority, capabilities or review', () => {
    expect(TaskEdit.parse({ title: 'Better title' })).toEqual({ title: 'Better title' });
  });

  it("a task's own failure policy names only what it overrides of the workforce's", () => {
    const spec = TaskSpec.parse({ id: 't', title: 'T', instructions: 'i', policy: { retries: 5 } });
    expect(spec.policy).toEqual({ retries: 5 });
  });

  it('still checks what is given, and refuses what the schema does not know', () => {
    expect(LessonUpdateParams.safeParse({ id: 'l', patch: { kind: 'firm' } }).success).toBe(false);
    expect(TaskEdit.safeParse({ priority: 5000 }).success).toBe(false);
    expect(TaskEdit.safeParse({ owner: 'me' }).success).toBe(false);
  });
});
