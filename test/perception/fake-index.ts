/**
 * An in-memory CodeIndexReader over hand-made symbols, references and imports: the queries, the
 * map and the tools are tested against the interface without the real index.
 */
import type {
  CodeIndexStatus,
  CodeLanguage,
  CodeReference,
  CodeSymbol,
  SymbolKind,
} from '../../src/contracts/index.js';
import type { CodeIndexes, CodeIndexReader, IndexedFile } from '../../src/perception/code-index.js';

export interface FakeSymbol {
  name: string;
  path: string;
  line: number;
  endLine?: number;
  kind?: SymbolKind;
  container?: string;
  signature?: string;
  exported?: boolean;
  language?: CodeLanguage;
}
export interface FakeReference {
  name: string;
  path: string;
  line: number;
  column?: number;
  lineText?: string;
  enclosing?: string;
}
export interface FakeContent {
  symbols: FakeSymbol[];
  references?: FakeReference[];
  /** from → to, both absolute paths. */
  imports?: [string, string][];
  /** Files with no symbol of their own. */
  files?: string[];
}

const byPlace = (a: { path: string; line: number; column: number }, b: typeof a) =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column;

export function symbol(s: FakeSymbol): CodeSymbol {
  return {
    name: s.name,
    qualifiedName: s.container ? `${s.container}.${s.name}` : s.name,
    kind: s.kind ?? 'function',
    language: s.language ?? 'typescript',
    path: s.path,
    range: { line: s.line, column: 1, endLine: s.endLine ?? s.line, endColumn: 1 },
    signature: s.signature ?? `function ${s.name}()`,
    exported: s.exported ?? true,
  };
}

export class FakeIndex implements CodeIndexReader {
  readonly symbols: CodeSymbol[];
  readonly references: CodeReference[];
  readonly imports: [string, string][];
  readonly #files: string[];

  constructor(
    readonly folder: string,
    content: FakeContent,
  ) {
    this.symbols = content.symbols.map(symbol).sort((a, b) => byPlace(place(a), place(b)));
    this.references = (content.references ?? [])
      .map((r) => ({
        name: r.name,
        path: r.path,
        line: r.line,
        column: r.column ?? 1,
        lineText: r.lineText ?? `use(${r.name})`,
        ...(r.enclosing ? { enclosing: r.enclosing } : {}),
      }))
      .sort(byPlace);
    this.imports = content.imports ?? [];
    this.#files = [
      ...new Set([
        ...this.symbols.map((s) => s.path),
        ...this.references.map((r) => r.path),
        ...this.imports.flat(),
        ...(content.files ?? []),
      ]),
    ].sort();
  }

  status(): CodeIndexStatus {
    return {
      folder: this.folder,
      state: 'ready',
      files: this.#files.length,
      symbols: this.symbols.length,
      references: this.references.length,
      bytesOnDisk: 0,
      languages: ['typescript'],
      updatedAt: null,
      error: null,
    };
  }

  findSymbols(q: { query: string; kind?: SymbolKind; under?: string; limit: number }): CodeSymbol[] {
    const text = q.query.toLowerCase();
    return this.symbols
      .filter((s) => s.qualifiedName.toLowerCase().includes(text))
      .filter((s) => (q.kind ? s.kind === q.kind : true))
      .filter((s) => (q.under ? s.path.startsWith(q.under) : true))
      .slice(0, q.limit);
  }
  symbolsNamed(name: string): CodeSymbol[] {
    return this.symbols.filter((s) => s.name === name || s.qualifiedName === name);
  }
  symbolsIn(path: string): CodeSymbol[] {
    return this.symbols.filter((s) => s.path === path);
  }
  symbolAt(path: string, line: number): CodeSymbol | undefined {
    return this.symbols
      .filter((s) => s.path === path && s.range.line <= line && line <= s.range.endLine)
      .sort((a, b) => b.range.line - a.range.line)[0];
  }
  referenceAt(path: string, line: number, column: number): CodeReference | undefined {
    return this.references.find(
      (r) => r.path === path && r.line === line && r.column <= column && column < r.column + r.name.length,
    );
  }
  referencesTo(name: string, limit: number): CodeReference[] {
    const last = name.split('.').pop();
    return this.references.filter((r) => r.name === last).slice(0, limit);
  }
  files(): IndexedFile[] {
    return this.#files.map((path) => ({ path, language: 'typescript', hash: '0' }));
  }
  importsOf(path: string): string[] {
    return this.imports.filter(([from]) => from === path).map(([, to]) => to);
  }
  importersOf(path: string): string[] {
    return this.imports.filter(([, to]) => to === path).map(([from]) => from);
  }
  cycles(): string[][] {
    // Enough for hand-made graphs: a self-import, or two files importing each other.
    const out: string[][] = [];
    for (const [from, to] of this.imports) {
      if (from === to) out.push([from]);
      else if (from < to && this.imports.some(([f, t]) => f === to && t === from)) out.push([from, to]);
    }
    return out;
  }
  referenceEdges(): { from: string; to: string; name: string; count: number }[] {
    const edges = new Map<string, { from: string; to: string; name: string; count: number }>();
    for (const r of this.references)
      for (const d of this.symbols.filter((s) => s.name === r.name && s.path !== r.path)) {
        const key = `${r.path}\0${d.path}\0${r.name}`;
        const edge = edges.get(key) ?? { from: r.path, to: d.path, name: r.name, count: 0 };
        edge.count++;
        edges.set(key, edge);
      }
    return [...edges.values()];
  }
}

const place = (s: CodeSymbol) => ({ path: s.path, line: s.range.line, column: s.range.column });

/** CodeIndexes over fake indexes by folder; `opened` counts the opens. */
export class FakeIndexes implements CodeIndexes {
  opened: string[] = [];
  constructor(readonly indexes: Record<string, FakeIndex>) {}
  async open(folder: string): Promise<CodeIndexReader> {
    this.opened.push(folder);
    const index = this.indexes[folder];
    if (!index) throw new Error(`no fake index for ${folder}`);
    return index;
  }
  async update(): Promise<void> {}
  status(folder: string) {
    const index = this.indexes[folder];
    if (!index) throw new Error(`no fake index for ${folder}`);
    return index.status();
  }
  indexed(): string[] {
    return Object.keys(this.indexes);
  }
  async close(): Promise<void> {}
}
