/**
 * Source text → its definitions, references and imports, with tree-sitter tag queries (the
 * grammar packages' `queries/tags.scm` plus each language's own additions). Pure: no file
 * system, no store; the worker thread runs it.
 */
import type { Node, Query, QueryMatch } from 'web-tree-sitter';
import type { CodeRange, SymbolKind } from '../contracts/index.js';
import { grammar, grammarFile, treeSitter } from '../enclave/tree-sitter.js';
import type { LanguageSpec } from './languages/index.js';

const SIGNATURE_MAX = 300;
const LINE_TEXT_MAX = 300;
const DOC_MAX = 2000;

/** A definition as the tagger sees it: no path or language (the caller knows them). */
export interface TaggedSymbol {
  name: string;
  qualifiedName: string;
  kind: SymbolKind;
  range: CodeRange;
  signature: string;
  doc?: string;
  exported: boolean;
}
export interface TaggedReference {
  name: string;
  line: number;
  column: number;
  lineText: string;
  enclosing?: string;
}
export interface TaggedFile {
  symbols: TaggedSymbol[];
  references: TaggedReference[];
  /** Import specifiers as written (`./util.js`, `os.path`, `crate::a::b`), in source order. */
  imports: string[];
}

const TAG_KINDS: Record<string, SymbolKind> = {
  class: 'class',
  function: 'function',
  method: 'method',
  module: 'module',
  interface: 'interface',
  type: 'type',
  constant: 'constant',
  macro: 'macro',
  enum: 'enum',
  struct: 'struct',
  trait: 'trait',
  namespace: 'namespace',
  field: 'field',
  variable: 'variable',
};
const CONTAINERS = new Set<SymbolKind>([
  'class',
  'interface',
  'struct',
  'trait',
  'module',
  'namespace',
  'enum',
]);
/** Nodes a tag's node sits inside that belong to the same declaration (its signature and doc start there). */
const WRAPPERS =
  /^(export_statement|decorated_definition|lexical_declaration|variable_declaration|function_definition|declaration|pointer_declarator|template_declaration|field_declaration|type_declaration|const_declaration|var_declaration)$/;

const HASH_COMMENTS = new Set(['python', 'ruby', 'bash']);

interface Compiled {
  tags: Query;
  imports: Query;
}
const compiled = new Map<string, Promise<Compiled | undefined>>();

function queries(spec: LanguageSpec): Promise<Compiled | undefined> {
  let q = compiled.get(spec.id);
  if (!q) {
    q = Promise.all([grammar(spec.wasm), treeSitter()]).then(([lang, ts]) => {
      if (!lang) return undefined;
      const files = spec.tagFiles.map((f) => grammarFile(f) ?? '');
      return {
        tags: new ts.Query(
          lang,
          (spec.ownTagsFirst ? [spec.tags, ...files] : [...files, spec.tags]).join('\n'),
        ),
        imports: new ts.Query(lang, spec.imports),
      };
    });
    compiled.set(spec.id, q);
  }
  return q;
}

/** Tags a file; undefined when the language's grammar is not installed. */
export async function tagSource(spec: LanguageSpec, text: string): Promise<TaggedFile | undefined> {
  const [lang, q, { Parser }] = await Promise.all([grammar(spec.wasm), queries(spec), treeSitter()]);
  if (!lang || !q) return undefined;
  const parser = new Parser();
  parser.setLanguage(lang);
  const tree = parser.parse(text);
  try {
    if (!tree) return undefined;
    const lines = text.split('\n');
    const matches = q.tags.matches(tree.rootNode);
    const defs = definitions(spec, matches, lines);
    return {
      symbols: defs.map(({ node: _n, outer: _o, nameStart: _s, ...s }) => s),
      references: references(matches, defs, lines),
      imports: importsOf(q.imports.matches(tree.rootNode)),
    };
  } finally {
    tree?.delete();
    parser.delete();
  }
}

interface Def extends TaggedSymbol {
  node: Node;
  outer: Node;
  nameStart: number;
}

