/**
 * The precise path on a real project: typescript-language-server, started through the enclave on a
 * granted copy of immer 10.1.1, answers definitions and references for every exported declaration;
 * the answers must equal the committed golden file (test/perception/lsp-golden.json), which is what
 * the tree-sitter index is scored against. `LSP_GOLDEN_WRITE=1` rewrites it from the server.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeLocation } from '../../src/contracts/index.js';
import type { LanguageServerClient } from '../../src/perception/lsp/lsp-client.js';
import { type Declared, declaredSymbols, GOLDEN_FILE, startOnVendored, VENDORED } from './lsp-vendored.js';

interface Place {
  path: string;
  line: number;
  column: number;
}
interface GoldenSymbol {
  name: string;
  kind: string;
  declaredAt: Place;
  references: (Place & { lineText: string })[];
  /** From each reference that is not the declaration: where the server says it is defined. */
  definitions: { from: Place; to: Place[] }[];
}

const key = (p: Place) => `${p.path}:${p.line}:${p.column}`;

async function answersFor(client: LanguageServerClient, root: string, d: Declared): Promise<GoldenSymbol> {
  const rel = (l: CodeLocation) => ({ path: relative(root, l.path), line: l.line, column: l.column });
  const refs = await client.references(join(root, d.path), d.line, d.column);
  const declaredAt = { path: d.path, line: d.line, column: d.column };
  const definitions: GoldenSymbol['definitions'] = [];
  for (const r of refs) {
    const from = rel(r);
    if (key(from) === key(declaredAt)) continue;
    definitions.push({ from, to: (await client.definition(r.path, r.line, r.column)).map(rel) });
  }
  return {
    name: d.name,
    kind: d.kind,
    declaredAt,
    references: refs.map((r) => ({ ...rel(r), lineText: r.lineText })),
    definitions,
  };
}

describe(`the language server on ${VENDORED}`, () => {
  let started: Awaited<ReturnType<typeof startOnVendored>>;
  let answers: GoldenSymbol[];
  const symbols = declaredSymbols();

  beforeAll(async () => {
    started = await startOnVendored();
    answers = [];
    for (const d of symbols) answers.push(await answersFor(started.client, started.root, d));
  }, 120_000);
  afterAll(async () => {
    await started?.client.shutdown();
  });

  it('is asked about 20+ symbols of every kind the project declares', () => {
    expect(symbols.length).toBeGreaterThanOrEqual(20);
    expect(new Set(symbols.map((s) => s.kind))).toEqual(
      new Set(
        ['function', 'class', 'interface', 'type', 'const', 'let', 'enum'].filter((k) =>
          symbols.some((s) => s.kind === k),
        ),
      ),
    );
  });

  it('answers every symbol: its declaration among its references, each use defined at the declaration', () => {
    for (const a of answers) {
      expect(a.references.map(key), a.name).toContain(key(a.declaredAt));
      // A use through a renamed re-export (`DRAFTABLE as immerable`) is a reference too.
      expect(
        a.references.every((r) => r.lineText.length > 0),
        a.name,
      ).toBe(true);
    }
    const used = answers.filter((a) => a.definitions.length > 0);
    expect(used.length).toBeGreaterThanOrEqual(20);
    // A use of a name resolves to its declaration (an import's alias is not a new definition).
    const atDeclaration = used.flatMap((a) => a.definitions).filter((d) => d.to.length > 0);
    expect(atDeclaration.length).toBeGreaterThan(100);
  });

  it('answers as the committed golden file says', () => {
    const golden = {
      project: VENDORED,
      server: 'typescript-language-server@5.3.0, typescript@5.9.3',
      symbols: answers,
    };
    if (process.env.LSP_GOLDEN_WRITE === '1' || !existsSync(GOLDEN_FILE))
      writeFileSync(GOLDEN_FILE, `${JSON.stringify(golden, null, 2)}\n`);
    expect(golden).toEqual(JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')));
  });
});
