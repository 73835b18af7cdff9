/**
 * The person's answer to a form question, checked against its fields before it is recorded or sent
 * to the server: a wrong answer is refused with the field and the reason, and the question stays
 * open for them to fix it.
 */
import { CoworkError, type QuestionAnswer, type QuestionField } from '../contracts/index.js';
import { ownValue } from './own-value.js';

type Value = QuestionAnswer[string];

// The spec's formats, checked loosely: the server checks its own meaning of them.
const FORMATS: Record<string, (v: string) => boolean> = {
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  uri: (v) => URL.canParse(v),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  'date-time': (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v),
};

function problemWith(field: QuestionField, value: unknown): string | undefined {
  switch (field.kind) {
    case 'text': {
      if (typeof value !== 'string') return 'must be text';
      if (field.minLength !== undefined && value.length < field.minLength)
        return `must be at least ${field.minLength} characters`;
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return `must be at most ${field.maxLength} characters`;
      if (field.format && !FORMATS[field.format]?.(value)) return `must be a valid ${field.format}`;
      return undefined;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (field.integer && !Number.isInteger(value)) return 'must be a whole number';
      if (field.minimum !== undefined && value < field.minimum) return `must be at least ${field.minimum}`;
      if (field.maximum !== undefined && value > field.maximum) return `must be at most ${field.maximum}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be yes or no';
    case 'choice':
      return typeof value === 'string' && field.options.some((o) => o.value === value)
        ? undefined
        : `must be one of ${field.options.map((o) => o.value).join(', ')}`;
    case 'choices': {
      if (!Array.isArray(value) || value.some((v) => !field.options.some((o) => o.value === v)))
        return `must be some of ${field.options.map((o) => o.value).join(', ')}`;
      if (new Set(value).size !== value.length) return 'must not repeat a choice';
      if (field.minItems !== undefined && value.length < field.minItems)
        return `needs at least ${field.minItems}`;
      if (field.maxItems !== undefined && value.length > field.maxItems)
        return `takes at most ${field.maxItems}`;
      return undefined;
    }
  }
}

/** The answer (fields left empty omitted) when every field fits; otherwise INVALID_ARGUMENTS naming each problem. */
export function checkedAnswer(fields: QuestionField[], response: Record<string, unknown>): QuestionAnswer {
  const problems: { field: string; message: string }[] = [];
  // Field names are the server's: "__proto__" or "constructor" are names like any other.
  const answer: [string, Value][] = [];
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(response))
    if (!known.has(name)) problems.push({ field: name, message: 'is not asked for' });
  for (const field of fields) {
    const value = ownValue(response, field.name);
    if (value === undefined || value === null) {
      if (field.required) problems.push({ field: field.name, message: 'is required' });
      continue;
    }
    const problem = problemWith(field, value);
    if (problem) problems.push({ field: field.name, message: problem });
    else answer.push([field.name, value as Value]);
  }
  if (problems.length > 0)
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `The answer does not fit the question: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
      { fields: problems },
    );
  return Object.fromEntries(answer);
}
