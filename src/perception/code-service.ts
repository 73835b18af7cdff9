/**
 * The queries over one folder's index that the tools, the RPC and the CLI answer with: symbols
 * ranked by how well their names match, definitions (by name or by a position in a file),
 * references in a stable order, a file's outline, and the impact of changing a file or a symbol.
 */
import type * as z from 'zod/mini';
import type {
  CodeDefinitionResult,
  CodeImpactResult,
  CodeLanguage,
  CodeLocation,
  CodeOutlineResult,
  CodeReference,
  CodeReferencesResult,
  CodeSymbol,
  CodeSymbolsResult,
  SymbolKind,
} from '../contracts/index.js';
import type { CodeIndexReader } from './code-index.js';
import { languageOf } from './languages/index.js';
import {
  FileLines,
  namePosition,
  type Position,
  serverDefinitions,
  serverReferences,
} from './precise/precise-answers.js';
import type { PreciseCode } from './precise/precise-code.js';

type Result<T extends z.ZodMiniType> = z.infer<T>;
type Definition = Result<typeof CodeDefinitionResult>['definitions'][number];

/** The index gives candidates; this many times the limit are ranked, so a better match is not cut. */
const CANDIDATES = 4;

export class CodeService {
  /** `precise`: the language servers, where installed (definitions and references then come from them). */
  constructor(
    readonly index: CodeIndexReader,
    private readonly precise?: PreciseCode,
  ) {}

  symbols(q: {
    query: string;
    kind?: SymbolKind;
    under?: string;
    limit: number;
  }): Result<typeof CodeSymbolsResult> {
    const pool = this.index.findSymbols({ ...q, limit: Math.min(q.limit * CANDIDATES, 2000) });
    const ranked = pool
      // A candidate the index matched in its own way (no rule here fits it) still comes, last.
      .map((symbol) => ({ symbol, score: matchScore(q.query, symbol) }))
      .sort((a, b) => b.score - a.score || bySymbol(a.symbol, b.symbol))
      .map((c) => c.symbol);
    return { symbols: ranked.slice(0, q.limit), truncated: ranked.length > q.limit };
  }

  /**
   * By name; or at a position: the definition of the name used there, else the symbol it is in.
   * Of several same-named definitions, the nearest comes first: in the file itself, then in the
   * files it imports (directly, then through re-exports: fewer steps first); and where a bare
   * name can never mean a member (`has(x)`, not `obj.has(x)`, in JavaScript/TypeScript/Python),
   * a method or field of that name comes after every other definition.
   */
  definition(q: {
    symbol?: string;
    path?: string;
    line?: number;
    column?: number;
  }): Result<typeof CodeDefinitionResult> {
    const use = q.symbol === undefined ? this.#referenceAt(q) : undefined;
    const found =
      q.symbol !== undefined
        ? this.index.symbolsNamed(q.symbol)
        : use
          ? this.index.symbolsNamed(use.name)
          : this.#insideAt(q);
    const from = q.path;
    // A use in a Python file is never defined in a TypeScript one (C and C++, JS and TS do mix).
    const family = from && languageOf(from) ? familyOf(languageOf(from)!.id) : undefined;
    const candidates = family ? found.filter((s) => familyOf(s.language) === family) : found;
    // A few steps: through a barrel file or two, not the whole graph on every question.
    const steps = from
      ? importerDistances(from, (p) => this.index.importsOf(p), 3)
      : new Map<string, number>();
    const bare = use !== undefined && from !== undefined && this.#bareUse(from, use);
    const order = (s: CodeSymbol) =>
      (bare && isMember(s) ? 1000 : 0) + (s.path === from ? 0 : (steps.get(s.path) ?? 999));
    const definitions = [...candidates]
      .sort((a, b) => order(a) - order(b) || bySymbol(a, b))
      .map((symbol): Definition => ({ ...this.#location(symbol), symbol }));
    return { definitions, source: 'index' };
  }

  /** A use of a name not after a `.`, in a language where such a name is never a member. */
  #bareUse(from: string, use: CodeReference): boolean {
    const language = this.index.files().find((f) => f.path === from)?.language;
    if (!language || !BARE_NAME_LANGUAGES.has(language)) return false;
    return memberUse(use) === false;
  }

  references(q: {
    symbol?: string;
    path?: string;
    line?: number;
    column?: number;
    limit: number;
  }): Result<typeof CodeReferencesResult> {
    const name = q.symbol ?? this.#nameAt(q);
    if (name === undefined) return { references: [], truncated: false, source: 'index' };
    const found = this.index.referencesTo(name, q.limit + 1).sort(byPlace);
    return { references: found.slice(0, q.limit), truncated: found.length > q.limit, source: 'index' };
  }

  /**
   * The definition of the name used at a position, from the language server where one answers
   * about that file (`source: 'language-server'`); by name, or without a server, or when it fails
   * or knows nothing there, from the index.
   */
  async preciseDefinition(q: {
    symbol?: string;
    path?: string;
    line?: number;
    column?: number;
  }): Promise<Result<typeof CodeDefinitionResult>> {
    const at = q.symbol === undefined ? await this.#position(q) : undefined;
    const found = at && this.precise && (await serverDefinitions(this.index, this.precise, at));
    return found ? { definitions: found, source: 'language-server' } : this.definition(q);
  }

  /** References as `references` gives them, from the language server where one answers. */
  async preciseReferences(q: {
    symbol?: string;
    path?: string;
    line?: number;
    column?: number;
    limit: number;
  }): Promise<Result<typeof CodeReferencesResult>> {
    const at = await this.#position(q);
    const found = at && this.precise && (await serverReferences(this.index, this.precise, at));
    if (!found) return this.references(q);
    return {
      references: found.slice(0, q.limit),
      truncated: found.length > q.limit,
      source: 'language-server',
    };
  }

  /**
   * The place a server is asked about: the position given (a line alone: the name the index sees
   * there), or where a symbol's name is written in its first definition.
   */
  async #position(q: {
    symbol?: string;
    path?: string;
    line?: number;
    column?: number;
  }): Promise<Position | undefined> {
    const { precise } = this;
    if (!precise) return undefined;
    const lines = new FileLines((p) => precise.readFile(p));
    if (q.symbol !== undefined) {
      const first = this.definition({ symbol: q.symbol }).definitions[0];
      return first && precise.serves(first.path)
        ? namePosition(lines, first.symbol).catch(() => undefined)
        : undefined;
    }
    const { path, line } = q;
    if (path === undefined || line === undefined || !precise.serves(path)) return undefined;
    if (q.column !== undefined) return { path, line, column: q.column };
    const use = this.index.referenceAt(path, line, 1);
    if (use) return { path, line, column: use.column };
    const inside = this.index.symbolAt(path, line, 1);
    return inside && namePosition(lines, inside).catch(() => undefined);
  }

