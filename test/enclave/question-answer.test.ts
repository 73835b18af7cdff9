/**
 * The daemon's check of a person's answer to a server's question: each field by its kind, required
 * fields, unknown fields, and field names that are keys of `Object.prototype` (a server names the
 * fields, so "__proto__" and "constructor" are names like any other).
 */
import { describe, expect, it } from 'vitest';
import { CoworkError, type QuestionField } from '../../src/contracts/index.js';
import { checkedAnswer } from '../../src/enclave/question-answer.js';

const field = (f: Partial<QuestionField> & Pick<QuestionField, 'kind' | 'name'>) =>
  ({ title: f.name, required: false, ...f }) as QuestionField;

const problems = (fields: QuestionField[], response: Record<string, unknown>) => {
  try {
    checkedAnswer(fields, response);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(CoworkError);
    expect((err as CoworkError).code).toBe('INVALID_ARGUMENTS');
    return (((err as CoworkError).details?.fields ?? []) as { field: string; message: string }[]).map(
      (p) => `${p.field} ${p.message}`,
    );
  }
};

describe('checkedAnswer', () => {
  const fields = [
    field({ kind: 'text', name: 'name', required: true, maxLength: 5 }),
    field({ kind: 'text', name: 'when', format: 'date' }),
    field({ kind: 'number', name: 'n', integer: true, minimum: 1, maximum: 3 }),
    field({ kind: 'boolean', name: 'ok' }),
    field({ kind: 'choice', name: 'one', options: [{ value: 'a', label: 'A' }] }),
    field({
      kind: 'choices',
      name: 'some',
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
      maxItems: 1,
    }),
  ];

  it('passes a fitting answer as given, leaving out empty fields', () => {
    expect(checkedAnswer(fields, { name: 'Ada', n: 2, ok: false, some: ['b'], when: null })).toEqual({
      name: 'Ada',
      n: 2,
      ok: false,
      some: ['b'],
    });
  });

  it('names every field that does not fit', () => {
    expect(
      problems(fields, { when: '2026-13-45', n: 2.5, ok: 'yes', one: 'z', some: ['a', 'b'], extra: 1 }),
    ).toEqual([
      'extra is not asked for',
      'name is required',
      'when must be a valid date',
      'n must be a whole number',
      'ok must be yes or no',
      'one must be one of a',
      'some takes at most 1',
    ]);
    expect(problems(fields, { name: 'Too long' })).toEqual(['name must be at most 5 characters']);
  });

  it('treats prototype keys as ordinary field names', () => {
    const odd = [
      field({ kind: 'text', name: '__proto__', required: true }),
      field({ kind: 'text', name: 'constructor', required: true }),
    ];
    // Missing: required, not found on Object.prototype.
    expect(problems(odd, {})).toEqual(['__proto__ is required', 'constructor is required']);
    const answer = checkedAnswer(odd, JSON.parse('{"__proto__": "x", "constructor": "y"}'));
    expect(Object.hasOwn(answer, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(answer))).toEqual(JSON.parse('{"__proto__": "x", "constructor": "y"}'));
  });
});
