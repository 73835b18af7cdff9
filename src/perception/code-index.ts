/**
 * What the rest of perception reads a folder's index through (queries, the map, the tools, the
 * RPC). The index itself (tagging, the SQLite store, the import graph, the worker, the watcher)
 * implements it; everything else codes to this, so the two sides are built and tested apart.
 */
import type {
  CodeIndexStatus,
  CodeLanguage,
  CodeReference,
  CodeSymbol,
  SymbolKind,
} from '../contracts/index.js';
import type { PreciseCode } from './precise/precise-code.js';

export interface IndexedFile {
  path: string;
  language: CodeLanguage;
  /** SHA-256 of the content indexed. */
  hash: string;
}

/** One folder's index, as it is now. All paths absolute; results in a stable order. */
export interface CodeIndexReader {
  readonly folder: string;
  status(): CodeIndexStatus;
  /** Substring / fuzzy match on names and qualified names, best first; `under`: a path prefix. */
  findSymbols(q: { query: string; kind?: SymbolKind; under?: string; limit: number }): CodeSymbol[];
  /** Definitions whose name or qualified name is exactly `name`. */
  symbolsNamed(name: string): CodeSymbol[];
  /** A file's definitions in source order (its outline). */
  symbolsIn(path: string): CodeSymbol[];
  /** The innermost definition whose range holds the position. */
  symbolAt(path: string, line: number, column: number): CodeSymbol | undefined;
  /** The reference at a position (a use of a name), if any. */
  referenceAt(path: string, line: number, column: number): CodeReference | undefined;
  /** Uses of `name` (the last segment of a qualified name), by path then position. */
  referencesTo(name: string, limit: number): CodeReference[];
  files(): IndexedFile[];
  /** Files `path` imports (resolved inside the folder), and the files that import it. */
  importsOf(path: string): string[];
  importersOf(path: string): string[];
  /** Import cycles (strongly connected components of more than one file, or a self-import). */
  cycles(): string[][];
  /** File → file edges: `from` uses a name `to` defines, with how many uses (the map's graph). */
  referenceEdges(): { from: string; to: string; name: string; count: number }[];
}

export interface CodeIndexes {
  /** The language servers answering definitions and references where installed (else the index). */
  readonly precise?: PreciseCode | undefined;
  /** The folder's index, built first if absent (PERMISSION_DENIED outside the grants). */
  open(folder: string): Promise<CodeIndexReader>;
  /** Brings changed files up to date (the folder watcher calls it); resolves once queryable. */
  update(folder: string, paths: string[]): Promise<void>;
  /** The folder's index as it is, never building one (`absent` when there is none). */
  status(folder: string): CodeIndexStatus;
  /** The folders that have an index (open or on disk): watched again when the daemon starts. */
  indexed(): string[];
  close(): Promise<void>;
}
