/**
 * The approval card reads the enclave's "Affects N files" note back (web/src/state/edit-note.ts):
 * every shape editImpactLine writes must come back as what it said, and anything else is no note.
 */
import { describe, expect, it } from 'vitest';
import { editImpactLine } from '../../src/perception/edit-impact.js';
import { splitEditNote } from '../../web/src/state/edit-note.js';

const files = (n: number) => Array.from({ length: n }, (_, i) => `/w/src/f${i}.ts`);

describe('the edit note, as the approval card reads it', () => {
  it.each([1, 5, 6, 40])('reads back %i file(s) and the symbols changed', (n) => {
    const line = editImpactLine({ changed: ['greet', 'Router.choose'], files: files(n) })!;
    const read = splitEditNote(`${line}\n\nIndex: diff\n-a\n+b`);
    expect(read).toEqual({
      note: {
        count: n,
        changed: ['greet', 'Router.choose'],
        files: files(n).slice(0, 5),
        more: Math.max(0, n - 5),
      },
      rest: 'Index: diff\n-a\n+b',
    });
  });

  it('a detail without the note is no note', () => {
    expect(splitEditNote('--- a\n+++ b\n-Affects 2 files')).toBeNull();
    expect(editImpactLine({ changed: ['x'], files: [] })).toBeUndefined();
  });
});