function definitions(spec: LanguageSpec, matches: QueryMatch[], lines: string[]): Def[] {
  // A name tagged by several patterns: the lowest pattern wins (see LanguageSpec.ownTagsFirst).
  const byName = new Map<
    number,
    { node: Node; outer: Node; nameNode: Node; kind: SymbolKind; pattern: number }
  >();
  for (const m of matches) {
    const tag = m.captures.find((c) => c.name.startsWith('definition.'));
    const name = m.captures.find((c) => c.name === 'name');
    if (!tag || !name) continue;
    const known = byName.get(name.node.startIndex);
    if (known && known.pattern <= m.patternIndex) continue;
    const coarse = TAG_KINDS[tag.name.slice('definition.'.length)] ?? 'variable';
    const kind = spec.kinds?.[tag.node.type] ?? coarse;
    byName.set(name.node.startIndex, {
      node: tag.node,
      outer: outerOf(tag.node),
      nameNode: name.node,
      kind,
      pattern: m.patternIndex,
    });
  }
  const found = [...byName.values()];
  found.sort((a, b) => a.outer.startIndex - b.outer.startIndex || b.outer.endIndex - a.outer.endIndex);
  const defs: Def[] = [];
  const open: Def[] = [];
  for (const f of found) {
    // Sorted by start (outermost first), so the containers holding f are a stack.
    while (open.length && !holds(open.at(-1)!.outer, f.outer)) open.pop();
    const parent = open.at(-1);
    const extra = extraContainers(spec, f.outer, parent?.outer);
    const name = f.nameNode.text;
    const prefix = [...(parent ? [parent.qualifiedName] : []), ...extra];
    const kind =
      f.kind === 'function' &&
      (parent || extra.length) &&
      parent?.kind !== 'module' &&
      parent?.kind !== 'namespace'
        ? 'method'
        : f.kind;
    const inside = parent ? parent.exported : true;
    const doc = docOf(spec, f.outer, f.node, lines);
    defs.push({
      name,
      qualifiedName: [...prefix, name].join('.'),
      kind,
      range: rangeOf(f.outer, lines),
      signature: signatureOf(f.outer, f.node),
      ...(doc ? { doc } : {}),
      exported: spec.exported(f.node, name, inside),
      node: f.node,
      outer: f.outer,
      nameStart: f.nameNode.startIndex,
    });
    if (CONTAINERS.has(kind)) open.push(defs.at(-1)!);
  }
  return defs.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
}

/** Containers that are not definitions (Rust's `impl Foo`) between a definition and its parent definition. */
const holds = (outer: Node, inner: Node) =>
  outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex && outer.id !== inner.id;

function extraContainers(spec: LanguageSpec, node: Node, stop: Node | undefined): string[] {
  if (!spec.containerName) return [];
  const names: string[] = [];
  for (let n: Node | null = node; n && n.id !== stop?.id; n = n.parent) {
    const name = spec.containerName(n);
    if (name) names.unshift(name);
  }
  return names;
}

function outerOf(node: Node): Node {
  let n = node;
  while (n.parent && WRAPPERS.test(n.parent.type) && n.parent.parent) n = n.parent;
  return n;
}

/** A node that ends with its line's newline (`#define X`) ends on that line, not the next. */
function rangeOf(n: Node, lines: string[]): CodeRange {
  const { row, column } = n.endPosition;
  const atLineStart = column === 0 && row > n.startPosition.row;
  return {
    line: n.startPosition.row + 1,
    column: n.startPosition.column + 1,
    endLine: atLineStart ? row : row + 1,
    endColumn: atLineStart ? (lines[row - 1]?.length ?? 0) + 1 : column + 1,
  };
}

