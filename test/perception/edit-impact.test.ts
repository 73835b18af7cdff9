import { describe, expect, it } from 'vitest';
import { editImpact, editImpactLine } from '../../src/perception/edit-impact.js';
import { FakeIndex } from './fake-index.js';

const lib = '/r/lib.ts';
const a = '/r/a.ts';
const b = '/r/b.ts';
const index = new FakeIndex('/r', {
  symbols: [
    { name: 'parse', path: lib, line: 1, signature: 'export function parse(text: string): Doc' },
    { name: 'helper', path: lib, line: 5, signature: 'function helper()', exported: false },
    { name: 'unused', path: lib, line: 9, signature: 'export const unused = 1' },
  ],
  references: [
    { name: 'parse', path: a, line: 3, enclosing: 'main' },
    { name: 'parse', path: b, line: 7, enclosing: 'load' },
    { name: 'helper', path: a, line: 4 },
  ],
  imports: [
    [a, lib],
    [b, lib],
  ],
});
const before = [
  'export function parse(text: string): Doc {',
  '  return helper(text);',
  '}',
  'function helper() {}',
  'export const unused = 1',
].join('\n');

describe('the impact of an edit, for its approval', () => {
  it('a changed exported signature affects the files using it', () => {
    const after = before.replace('parse(text: string)', 'parse(text: string, strict: boolean)');
    const impact = editImpact(index, lib, after);
    expect(impact).toEqual({ changed: ['parse'], files: [a, b] });
    expect(editImpactLine(impact)).toBe('Affects 2 files: changes parse, used in /r/a.ts, /r/b.ts.');
  });

  it('an edit of a body, of a private symbol, or of a symbol nothing uses affects no other file', () => {
    for (const after of [
      before.replace('return helper(text);', 'return helper(text.trim());'),
      before.replace('function helper() {}', 'function helper(x) {}'),
      before.replace('unused = 1', 'unused = 2'),
    ]) {
      const impact = editImpact(index, lib, after);
      expect(impact.files).toEqual([]);
      expect(editImpactLine(impact)).toBeUndefined();
    }
  });
});
