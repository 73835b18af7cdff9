import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editImpactLine } from '../../src/contracts/index.js';
import type { CallContext } from '../../src/enclave/index.js';
import { editImpact } from '../../src/perception/edit-impact.js';
import { codeEditNote, OpenIndexes } from '../../src/perception/open-indexes.js';
import { fixture } from '../helpers/fixture/index.js';
import { FakeIndex, FakeIndexes } from './fake-index.js';

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
    expect(impact).toEqual({ changed: ['parse'], files: [a, b], count: 2 });
    expect(editImpactLine(impact!)).toBe('Affects 2 files: changes parse, used in /r/a.ts, /r/b.ts.');
  });

  it('an edit of a body, of a private symbol, or of a symbol nothing uses affects no other file', () => {
    for (const after of [
      before.replace('return helper(text);', 'return helper(text.trim());'),
      before.replace('function helper() {}', 'function helper(x) {}'),
      before.replace('unused = 1', 'unused = 2'),
    ]) {
      expect(editImpact(index, lib, after)).toBeUndefined();
    }
  });
});

describe('an edit’s approval card', () => {
  it('says which files an edit changing an exported signature affects, from the open index', async () => {
    const f = fixture('cowork-edit-impact-')
      .withEnclave()
      .withGrant('rw', { 'lib.ts': before, 'a.ts': 'parse(x)\n' })
      .start();
    const at = (p: string) => join(f.folder, p);
    const fake = new FakeIndex(f.folder, {
      symbols: [
        { name: 'parse', path: at('lib.ts'), line: 1, signature: 'export function parse(text: string): Doc' },
      ],
      references: [{ name: 'parse', path: at('a.ts'), line: 1 }],
      imports: [[at('a.ts'), at('lib.ts')]],
    });
    const indexes = new OpenIndexes(new FakeIndexes({ [f.folder]: fake }));
    f.enclave.setEditNote(codeEditNote(indexes, (p) => f.enclave.readAllowed(p)));
    const ctx: CallContext = { actor: 'agent', sessionId: null, runId: null, cwd: f.folder, wait: false };
    const edit = (content: string) => f.enclave.perform('fs.write', { path: 'lib.ts', content }, ctx);
    const last = () => f.enclave.approvals.listPending().at(-1);
    const card = () => last()?.detail ?? '';

    // Before the folder's index is open, the card has the diff alone.
    await edit(before.replace('text: string', 'text: string, strict = false'));
    expect(card()).not.toContain('Affects');
    await indexes.open(f.folder);
    await edit(before.replace('text: string', 'text: string, strict = false'));
    expect(card()).toContain(`Affects 1 file: changes parse, used in ${at('a.ts')}.`);
    expect(last()?.impact).toEqual({ changed: ['parse'], files: [at('a.ts')], count: 1 });
    expect(card()).toContain('+export function parse(text: string, strict = false)');
    await edit(before.replace('helper(text)', 'helper(text.trim())'));
    expect(card()).not.toContain('Affects');
    expect(last()?.impact).toBeUndefined();
  });
});
