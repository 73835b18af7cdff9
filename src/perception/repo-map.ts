/**
 * The repository map (after aider's): files ranked by a personalised PageRank over the graph of
 * "file A uses a name file B defines", each with the signatures of its most used symbols, cut to
 * fit a token budget. Focus files and names (what the task is about) pull the ranking towards
 * them. Deterministic: a fixed number of iterations, ties broken by path.
 */
import { isAbsolute, join, relative } from 'node:path';
import type * as z from 'zod/mini';
import type { CodeMapResult, CodeSymbol } from '../contracts/index.js';
import type { CodeIndexReader } from './code-index.js';

type MapResult = z.infer<typeof CodeMapResult>;

const DAMPING = 0.85;
const ITERATIONS = 50;
/** A use of a focus name weighs this much more than another use (aider: 10). */
const FOCUS_NAME_WEIGHT = 10;
/** Signatures shown per file at most: the map is an overview, the file is read for more. */
const SYMBOLS_PER_FILE = 12;

/** Tokens as the map counts them: a quarter of the characters, rounded up (no tokenizer needed). */
export const countTokens = (text: string): number => Math.ceil(text.length / 4);

interface Edge {
  from: string;
  to: string;
  name: string;
  weight: number;
}

export function repoMap(
  index: CodeIndexReader,
  q: { focus: string[]; tokens: number; under?: string },
): MapResult {
  const files = index
    .files()
    .map((f) => f.path)
    .filter((p) => (q.under ? p === q.under || p.startsWith(withSlash(q.under)) : true))
    .sort();
  const known = new Set(files);
  const focusFiles = new Set(
    q.focus.map((f) => (isAbsolute(f) ? f : join(index.folder, f))).filter((f) => known.has(f)),
  );
  const focusNames = new Set(
    q.focus.filter((f) => !focusFiles.has(isAbsolute(f) ? f : join(index.folder, f))),
  );
  const found = index.referenceEdges().filter((e) => e.from !== e.to && known.has(e.from) && known.has(e.to));
  const candidates = definersPerUse(found);
  const edges: Edge[] = found.map((e) => ({
    ...e,
    // Many uses of one name count less than their number (aider: the square root); a use of a
    // name defined in many files (`get`, `id`) is shared among them, so it links no file strongly.
    weight:
      (Math.sqrt(e.count) * (focusNames.has(e.name) ? FOCUS_NAME_WEIGHT : 1)) /
      candidates.get(`${e.from}\0${e.name}`)!,
  }));
  const definers = new Set(
    [...focusNames]
      .flatMap((name) => index.symbolsNamed(name).map((s) => s.path))
      .filter((p) => known.has(p)),
  );
  const rank = pageRank(files, edges, teleport(files, new Set([...focusFiles, ...definers])));
  const symbolRank = symbolRanks(edges, rank);
  const ordered = [...files].sort((a, b) => rank.get(b)! - rank.get(a)! || compare(a, b));
  const entries = ordered.flatMap((path) => fileEntries(index, path, symbolRank, focusNames));
  return fitted(index.folder, entries, rank, q.tokens);
}

/** For each file and name it uses: how many files define that name (the edges it could be). */
function definersPerUse(edges: { from: string; name: string }[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const e of edges) n.set(`${e.from}\0${e.name}`, (n.get(`${e.from}\0${e.name}`) ?? 0) + 1);
  return n;
}

/** Where the random surfer lands: on the focus files if any, else anywhere alike. */
function teleport(files: string[], focus: Set<string>): Map<string, number> {
  const chosen = focus.size > 0 ? files.filter((f) => focus.has(f)) : files;
  return new Map(files.map((f) => [f, focus.size > 0 && !focus.has(f) ? 0 : 1 / chosen.length]));
}