  outline(path: string): Result<typeof CodeOutlineResult> {
    return { path, symbols: this.index.symbolsIn(path) };
  }

  /**
   * What depends on a file (its importers, transitively, and the files using names it defines) or
   * on a symbol (the files using its name that are, or import, a file defining it), nearest first.
   */
  impact(q: { symbol?: string; path?: string }): Result<typeof CodeImpactResult> {
    if (q.symbol !== undefined) return this.#symbolImpact(q.symbol);
    if (q.path !== undefined) return this.#fileImpact(q.path);
    return { files: [], symbols: [], cycles: [] };
  }

  #symbolImpact(name: string): Result<typeof CodeImpactResult> {
    const defining = new Set(this.index.symbolsNamed(name).map((s) => s.path));
    const importers = new Set([...defining].flatMap((p) => this.index.importersOf(p)));
    // Where imports resolve, a use counts only in a file that can see a definition; a language
    // whose imports the index does not resolve (no importer at all) keeps every use of the name.
    const sees = (path: string) => importers.size === 0 || importers.has(path) || defining.has(path);
    const refs = this.index.referencesTo(name, 100_000).filter((r) => sees(r.path));
    const distance = new Map<string, number>();
    for (const r of refs) if (!defining.has(r.path)) distance.set(r.path, 1);
    return {
      files: nearestFirst(distance),
      symbols: enclosingNames(refs),
      cycles: this.#cyclesThrough(defining),
    };
  }

  #fileImpact(path: string): Result<typeof CodeImpactResult> {
    const distance = importerDistances(path, (p) => this.index.importersOf(p));
    const edges = this.index.referenceEdges().filter((e) => e.to === path && e.from !== path);
    for (const e of edges) if (!distance.has(e.from)) distance.set(e.from, 1);
    const refs = [...new Set(edges.map((e) => e.name))].flatMap((name) =>
      this.index.referencesTo(name, 100_000).filter((r) => r.path !== path && distance.has(r.path)),
    );
    return {
      files: nearestFirst(distance),
      symbols: enclosingNames(refs),
      cycles: this.#cyclesThrough(new Set([path])),
    };
  }

  #cyclesThrough(files: Set<string>): string[][] {
    return this.index.cycles().filter((cycle) => cycle.some((f) => files.has(f)));
  }

  #referenceAt(q: { path?: string; line?: number; column?: number }): CodeReference | undefined {
    const { path, line, column } = q;
    if (path === undefined || line === undefined) return undefined;
    return this.index.referenceAt(path, line, column ?? 1);
  }

  #insideAt(q: { path?: string; line?: number; column?: number }): CodeSymbol[] {
    const { path, line, column } = q;
    if (path === undefined || line === undefined) return [];
    const inside = this.index.symbolAt(path, line, column ?? 1);
    return inside ? [inside] : [];
  }

  #nameAt(q: { path?: string; line?: number; column?: number }): string | undefined {
    const { path, line, column } = q;
    if (path === undefined || line === undefined) return undefined;
    return (
      this.index.referenceAt(path, line, column ?? 1)?.name ??
      this.index.symbolAt(path, line, column ?? 1)?.name
    );
  }

  /** A definition's line is where its declaration starts: the first line of its signature. */
  #location(symbol: CodeSymbol): CodeLocation {
    const { line, column } = symbol.range;
    return { path: symbol.path, line, column, lineText: symbol.signature.split('\n')[0]! };
  }
}

