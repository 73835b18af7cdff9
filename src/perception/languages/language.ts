/**
 * What the index knows of one language: its files, its grammar, the tree-sitter queries that find
 * its definitions, references and imports, what "exported" means in it, and how an import names a
 * file inside the folder.
 */
import type { Node } from 'web-tree-sitter';
import type { CodeLanguage, SymbolKind } from '../../contracts/index.js';

/** The folder's files, for resolving an import to one of them. Paths absolute, `/`-separated. */
export interface FileSet {
  readonly folder: string;
  has(path: string): boolean;
  /** Files whose path ends with `suffix` (which starts with `/`). */
  endingWith(suffix: string): string[];
  /** Files directly inside `dir`. */
  inDir(dir: string): string[];
}

export interface LanguageSpec {
  id: CodeLanguage;
  extensions: string[];
  /** The grammar, by package path (loaded with enclave/tree-sitter's `grammar()`). */
  wasm: string;
  /** Package query files (`tree-sitter-go/queries/tags.scm`) then our own query text, one query. */
  tagFiles: string[];
  tags: string;
  /**
   * The first query to tag a name decides its kind: the package's come first, unless ours refine
   * them (Go's `type X struct` is a struct, not the package's plain type).
   */
  ownTagsFirst?: boolean;
  /** Captures `@import` on the node whose text (quotes stripped) is the imported module. */
  imports: string;
  /** Node types whose kind the tags' coarse `definition.class` etc. does not say (`struct_item`). */
  kinds?: Record<string, SymbolKind>;
  /** A container that is not itself a definition (Rust's `impl Foo`): its name, if the node is one. */
  containerName?: (node: Node) => string | undefined;
  /** Visible outside its file; `inside`: whether its container is (top level: true). */
  exported(def: Node, name: string, inside: boolean): boolean;
  /** The files inside the folder an import specifier from `from` names (none: outside, or unknown). */
  resolve(spec: string, from: string, files: FileSet): string[];
}

/** The first of `candidates` that is a file of the folder. */
export function firstFile(files: FileSet, candidates: string[]): string[] {
  const hit = candidates.find((c) => files.has(c));
  return hit ? [hit] : [];
}

/** A node's named child of a type, if any. */
export function childOfType(node: Node, type: string): Node | undefined {
  return node.namedChildren.find((c) => c?.type === type) ?? undefined;
}
