/**
 * Scores another answerer of definitions and references (the tree-sitter index, through whatever
 * code_definition / code_references do) against the language server's golden answers on the
 * vendored project. The targets: definitions ≥ 95%, references 100% (on the precise path).
 *
 * - A definition is right when the first place given for a use holds the server's target (same
 *   file, the target's position inside the range given: an index's range spans the declaration,
 *   the server points at the name).
 * - A symbol's references are right when the set of places equals the server's, the declaration
 *   itself left out of both (whether it counts as a reference is a convention, not an answer).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeRange } from '../../src/contracts/index.js';
import { GOLDEN_FILE } from './lsp-vendored.js';

interface Place {
  path: string;
  line: number;
  column: number;
}
export interface Golden {
  project: string;
  server: string;
  symbols: {
    name: string;
    kind: string;
    declaredAt: Place;
    references: (Place & { lineText: string })[];
    definitions: { from: Place; to: Place[] }[];
  }[];
}

export interface Answerer {
  /** Where the name used at this place is defined, best first; absolute paths. */
  definitionAt(path: string, line: number, column: number): Promise<{ path: string; range: CodeRange }[]>;
  /** The references of the symbol declared at this place (its name given); absolute paths. */
  referencesOf(name: string, path: string, line: number, column: number): Promise<Place[]>;
}

export interface Score {
  definitions: { asked: number; right: number; ratio: number; wrong: string[] };
  references: {
    symbols: number;
    exact: number;
    ratio: number;
    missing: number;
    extra: number;
    wrong: string[];
  };
}

export function loadGolden(): Golden {
  return JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden;
}

const key = (p: Place) => `${p.path}:${p.line}:${p.column}`;

function holds(r: { path: string; range: CodeRange }, root: string, p: Place): boolean {
  if (r.path !== join(root, p.path)) return false;
  const after = p.line > r.range.line || (p.line === r.range.line && p.column >= r.range.column);
  const before = p.line < r.range.endLine || (p.line === r.range.endLine && p.column < r.range.endColumn);
  return after && before;
}

export async function scoreAgainstGolden(
  answerer: Answerer,
  root: string,
  golden = loadGolden(),
): Promise<Score> {
  const defs = { asked: 0, right: 0, ratio: 0, wrong: [] as string[] };
  const refs = { symbols: 0, exact: 0, ratio: 0, missing: 0, extra: 0, wrong: [] as string[] };
  for (const s of golden.symbols) {
    for (const d of s.definitions) {
      const target = d.to[0];
      if (!target) continue;
      defs.asked++;
      const given = await answerer.definitionAt(join(root, d.from.path), d.from.line, d.from.column);
      if (given[0] && holds(given[0], root, target)) defs.right++;
      else defs.wrong.push(`${s.name} at ${key(d.from)}`);
    }
    refs.symbols++;
    const declared = key(s.declaredAt);
    const expected = new Set(s.references.map(key).filter((k) => k !== declared));
    const places = await answerer.referencesOf(
      s.name,
      join(root, s.declaredAt.path),
      s.declaredAt.line,
      s.declaredAt.column,
    );
    const got = new Set(
      places.map((p) => key({ ...p, path: p.path.slice(root.length + 1) })).filter((k) => k !== declared),
    );
    const missing = [...expected].filter((k) => !got.has(k)).length;
    const extra = [...got].filter((k) => !expected.has(k)).length;
    refs.missing += missing;
    refs.extra += extra;
    if (missing === 0 && extra === 0) refs.exact++;
    else refs.wrong.push(`${s.name}: ${missing} missing, ${extra} extra`);
  }
  defs.ratio = defs.asked ? defs.right / defs.asked : 0;
  refs.ratio = refs.symbols ? refs.exact / refs.symbols : 0;
  return { definitions: defs, references: refs };
}
