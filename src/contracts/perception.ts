/**
 * Code perception (src/perception): the symbol index of a granted folder — definitions, references,
 * imports — and what the agent, the CLI and the UI ask of it. Paths are absolute (inside a grant);
 * lines and columns count from 1.
 */
import * as z from 'zod/mini';

const str = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const pos = () => z.int().check(z.positive());
const count = () => z.int().check(z.nonnegative());

export const CodeLanguage = z.enum([
  'typescript',
  'tsx',
  'javascript',
  'python',
  'go',
  'rust',
  'java',
  'c',
  'cpp',
  'ruby',
  'bash',
]);
export type CodeLanguage = z.infer<typeof CodeLanguage>;

export const SymbolKind = z.enum([
  'function',
  'method',
  'class',
  'interface',
  'type',
  'enum',
  'struct',
  'trait',
  'module',
  'namespace',
  'constant',
  'variable',
  'field',
  'macro',
]);
export type SymbolKind = z.infer<typeof SymbolKind>;

/** A span in a file: start and end, 1-based, end inclusive of its line. */
export const CodeRange = z.object({ line: pos(), column: pos(), endLine: pos(), endColumn: pos() });
export type CodeRange = z.infer<typeof CodeRange>;

/** A definition. `qualifiedName` is its container path joined by `.` (`Router.choose`). */
export const CodeSymbol = z.object({
  name: z.string(),
  qualifiedName: z.string(),
  kind: SymbolKind,
  language: CodeLanguage,
  path: z.string(),
  range: CodeRange,
  /** The declaration's first line(s), trimmed, at most 300 characters. */
  signature: z.string(),
  doc: z.optional(z.string()),
  /** Visible outside its file (exported, public, or top level where the language has no export). */
  exported: z.boolean(),
});
export type CodeSymbol = z.infer<typeof CodeSymbol>;

/** A place in a file with the text of its line (what a person reads in a list of results). */
export const CodeLocation = z.object({
  path: z.string(),
  line: pos(),
  column: pos(),
  lineText: z.string(),
});
export type CodeLocation = z.infer<typeof CodeLocation>;

export const CodeReference = z.extend(CodeLocation, {
  name: z.string(),
  /** The qualified name of the symbol the reference is inside, if any. */
  enclosing: z.optional(z.string()),
});
export type CodeReference = z.infer<typeof CodeReference>;

/** Where an answer came from: the tree-sitter index, or a language server (the precise path). */
export const CodeSource = z.enum(['index', 'language-server']);

const symbolOrPosition = {
  symbol: z.optional(str(1, 500)),
  path: z.optional(str(1, 4096)),
  line: z.optional(pos()),
  column: z.optional(pos()),
};

// ── the agent's tools (and the RPC's params): each a read through the door, audited ──
export const CodeSymbolsArgs = z.strictObject({
  query: str(1, 200),
  kind: z.optional(SymbolKind),
  /** A folder or file to search in (absolute, or relative to the run's folder). */
  path: z.optional(str(1, 4096)),
  limit: z._default(z.int().check(z.gte(1), z.lte(500)), 50),
});
export const CodeDefinitionArgs = z.strictObject(symbolOrPosition);
export const CodeReferencesArgs = z.strictObject({
  ...symbolOrPosition,
  limit: z._default(z.int().check(z.gte(1), z.lte(2000)), 200),
});
export const CodeOutlineArgs = z.strictObject({ path: str(1, 4096) });
export const CodeMapArgs = z.strictObject({
  /** Files or symbol names the task is about: the ranking is personalised to them. */
  focus: z._default(z.array(str(1, 4096)).check(z.maxLength(100)), []),
  tokens: z._default(z.int().check(z.gte(64), z.lte(32_000)), 1024),
  path: z.optional(str(1, 4096)),
});
export const CodeImpactArgs = z.strictObject({
  symbol: z.optional(str(1, 500)),
  path: z.optional(str(1, 4096)),
});
export const CodeRenameArgs = z.strictObject({
  ...symbolOrPosition,
  newName: str(1, 200),
});

export const CodeSymbolsResult = z.object({ symbols: z.array(CodeSymbol), truncated: z.boolean() });
export const CodeDefinitionResult = z.object({
  definitions: z.array(z.extend(CodeLocation, { symbol: CodeSymbol })),
  source: CodeSource,
});
export const CodeReferencesResult = z.object({
  references: z.array(CodeReference),
  truncated: z.boolean(),
  source: CodeSource,
});
export const CodeOutlineResult = z.object({ path: z.string(), symbols: z.array(CodeSymbol) });
export const CodeMapResult = z.object({
  /** The map as the agent reads it: files by rank, each with its most important signatures. */
  text: z.string(),
  tokens: count(),
  files: z.array(z.object({ path: z.string(), rank: z.number(), symbols: z.array(z.string()) })),
});
export const CodeImpactResult = z.object({
  /** Files that depend on it (import it, or reference its name), nearest first. */
  files: z.array(z.string()),
  symbols: z.array(z.string()),
  /** Import cycles it is part of, each as a list of files. */
  cycles: z.array(z.array(z.string())),
});
export const CodeRenameResult = z.object({
  files: z.array(z.object({ path: z.string(), edits: count() })),
  source: CodeSource,
});

/** A folder's index as it is. */
export const CodeIndexStatus = z.object({
  folder: z.string(),
  state: z.enum(['absent', 'indexing', 'ready', 'failed']),
  files: count(),
  symbols: count(),
  references: count(),
  bytesOnDisk: count(),
  languages: z.array(CodeLanguage),
  updatedAt: z.nullable(z.string()),
  error: z.nullable(z.string()),
  /** The folder holds more code files than the index takes (its cap): those past it are not indexed. */
  truncated: z.optional(z.boolean()),
});
export type CodeIndexStatus = z.infer<typeof CodeIndexStatus>;