export function pageRank(files: string[], edges: Edge[], jump: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>(files.map((f) => [f, 0]));
  for (const e of edges) out.set(e.from, out.get(e.from)! + e.weight);
  let rank = new Map(files.map((f) => [f, 1 / Math.max(files.length, 1)]));
  for (let i = 0; i < ITERATIONS; i++) {
    // A file that uses nothing hands its rank back through the teleport vector.
    const dangling = files.reduce((sum, f) => sum + (out.get(f) === 0 ? rank.get(f)! : 0), 0);
    const next = new Map(files.map((f) => [f, (1 - DAMPING + DAMPING * dangling) * jump.get(f)!]));
    for (const e of edges)
      next.set(e.to, next.get(e.to)! + (DAMPING * rank.get(e.from)! * e.weight) / out.get(e.from)!);
    rank = next;
  }
  return rank;
}

/** A definition's share of its file's rank: the rank flowing to it along the uses of its name. */
function symbolRanks(edges: Edge[], rank: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of edges) out.set(e.from, (out.get(e.from) ?? 0) + e.weight);
  const score = new Map<string, number>();
  for (const e of edges) {
    const key = `${e.to}\0${e.name}`;
    score.set(key, (score.get(key) ?? 0) + (rank.get(e.from)! * e.weight) / out.get(e.from)!);
  }
  return score;
}

/**
 * What a kind of symbol says about a file's shape: its types and functions before its constants,
 * and those before its fields and locals — a field used everywhere (`task: string`) is not the map.
 */
const KIND_WEIGHT: Record<CodeSymbol['kind'], number> = {
  class: 1,
  interface: 1,
  type: 1,
  enum: 1,
  struct: 1,
  trait: 1,
  function: 1,
  method: 0.8,
  module: 0.8,
  namespace: 0.8,
  macro: 0.6,
  constant: 0.5,
  variable: 0.2,
  field: 0.1,
};

interface Entry {
  path: string;
  symbol: CodeSymbol | undefined;
}

/** A file's line in the map, then its most used symbols (focus names first; source order on ties). */
function fileEntries(
  index: CodeIndexReader,
  path: string,
  symbolRank: Map<string, number>,
  focusNames: Set<string>,
): Entry[] {
  const score = (s: CodeSymbol) =>
    (focusNames.has(s.name) || focusNames.has(s.qualifiedName) ? 1e9 : 0) +
    KIND_WEIGHT[s.kind] * (1 + (symbolRank.get(`${path}\0${s.name}`) ?? 0));
  const seen = new Set<string>();
  const symbols = index
    .symbolsIn(path)
    .map((s, i) => ({ s, i, score: score(s) }))
    // A signature said once per file (overloads, a field repeated in several object types).
    .filter(({ s }) => !seen.has(s.signature) && seen.add(s.signature) !== undefined)
    // Only what is used elsewhere, asked about, or exported.
    .filter(
      ({ s }) => s.exported || focusNames.has(s.name) || (symbolRank.get(`${path}\0${s.name}`) ?? 0) > 0,
    )
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, SYMBOLS_PER_FILE)
    .sort((a, b) => a.i - b.i)
    .map(({ s }) => ({ path, symbol: s }));
  return [{ path, symbol: undefined }, ...symbols];
}

/** The longest prefix of the entries whose text fits the budget (binary search: the text grows with it). */
function fitted(folder: string, entries: Entry[], rank: Map<string, number>, budget: number): MapResult {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countTokens(render(folder, entries.slice(0, mid))) <= budget) lo = mid;
    else hi = mid - 1;
  }
  const taken = entries.slice(0, lo);
  const text = render(folder, taken);
  const files = new Map<string, string[]>();
  for (const e of taken) {
    if (!files.has(e.path)) files.set(e.path, []);
    if (e.symbol) files.get(e.path)!.push(e.symbol.qualifiedName);
  }
  return {
    text,
    tokens: countTokens(text),
    files: [...files].map(([path, symbols]) => ({ path, rank: round(rank.get(path)!), symbols })),
  };
}

function render(folder: string, entries: Entry[]): string {
  return entries
    .map((e) =>
      e.symbol
        ? `│ ${e.symbol.signature.replaceAll('\n', '\n│ ')}`
        : `${relative(folder, e.path) || e.path}:`,
    )
    .join('\n');
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
