/**
 * Definitions and references from a language server, in the index's shape and order: file:line:col
 * with the line's text, each definition with its symbol (the index's, else one made from the
 * name at that place). Only places in files the index holds are kept — what it holds is what may be
 * read (no secret, nothing ungranted, nothing ignored) — so the server widens no answer beyond what
 * the index could give. Undefined whenever the server gives no usable answer: the index answers.
 */
import type { CodeLocation, CodeReference, CodeSymbol } from '../../contracts/index.js';
import type { CodeIndexReader } from '../code-index.js';
import type { PreciseCode } from './precise-code.js';

export interface Position {
  path: string;
  line: number;
  column: number;
}

const IDENTIFIER_CHAR = /[\p{ID_Continue}$]/u;

/** The lines of the files an answer quotes, each read once per answer. */
export class FileLines {
  readonly #lines = new Map<string, Promise<string[]>>();
  constructor(private readonly read: (path: string) => Promise<string>) {}

  of(path: string): Promise<string[]> {
    let lines = this.#lines.get(path);
    if (!lines) {
      lines = this.read(path).then((t) => t.split(/\r?\n/));
      this.#lines.set(path, lines);
    }
    return lines;
  }

  /** The identifier starting at this place ('' when none starts there). */
  async tokenAt(p: Position): Promise<string> {
    const text = (await this.of(p.path))[p.line - 1] ?? '';
    let end = p.column - 1;
    while (end < text.length && IDENTIFIER_CHAR.test(text[end]!)) end++;
    return text.slice(p.column - 1, end);
  }
}

/** Where `name` itself is written in a symbol's declaration (its range starts at the keyword). */
export async function namePosition(lines: FileLines, symbol: CodeSymbol): Promise<Position | undefined> {
  const all = await lines.of(symbol.path);
  for (let line = symbol.range.line; line <= Math.min(symbol.range.endLine, symbol.range.line + 5); line++) {
    const text = all[line - 1] ?? '';
    const from = line === symbol.range.line ? symbol.range.column - 1 : 0;
    const at = tokenIndex(text, symbol.name, from);
    if (at >= 0) return { path: symbol.path, line, column: at + 1 };
  }
  return undefined;
}

/** The first place at or after `from` where `name` stands as a whole identifier; -1 if none. */
export function tokenIndex(text: string, name: string, from = 0): number {
  for (let i = text.indexOf(name, from); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = i > 0 ? text[i - 1]! : '';
    const after = text[i + name.length] ?? '';
    if (!(before && IDENTIFIER_CHAR.test(before)) && !(after && IDENTIFIER_CHAR.test(after))) return i;
  }
  return -1;
}

type Definition = CodeLocation & { symbol: CodeSymbol };

export async function serverDefinitions(
  index: CodeIndexReader,
  precise: PreciseCode,
  at: Position,
): Promise<Definition[] | undefined> {
  const found = await precise.ask(index.folder, at.path, (c) => c.definition(at.path, at.line, at.column));
  const kept = found && inIndex(index, found);
  if (!kept?.length) return undefined;
  const lines = new FileLines((p) => precise.readFile(p));
  return Promise.all(
    kept.map(async (l) => ({ ...l, symbol: symbolAtName(index, l, await lines.tokenAt(l)) })),
  );
}

export async function serverReferences(
  index: CodeIndexReader,
  precise: PreciseCode,
  at: Position,
): Promise<CodeReference[] | undefined> {
  const lines = new FileLines((p) => precise.readFile(p));
  const users = usersOfName(index, await lines.tokenAt(at).catch(() => ''));
  const found = await precise.ask(index.folder, at.path, async (c) => {
    await c.show(users);
    return c.references(at.path, at.line, at.column);
  });
  const kept = found && inIndex(index, found);
  if (!kept?.length) return undefined;
  return Promise.all(
    kept.map(async (l): Promise<CodeReference> => {
      const name = await lines.tokenAt(l);
      const inside = index.symbolAt(l.path, l.line, l.column);
      // The declaration itself is not "inside" the symbol it declares: its container is.
      const enclosing =
        inside && inside.name === name && inside.range.line === l.line
          ? containerOf(inside.qualifiedName)
          : inside?.qualifiedName;
      return { ...l, name, ...(enclosing ? { enclosing } : {}) };
    }),
  );
}

/** The files the index sees using or defining a name (shown to the server first), at most 500. */
export function usersOfName(index: CodeIndexReader, name: string): string[] {
  if (!name) return [];
  const paths = new Set(index.symbolsNamed(name).map((s) => s.path));
  for (const r of index.referencesTo(name, 100_000)) paths.add(r.path);
  return [...paths].sort().slice(0, 500);
}

function inIndex(index: CodeIndexReader, places: CodeLocation[]): CodeLocation[] {
  const files = new Set(index.files().map((f) => f.path));
  return places.filter((p) => files.has(p.path));
}

function containerOf(qualified: string): string | undefined {
  const dot = qualified.lastIndexOf('.');
  return dot > 0 ? qualified.slice(0, dot) : undefined;
}

/** The index's symbol declared at this place, else one made from the name written there. */
function symbolAtName(index: CodeIndexReader, l: CodeLocation, name: string): CodeSymbol {
  const inside = index.symbolAt(l.path, l.line, l.column);
  if (inside && inside.name === name) return inside;
  const language = index.files().find((f) => f.path === l.path)!.language;
  return {
    name,
    qualifiedName: name,
    kind: 'variable',
    language,
    path: l.path,
    range: { line: l.line, column: l.column, endLine: l.line, endColumn: l.column + name.length },
    signature: l.lineText,
    exported: false,
  };
}
