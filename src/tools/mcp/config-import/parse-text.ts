import { createRequire } from 'node:module';
import {
  CoworkError,
  nestedDeeperThan,
  textNestedDeeperThan,
  tooDeepMessage,
} from '../../../contracts/index.js';

const refuse = (message: string) => new CoworkError('INVALID_ARGUMENTS', message);

/**
 * A config file's text as a value: JSON, JSON with comments and trailing commas (VS Code and Cursor
 * files are JSONC), or YAML (goose). Hostile text is refused before anything walks it: nesting past
 * MAX_NESTING, alias bombs, and `__proto__` keys (a later spread or merge of one would set an
 * object's prototype).
 */
export function parseConfigText(text: string, yaml: boolean): unknown {
  if (textNestedDeeperThan(text)) throw refuse(tooDeepMessage('The file'));
  const value = yaml ? parseYaml(text) : parseJsonc(text);
  if (nestedDeeperThan(value)) throw refuse(tooDeepMessage('The file'));
  const proto = protoKeyPath(value);
  if (proto !== undefined) throw refuse(`The file has a key named "__proto__" (at ${proto || 'the top'}).`);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw refuse('The file is not an MCP configuration: its top level is not an object.');
  return value;
}

function parseJsonc(text: string): unknown {
  try {
    return JSON.parse(stripJsonComments(text));
  } catch (err) {
    throw refuse(`The file is not valid JSON: ${(err as Error).message}`);
  }
}

function parseYaml(text: string): unknown {
  try {
    // Loaded only for goose files, like the policy's parser.
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    return parse(text, { maxAliasCount: 100 });
  } catch (err) {
    if (/Maximum call stack/.test((err as Error).message)) throw refuse(tooDeepMessage('The file'));
    throw refuse(`The file is not valid YAML: ${(err as Error).message}`);
  }
}

/** JSONC → JSON: comments, then commas before a closing bracket, dropped outside strings. */
export function stripJsonComments(text: string): string {
  return outsideStrings(outsideStrings(text, dropComment), dropTrailingComma);
}

/** Each `skip(text, i)` gives the index to resume at when something at `i` is dropped, else i. */
type Skip = (text: string, i: number) => number;

const dropComment: Skip = (text, i) => {
  if (text[i] !== '/') return i;
  if (text[i + 1] === '/') {
    const end = text.indexOf('\n', i);
    return end === -1 ? text.length : end;
  }
  if (text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end === -1 ? text.length : end + 2;
  }
  return i;
};

const dropTrailingComma: Skip = (text, i) => {
  if (text[i] !== ',') return i;
  let j = i + 1;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  return text[j] === '}' || text[j] === ']' ? i + 1 : i;
};

function outsideStrings(text: string, skip: Skip): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (text[i] === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const next = skip(text, i);
    if (next === i) out += text[i++];
    else {
      out += ' ';
      i = next;
    }
  }
  return out;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** The dotted path of the first `__proto__` key, or undefined. Iterative, like nestedDeeperThan. */
function protoKeyPath(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, path] = top;
    if (v === null || typeof v !== 'object') continue;
    for (const [key, child] of Object.entries(v)) {
      if (key === '__proto__') return path;
      stack.push([child, path ? `${path}.${key}` : key]);
    }
  }
  return undefined;
}