/** The declaration up to its body (or its first line), whitespace collapsed. */
function signatureOf(outer: Node, node: Node): string {
  const body = node.childForFieldName('body') ?? node.childForFieldName('value');
  const end =
    body && body.startIndex > outer.startIndex && body.type !== 'string'
      ? body.startIndex - outer.startIndex
      : undefined;
  let text = end !== undefined ? outer.text.slice(0, end) : outer.text.split('\n')[0]!;
  const kept = text.trimEnd().split('\n');
  // Comments at the top of the body (Ruby's) are not the declaration; a very long head is cut to its first line.
  while (kept.length > 1 && /^\s*(#|\/\/|\/\*|\*)/.test(kept.at(-1)!)) kept.pop();
  text = kept.length > 6 ? kept[0]! : kept.join('\n');
  text = text
    .replace(/\s+/g, ' ')
    .replace(/[\s{:=]+$/, '')
    .trim();
  return text.length > SIGNATURE_MAX ? `${text.slice(0, SIGNATURE_MAX - 1)}…` : text;
}

/** The comments right above the declaration, or (Python) its docstring; markers stripped. */
function docOf(spec: LanguageSpec, outer: Node, node: Node, lines: string[]): string | undefined {
  if (spec.id === 'python') {
    const first = node.childForFieldName('body')?.namedChildren[0];
    const str = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
    if (str?.type === 'string')
      return clip(str.text.replace(/^[rbuRBU]*("""|'''|"|')|("""|'''|"|')$/g, '').trim());
  }
  // By the lines right above (not the tree: Ruby puts a method's comment outside its body node).
  const marker = HASH_COMMENTS.has(spec.id) ? /^\s*#(?!!)/ : /^\s*(\/\/|\/\*|\*)/;
  let first = outer.startPosition.row;
  while (first > 0 && marker.test(lines[first - 1]!)) first--;
  if (first === outer.startPosition.row) return undefined;
  const text = lines
    .slice(first, outer.startPosition.row)
    .map((l) => l.replace(/^\s*(\/\*\*?|\*\/|\*|\/\/\/?!?|#+)\s?/, '').replace(/\s*\*\/\s*$/, ''))
    .join('\n')
    .trim();
  return text ? clip(text) : undefined;
}

const clip = (s: string) => (s.length > DOC_MAX ? `${s.slice(0, DOC_MAX - 1)}…` : s);

function references(matches: QueryMatch[], defs: Def[], lines: string[]): TaggedReference[] {
  const defNames = new Set(defs.map((d) => d.nameStart));
  const names = new Map<number, Node>();
  for (const m of matches) {
    if (!m.captures.some((c) => c.name.startsWith('reference.'))) continue;
    const name = m.captures.find((c) => c.name === 'name')?.node;
    if (name && !defNames.has(name.startIndex) && !names.has(name.startIndex))
      names.set(name.startIndex, name);
  }
  // One sweep in source order: the definitions open at a reference are a stack, the innermost on top.
  const byStart = [...defs].sort(
    (a, b) => a.outer.startIndex - b.outer.startIndex || b.outer.endIndex - a.outer.endIndex,
  );
  const open: Def[] = [];
  let next = 0;
  const refs: TaggedReference[] = [];
  for (const [at, name] of [...names].sort((a, b) => a[0] - b[0])) {
    while (next < byStart.length && byStart[next]!.outer.startIndex <= at) {
      const d = byStart[next++]!;
      while (open.length && open.at(-1)!.outer.endIndex <= d.outer.startIndex) open.pop();
      open.push(d);
    }
    while (open.length && open.at(-1)!.outer.endIndex <= at) open.pop();
    const enclosing = open.at(-1);
    const line = name.startPosition.row + 1;
    refs.push({
      name: name.text,
      line,
      column: name.startPosition.column + 1,
      lineText: (lines[line - 1] ?? '').trim().slice(0, LINE_TEXT_MAX),
      ...(enclosing ? { enclosing: enclosing.qualifiedName } : {}),
    });
  }
  return refs;
}

/**
 * Each match's `@import`, and for each `@import.member` beside it the module it may be
 * (`from pkg import models` may import pkg/models.py: `pkg.models`; `from . import x`: `.x`).
 */
function importsOf(matches: QueryMatch[]): string[] {
  const specs: string[] = [];
  for (const m of matches) {
    const base = m.captures.find((c) => c.name === 'import');
    if (!base) continue;
    const spec = unquote(base.node.text);
    if (spec) specs.push(spec);
    for (const c of m.captures)
      if (c.name === 'import.member')
        specs.push(spec.endsWith('.') ? spec + c.node.text : `${spec}.${c.node.text}`);
  }
  return specs;
}

function unquote(s: string): string {
  return s.replace(/^["'`<]|["'`>]$/g, '');
}
