import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compilePolicy, evaluate } from '../../src/enclave/index.js';
import { LessonStore } from '../../src/memory/index.js';
import { type Database, homePaths, openDatabase } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let db: Database;
let lessons: LessonStore;
const W = '/home/p/project';

beforeEach(() => {
  dir = tempDir('cowork-lessons-');
  db = openDatabase(homePaths(dir).database);
  lessons = new LessonStore(db);
});
afterEach(() => db.close());

describe('lessons', () => {
  it('persist across a restart and can be edited and removed', () => {
    const l = lessons.add({ text: 'Always indent with tabs', triggers: ['indentation'], workspace: W });
    db.close();
    db = openDatabase(homePaths(dir).database);
    lessons = new LessonStore(db);
    expect(lessons.list()).toEqual([l]);
    const edited = lessons.update(l.id, { kind: 'hard', confidence: 1 });
    expect(edited).toMatchObject({ text: 'Always indent with tabs', kind: 'hard', confidence: 1 });
    expect(lessons.remove(l.id)).toBe(true);
    expect(lessons.list()).toEqual([]);
    expect(() => lessons.get(l.id)).toThrow(/No lesson/);
    expect(() => lessons.add({ text: '' })).toThrow();
    expect(() => lessons.add({ text: 'x', confidence: 2 })).toThrow();
  });

  it('retrieves the relevant ones, hard constraints first, and none for an unrelated task', () => {
    const tabs = lessons.add({
      text: 'Always indent code with tabs',
      triggers: ['formatting'],
      workspace: W,
    });
    const dates = lessons.add({ text: 'Write dates as YYYY-MM-DD', triggers: ['date', 'report'] });
    const legal = lessons.add({ text: 'Never touch the legal/ folder', kind: 'hard', workspace: W });
    lessons.add({ text: 'Prefer pnpm over npm', workspace: '/home/p/other' });

    expect(lessons.relevant('Fix the indentation: use tabs in parser.ts', W).map((l) => l.id)).toEqual([
      legal.id,
      tabs.id,
    ]);
    expect(lessons.relevant('Draft the quarterly report with dates', W).map((l) => l.id)).toEqual([
      legal.id,
      dates.id,
    ]);
    // another folder: the workspace's own hard rule does not follow, the global lesson does
    expect(lessons.relevant('Draft the quarterly report', '/tmp/elsewhere').map((l) => l.id)).toEqual([
      dates.id,
    ]);
    expect(lessons.relevant('Summarise this podcast transcript', '/tmp/elsewhere')).toEqual([]);
    // a sub-folder of the workspace is the workspace
    expect(lessons.relevant('anything', `${W}/src`).map((l) => l.id)).toEqual([legal.id]);
    // deterministic
    expect(lessons.relevant('Fix the indentation: use tabs', W)).toEqual(
      lessons.relevant('Fix the indentation: use tabs', W),
    );
  });

  it('offers a "never touch" constraint as a policy rule the enclave enforces', () => {
    const legal = lessons.add({ text: 'Never touch the `legal/` folder', kind: 'hard', workspace: W });
    const rule = lessons.policyRuleFor(legal)!;
    expect(rule).toMatchObject({
      action: 'fs.*',
      decision: 'deny',
      match: { paths: [`${W}/legal`, `${W}/legal/**`] },
    });
    const policy = compilePolicy({ version: 1, rules: [rule] });
    const grants = [{ path: W, mode: 'rw' as const }];
    expect(
      evaluate(policy, { action: 'fs.write', path: `${W}/legal/contract.md` }, { grants }).decision,
    ).toBe('deny');
    expect(evaluate(policy, { action: 'fs.read', path: `${W}/src/a.ts` }, { grants }).decision).toBe('allow');
    expect(
      lessons.policyRuleFor(lessons.add({ text: 'Prefer short sentences', kind: 'hard', workspace: W })),
    ).toBeUndefined();
    expect(
      lessons.policyRuleFor(lessons.add({ text: 'Never touch ../secrets', kind: 'hard', workspace: W })),
    ).toBeUndefined();
    expect(
      lessons.policyRuleFor(lessons.add({ text: 'Never touch legal/', kind: 'soft', workspace: W })),
    ).toBeUndefined();
  });
});
