import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LessonSimilarity, LessonStore, lessonTerms, retrievalEval } from '../../src/memory/index.js';
import { type Database, homePaths, openDatabase } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let db: Database;
let lessons: LessonStore;

beforeEach(() => {
  db = openDatabase(homePaths(tempDir('cowork-learning-')).database);
  lessons = new LessonStore(db);
});
afterEach(() => db.close());

describe('lesson retrieval (the learning evaluation)', () => {
  it('puts the right lesson first (precision@1 > 90%) and filters > 95% of unrelated ones', () => {
    const score = retrievalEval(lessons);
    expect(score.precisionAt1).toBeGreaterThan(0.9);
    expect(score.noiseFiltered, JSON.stringify(score.noise)).toBeGreaterThan(0.95);
  });

  it('is deterministic and puts rules before preferences', () => {
    const soft = lessons.add({ text: 'Prefer short commit messages about the parser', kind: 'soft' });
    const hard = lessons.add({ text: 'Never amend commit history', kind: 'hard' });
    const task = 'Write the commit message for the parser fix';
    const first = lessons.relevant(task, null);
    expect(first.map((l) => l.id)).toEqual([hard.id, soft.id]);
    expect(lessons.relevant(task, null)).toEqual(first);
  });

  it('by meaning when the embedder runs: a lesson with no word in common, not an unrelated one', async () => {
    const cats = lessons.add({ text: 'Feed the cat at seven', kind: 'soft' });
    lessons.add({ text: 'Water the garden plants', kind: 'soft' });
    // A stand-in embedder: texts about pets point one way, everything else another.
    const pets = /\b(cat|kitten|pet)\b/i;
    const embedder = {
      id: 'test',
      dims: 8,
      embed: async (texts: string[]) =>
        texts.map((t) =>
          Float32Array.from(pets.test(t) ? [1, 0, 0, 0, 0, 0, 0, 0] : [0, 1, 0, 0, 0, 0, 0, 0]),
        ),
      close: async () => {},
    };
    const task = 'Look after the kitten tonight';
    expect([...lessonTerms(task)].some((w) => lessonTerms(cats.text).has(w))).toBe(false);
    expect(lessons.relevant(task, null)).toEqual([]);
    const similarity = await new LessonSimilarity(async () => embedder).of(task, lessons.list());
    expect(lessons.relevant(task, null, undefined, similarity).map((l) => l.text)).toEqual([
      'Feed the cat at seven',
    ]);
    expect(await new LessonSimilarity(async () => null).of(task, lessons.list())).toBeUndefined();
  });
});
