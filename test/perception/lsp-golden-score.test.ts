/**
 * The scorer the tree-sitter index will be measured with: the golden answers score 100% against
 * themselves, and an answerer that is wrong in known ways loses exactly what it got wrong.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Answerer, loadGolden, scoreAgainstGolden } from './lsp-golden-score.js';

const ROOT = '/project';
const golden = loadGolden();

/** Answers from the golden file itself; `spoil` picks which symbols it gets wrong. */
function fromGolden(spoil: (name: string) => boolean): Answerer {
  const at = (p: { path: string; line: number; column: number }) =>
    `${join(ROOT, p.path)}:${p.line}:${p.column}`;
  const definitions = new Map<string, { name: string; path: string; line: number }>();
  for (const s of golden.symbols)
    for (const d of s.definitions) if (d.to[0]) definitions.set(at(d.from), { name: s.name, ...d.to[0] });
  return {
    definitionAt: async (path, line, column) => {
      const to = definitions.get(`${path}:${line}:${column}`);
      if (!to || spoil(to.name)) return [];
      // A range over the whole declaration, as an index gives it: the target's name lies inside.
      return [
        {
          path: join(ROOT, to.path),
          range: { line: to.line, column: 1, endLine: to.line + 2, endColumn: 2 },
        },
      ];
    },
    referencesOf: async (name, path, line, column) => {
      const s = golden.symbols.find((x) => at(x.declaredAt) === `${path}:${line}:${column}`)!;
      const uses = s.references.filter((r) => at(r) !== at(s.declaredAt));
      const kept = spoil(name) ? uses.slice(1) : uses;
      return kept.map((r) => ({ path: join(ROOT, r.path), line: r.line, column: r.column }));
    },
  };
}

describe('scoring against the golden answers', () => {
  it('gives the server its own answers at 100%', async () => {
    const score = await scoreAgainstGolden(
      fromGolden(() => false),
      ROOT,
    );
    expect(score.definitions.asked).toBeGreaterThan(500);
    expect(score.definitions.ratio).toBe(1);
    expect(score.references.ratio).toBe(1);
  });

  it('counts what an answerer got wrong', async () => {
    const spoiled = new Set(['isDraft', 'die']);
    const score = await scoreAgainstGolden(
      fromGolden((n) => spoiled.has(n)),
      ROOT,
    );
    const uses = golden.symbols.filter((s) => spoiled.has(s.name)).flatMap((s) => s.definitions);
    expect(score.definitions.asked - score.definitions.right).toBe(uses.length);
    const spoiledSymbols = golden.symbols.filter((s) => spoiled.has(s.name)).length;
    expect(spoiledSymbols).toBeGreaterThanOrEqual(2);
    expect(score.references.symbols - score.references.exact).toBe(spoiledSymbols);
    expect(score.references.missing).toBe(spoiledSymbols);
  });
});