/**
 * How well a query names a symbol, 0 for not at all: the exact name, then the exact qualified
 * name, a prefix of the name, a substring of the name, of the qualified name, and last the
 * query's letters in order (`rtch` → `Router.choose`). Case-insensitive; exact case adds a little.
 */
export function matchScore(query: string, symbol: Pick<CodeSymbol, 'name' | 'qualifiedName'>): number {
  const q = query.toLowerCase();
  const name = symbol.name.toLowerCase();
  const qualified = symbol.qualifiedName.toLowerCase();
  const base =
    name === q
      ? 100
      : qualified === q
        ? 90
        : name.startsWith(q)
          ? 70
          : name.includes(q)
            ? 50
            : qualified.includes(q)
              ? 40
              : isSubsequence(q, qualified)
                ? 10
                : 0;
  if (base === 0) return 0;
  const exactCase = symbol.name.includes(query) || symbol.qualifiedName.includes(query) ? 2 : 0;
  // Among equal matches, the shorter name is the closer one.
  return base + exactCase + 1 / (1 + qualified.length);
}

function isSubsequence(q: string, text: string): boolean {
  let i = 0;
  for (const ch of text) if (ch === q[i]) i++;
  return i === q.length;
}

/** Exported first, then by path and position: a stable order for equal matches. */
function bySymbol(a: CodeSymbol, b: CodeSymbol): number {
  return (
    Number(b.exported) - Number(a.exported) ||
    compare(a.path, b.path) ||
    a.range.line - b.range.line ||
    a.range.column - b.range.column
  );
}

/** Languages where a name used bare (not after `.`) is never a class's member. */
const BARE_NAME_LANGUAGES: ReadonlySet<string> = new Set(['typescript', 'tsx', 'javascript', 'python']);

const isMember = (s: CodeSymbol) => s.kind === 'method' || s.kind === 'field';

/**
 * Whether the use is after a `.` (`obj.has`): from its line's text, where every place the name
 * stands as a word says the same; undefined when the line has both kinds (or neither is clear).
 */
function memberUse(use: CodeReference): boolean | undefined {
  const kinds = new Set<boolean>();
  const word = new RegExp(`(?<![\\p{ID_Continue}$])${escapeRegExp(use.name)}(?![\\p{ID_Continue}$])`, 'gu');
  for (const m of use.lineText.matchAll(word)) kinds.add(/\.\s*$/.test(use.lineText.slice(0, m.index)));
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function byPlace(a: CodeReference, b: CodeReference): number {
  return compare(a.path, b.path) || a.line - b.line || a.column - b.column;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every file that imports `path` (or, given importsOf, that it imports), directly (1) or through others (2, 3…), breadth first. */
function importerDistances(
  path: string,
  importersOf: (p: string) => string[],
  maxSteps = Number.POSITIVE_INFINITY,
): Map<string, number> {
  const distance = new Map<string, number>();
  let frontier = [path];
  for (let d = 1; frontier.length > 0 && d <= maxSteps; d++) {
    const next: string[] = [];
    for (const file of frontier)
      for (const importer of importersOf(file))
        if (importer !== path && !distance.has(importer)) {
          distance.set(importer, d);
          next.push(importer);
        }
    frontier = next;
  }
  return distance;
}

function nearestFirst(distance: Map<string, number>): string[] {
  return [...distance].sort((a, b) => a[1] - b[1] || compare(a[0], b[0])).map(([path]) => path);
}

function enclosingNames(refs: CodeReference[]): string[] {
  return [...new Set(refs.flatMap((r) => (r.enclosing ? [r.enclosing] : [])))].sort(compare);
}

/** Languages whose files use each other's names. */
const FAMILY: Partial<Record<CodeLanguage, string>> = {
  tsx: 'typescript',
  javascript: 'typescript',
  cpp: 'c',
};
const familyOf = (language: CodeLanguage): string => FAMILY[language] ?? language;
