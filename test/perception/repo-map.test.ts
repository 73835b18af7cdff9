import { describe, expect, it } from 'vitest';
import { countTokens, repoMap } from '../../src/perception/repo-map.js';
import { FakeIndex, type FakeReference, type FakeSymbol } from './fake-index.js';

const F = '/repo';
const p = (name: string) => `${F}/src/${name}.ts`;

// core.ts defines what everyone uses; util.ts is used by core only (as is a.ts); a.ts, b.ts, c.ts use core;
// lonely.ts uses and defines nothing anyone uses.
const symbols: FakeSymbol[] = [
  { name: 'Core', kind: 'class', path: p('core'), line: 1, signature: 'export class Core {' },
  { name: 'run', kind: 'method', container: 'Core', path: p('core'), line: 2, signature: 'run(): void' },
  { name: 'helper', path: p('util'), line: 1, signature: 'export function helper(x: number)' },
  { name: 'alpha', path: p('a'), line: 1, signature: 'export function alpha()' },
  { name: 'beta', path: p('b'), line: 1, signature: 'export function beta()' },
  { name: 'gamma', path: p('c'), line: 1, signature: 'export function gamma()' },
  { name: 'hidden', path: p('c'), line: 5, signature: 'function hidden()', exported: false },
  { name: 'lonely', path: p('lonely'), line: 1, signature: 'export function lonely()' },
];
const uses = (from: string, name: string, n = 1): FakeReference[] =>
  Array.from({ length: n }, (_, i) => ({ name, path: p(from), line: 10 + i }));
const references = [
  ...uses('a', 'Core', 3),
  ...uses('b', 'Core'),
  ...uses('c', 'run', 2),
  ...uses('core', 'helper'),
  ...uses('core', 'alpha'),
  ...uses('a', 'beta'),
];
const index = new FakeIndex(F, { symbols, references });

