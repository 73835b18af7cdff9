import { describe, expect, it } from 'vitest';
import { CodeService, matchScore } from '../../src/perception/code-service.js';
import { FakeIndex } from './fake-index.js';

const F = '/repo';
const router = `${F}/src/router.ts`;
const agent = `${F}/src/agent.ts`;
const cli = `${F}/src/cli.ts`;
const other = `${F}/lib/other.ts`;
const far = `${F}/src/far.ts`;

const index = new FakeIndex(F, {
  symbols: [
    { name: 'Router', kind: 'class', path: router, line: 3, endLine: 20, signature: 'export class Router {' },
    {
      name: 'choose',
      kind: 'method',
      container: 'Router',
      path: router,
      line: 5,
      endLine: 9,
      signature: 'choose(task: Task): Route',
    },
    { name: 'chooseModel', path: agent, line: 2, signature: 'export function chooseModel()' },
    { name: 'routerFor', path: cli, line: 1, signature: 'function routerFor()', exported: false },
    { name: 'choose', path: other, line: 7, signature: 'export function choose()' },
  ],
  references: [
    { name: 'choose', path: cli, line: 9, column: 12, lineText: 'r.choose(task)', enclosing: 'main' },
    {
      name: 'choose',
      path: agent,
      line: 4,
      column: 3,
      lineText: 'router.choose(t)',
      enclosing: 'chooseModel',
    },
    { name: 'choose', path: agent, line: 2, column: 30, enclosing: 'chooseModel' },
    { name: 'choose', path: far, line: 1, column: 1, enclosing: 'unrelated' },
    { name: 'Router', path: agent, line: 1, column: 10, enclosing: undefined },
  ],
  imports: [
    [agent, router],
    [cli, agent],
    [far, cli],
    [router, agent],
  ],
});

const service = new CodeService(index);

describe('symbols', () => {
  it('ranks the exact name first, then prefixes, then substrings, then the letters in order', () => {
    const names = (q: string) =>
      service.symbols({ query: q, limit: 10 }).symbols.map((s) => `${s.qualifiedName}@${s.path}`);
    expect(names('choose')).toEqual([`choose@${other}`, `Router.choose@${router}`, `chooseModel@${agent}`]);
    expect(names('Router')).toEqual([`Router@${router}`, `routerFor@${cli}`, `Router.choose@${router}`]);
    expect(matchScore('rtch', { name: 'choose', qualifiedName: 'Router.choose' })).toBeGreaterThan(0);
    expect(matchScore('xyz', { name: 'choose', qualifiedName: 'Router.choose' })).toBe(0);
  });

  it('says when the limit cut matches off', () => {
    const r = service.symbols({ query: 'o', limit: 2 });
    expect(r.symbols).toHaveLength(2);
    expect(r.truncated).toBe(true);
    expect(service.symbols({ query: 'choose', limit: 3 }).truncated).toBe(false);
  });
});

describe('definition', () => {
  it('by name: every definition, with the text of its line', () => {
    const { definitions, source } = service.definition({ symbol: 'Router.choose' });
    expect(source).toBe('index');
    expect(definitions.map((d) => [d.path, d.line, d.lineText])).toEqual([
      [router, 5, 'choose(task: Task): Route'],
    ]);
  });

  it('at a use of a name: the definitions the file can see come first', () => {
    const { definitions } = service.definition({ path: agent, line: 4, column: 5 });
    expect(definitions.map((d) => d.path)).toEqual([router, other]);
    expect(definitions[1]!.lineText).toBe('export function choose()');
  });

  it('at a use of a name: only definitions in a language of the same family as the file', () => {
    const use = { name: 'helper', line: 2, column: 5 };
    const mixed = new FakeIndex(F, {
      symbols: [
        { name: 'helper', path: `${F}/py/one.py`, line: 1, language: 'python' },
        { name: 'helper', path: `${F}/src/one.ts`, line: 1 },
        { name: 'helper', path: `${F}/src/old.js`, line: 1, language: 'javascript' },
      ],
      references: [
        { ...use, path: `${F}/py/run.py` },
        { ...use, path: `${F}/src/app.tsx` },
      ],
    });
    const at = (path: string) =>
      new CodeService(mixed).definition({ path, line: 2, column: 6 }).definitions.map((d) => d.path);
    expect(at(`${F}/py/run.py`)).toEqual([`${F}/py/one.py`]);
    expect(at(`${F}/src/app.tsx`)).toEqual([`${F}/src/old.js`, `${F}/src/one.ts`]);
    // By name alone, every language's.
    expect(new CodeService(mixed).definition({ symbol: 'helper' }).definitions).toHaveLength(3);
  });

  it('at a place that is no use of a name: the symbol the place is in', () => {
    const { definitions } = service.definition({ path: router, line: 7 });
    expect(definitions.map((d) => d.symbol.qualifiedName)).toEqual(['Router.choose']);
    expect(service.definition({ path: router, line: 100 }).definitions).toEqual([]);
  });
});

describe('references', () => {
  it('by path then line then column, cut at the limit', () => {
    const all = service.references({ symbol: 'Router.choose', limit: 10 });
    expect(all.references.map((r) => `${r.path}:${r.line}:${r.column}`)).toEqual([
      `${agent}:2:30`,
      `${agent}:4:3`,
      `${cli}:9:12`,
      `${far}:1:1`,
    ]);
    expect(all.truncated).toBe(false);
    const two = service.references({ symbol: 'choose', limit: 2 });
    expect(two.references).toHaveLength(2);
    expect(two.truncated).toBe(true);
  });

  it('at a position: the references of the name there', () => {
    const r = service.references({ path: cli, line: 9, column: 13, limit: 10 });
    expect(r.references.map((x) => x.lineText)).toContain('router.choose(t)');
    expect(service.references({ path: cli, line: 50, limit: 10 }).references).toEqual([]);
  });
});

describe('outline', () => {
  it('a file’s symbols in source order', () => {
    expect(service.outline(router).symbols.map((s) => s.qualifiedName)).toEqual(['Router', 'Router.choose']);
  });
});

describe('impact', () => {
  it('of a file: its importers nearest first, the symbols using it, and its cycles', () => {
    const r = service.impact({ path: router });
    expect(r.files).toEqual([agent, cli, far]);
    expect(r.symbols).toEqual(['chooseModel', 'main', 'unrelated']);
    expect(r.cycles).toEqual([[router, agent].sort()]);
  });

  it('of a symbol: only files that can see a definition of it (the defining files left out)', () => {
    const r = service.impact({ symbol: 'Router' });
    expect(r.files).toEqual([agent]);
    const choose = service.impact({ symbol: 'choose' });
    // cli.ts and far.ts use a `choose` but import neither file that defines one.
    expect(choose.files).toEqual([agent]);
    expect(choose.symbols).toEqual(['chooseModel']);
  });
});