describe('the repository map', () => {
  it('ranks the most used file first, with its symbols’ signatures, and is the same every time', () => {
    const map = repoMap(index, { focus: [], tokens: 4000 });
    expect(map.files[0]!.path).toBe(p('core'));
    expect(map.files[0]!.symbols).toEqual(['Core', 'Core.run']);
    expect(map.text.startsWith('src/core.ts:\n│ export class Core {\n│ run(): void')).toBe(true);
    // util.ts and a.ts are used only by core.ts, which is used most: they inherit its rank and
    // pass b.ts, which a.ts uses directly; equal ranks go by path.
    const rank = (name: string) => map.files.find((f) => f.path === p(name))!.rank;
    expect(map.files.slice(1, 4).map((f) => f.path)).toEqual([p('a'), p('util'), p('b')]);
    expect(rank('a')).toBe(rank('util'));
    expect(map.files.map((f) => f.path)).toHaveLength(6);
    expect(map.text).not.toContain('hidden()');
    expect(repoMap(index, { focus: [], tokens: 4000 })).toEqual(map);
  });

  it('personalised: a focus file and what it uses rank above the rest', () => {
    const map = repoMap(index, { focus: ['src/lonely.ts'], tokens: 4000 });
    expect(map.files[0]!.path).toBe(p('lonely'));
    // b.ts is fourth without focus; with it, it and the file it uses lead.
    const focusB = repoMap(index, { focus: [p('b')], tokens: 4000 });
    expect(focusB.files.slice(0, 2).map((f) => f.path)).toEqual([p('core'), p('b')]);
  });

  it('personalised: a focus name brings the file defining it up', () => {
    const plain = repoMap(index, { focus: [], tokens: 4000 });
    const focused = repoMap(index, { focus: ['gamma'], tokens: 4000 });
    const at = (m: typeof plain) => m.files.findIndex((f) => f.path === p('c'));
    expect(at(plain)).toBe(4);
    expect(at(focused)).toBe(1);
  });

  it('fits the budget (tokens = ceil(chars / 4)), keeping the best ranked first', () => {
    const full = repoMap(index, { focus: [], tokens: 4000 });
    for (const tokens of [64, 20, 12, 5]) {
      const map = repoMap(index, { focus: [], tokens });
      expect(map.tokens).toBe(countTokens(map.text));
      expect(map.tokens).toBeLessThanOrEqual(tokens);
      expect(full.text.startsWith(map.text)).toBe(true);
    }
    // The largest map that fits: one more line would not.
    const small = repoMap(index, { focus: [], tokens: 12 });
    const next = full.text.slice(0, full.text.indexOf('\n', small.text.length + 1));
    expect(countTokens(next)).toBeGreaterThan(12);
    expect(countTokens('abcde')).toBe(2);
  });

  it('only files under `under`', () => {
    const sub = new FakeIndex(F, {
      symbols: [...symbols, { name: 'x', path: `${F}/docs/x.ts`, line: 1 }],
      references,
    });
    const map = repoMap(sub, { focus: [], tokens: 4000, under: `${F}/docs` });
    expect(map.files.map((f) => f.path)).toEqual([`${F}/docs/x.ts`]);
  });

  it('a name defined in many files (`get`) links none of them strongly: a use is shared among its definers', () => {
    const many = Array.from({ length: 40 }, (_, i) => `model${String(i).padStart(2, '0')}`);
    const common = new FakeIndex(F, {
      symbols: [
        { name: 'parseConfig', path: p('config'), line: 1, signature: 'export function parseConfig()' },
        { name: 'main', path: p('app'), line: 1, signature: 'export function main()' },
        { name: 'lonely', path: p('lonely'), line: 1, signature: 'export function lonely()' },
        ...many.flatMap((m) => [
          { name: m, kind: 'class' as const, path: p(m), line: 1, signature: `export class ${m} {` },
          { name: 'get', kind: 'method' as const, container: m, path: p(m), line: 2, signature: 'get(id)' },
        ]),
      ],
      references: [...uses('app', 'get', 20), ...uses('app', 'parseConfig')],
    });
    const map = repoMap(common, { focus: [], tokens: 100_000 });
    const rank = (name: string) => map.files.find((f) => f.path === p(name))!.rank;
    expect(map.files[0]!.path).toBe(p('config'));
    // What a file gains over one nobody uses: each definer of `get` a fortieth of the 20 uses, far
    // below the one use of parseConfig (without the sharing, each would gain four times more).
    const gain = (name: string) => rank(name) - rank('lonely');
    for (const m of many) expect(gain(m)).toBeLessThan(gain('config') / 5);
  });

  it('a file’s symbols by kind before use (types and functions over fields), each signature once, at most 12', () => {
    const fields = Array.from({ length: 14 }, (_, i) => `field${i}`);
    const shaped = new FakeIndex(F, {
      symbols: [
        { name: 'Model', kind: 'class', path: p('model'), line: 1, signature: 'export class Model {' },
        ...fields.map((name, i) => ({
          name,
          kind: 'field' as const,
          container: 'Model',
          path: p('model'),
          line: 2 + i,
          signature: `${name}: string`,
        })),
        // Two overloads and their implementation: one signature line in the map for the first two.
        { name: 'build', path: p('model'), line: 20, signature: 'export function build(x: string): Model' },
        { name: 'build', path: p('model'), line: 21, signature: 'export function build(x: string): Model' },
        {
          name: 'copy',
          kind: 'field',
          container: 'Other',
          path: p('model'),
          line: 30,
          signature: 'field0: string',
        },
      ],
      references: [...fields.flatMap((f) => uses('user', f, 9)), ...uses('user', 'build')],
    });
    const map = repoMap(shaped, { focus: [], tokens: 100_000 });
    const model = map.files.find((f) => f.path === p('model'))!;
    expect(model.symbols).toHaveLength(12);
    // The class and the function first (in source order when shown), though each field is used more.
    expect(model.symbols.slice(0, 2)).toEqual(['Model', 'Model.field0']);
    expect(model.symbols).toContain('build');
    expect(model.symbols.filter((n) => n === 'build')).toHaveLength(1);
    expect(model.symbols).not.toContain('Other.copy'); // the same signature as field0, said once
    expect(map.text.match(/export function build/g)).toHaveLength(1);
    // Fields fill what is left: 12 = the class, the function, and 10 of the 14 fields.
    expect(model.symbols.filter((n) => n.startsWith('Model.field'))).toHaveLength(10);
  });

  it('the budget holds on a large map, and a budget of 0 is an empty map', () => {
    const files = Array.from({ length: 300 }, (_, i) => `f${i}`);
    const big = new FakeIndex(F, {
      symbols: files.map((f) => ({
        name: f,
        path: p(f),
        line: 1,
        signature: `export function ${f}(a: string, b: number): void`,
      })),
      references: files.flatMap((f, i) => uses(f, files[(i * 7 + 3) % files.length]!)),
    });
    for (const tokens of [0, 1, 50, 1000, 3000]) {
      const map = repoMap(big, { focus: [], tokens });
      expect(map.tokens).toBeLessThanOrEqual(tokens);
      expect(map.tokens).toBe(countTokens(map.text));
    }
    expect(repoMap(big, { focus: [], tokens: 0 })).toMatchObject({ text: '', files: [] });
    expect(repoMap(big, { focus: [], tokens: 1000 }).tokens).toBeGreaterThan(900);
  });
});
