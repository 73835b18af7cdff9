/**
 * Code is chunked by its syntax: each function, class or method its own chunk (small neighbours
 * packed together, comments kept with what they describe), parsed with tree-sitter where a grammar
 * is installed (the optional tree-sitter-javascript, -typescript, -python packages; bash always).
 * Without one, the caller falls back to the blank-line chunker.
 */
import type { Node as SyntaxNode, Parser as TsParser } from 'web-tree-sitter';
import { grammar, grammarForPath, treeSitter } from '../enclave/tree-sitter.js';
import { type Chunk, chunkText, estimateTokens } from './chunker.js';

const MAX_CHARS = 1600;
/** A definition shorter than this shares a chunk with its neighbours. */
const SMALL_CHARS = 300;

/** The languages chunked by their syntax (the definitions below are theirs); others by text. */
const CHUNKED = new Set(['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'py', 'sh', 'bash']);

const DEFINITION =
  /^(function|generator_function|class|method|abstract_class|interface|enum|type_alias|function_definition|class_definition|decorated_definition|lexical_declaration|export_statement|module|internal_module)/;

interface Unit {
  start: number; // 1-based lines, inclusive
  end: number;
  definition: boolean;
}

/** Chunks of a source file by its syntax; undefined when no grammar for it is installed. */
export async function chunkCode(path: string, text: string): Promise<Chunk[] | undefined> {
  const wasm = grammarForPath(path, CHUNKED);
  const lang = wasm && (await grammar(wasm)); // undefined: the optional grammar is not installed
  if (!lang) return undefined;
  const { Parser } = await treeSitter();
  const p: TsParser = new Parser();
  p.setLanguage(lang);
  const tree = p.parse(text);
  try {
    if (!tree) return undefined;
    const lines = text.split('\n');
    const units = splitUnits(tree.rootNode, lines, 0);
    return pack(units, lines);
  } finally {
    tree?.delete();
    p.delete();
  }
}

const size = (u: Unit, lines: string[]) => lines.slice(u.start - 1, u.end).join('\n').length;

/** A node's children as units; comments join the unit after them; an over-long unit is split. */
function splitUnits(node: SyntaxNode, lines: string[], depth: number): Unit[] {
  const units: Unit[] = [];
  let commentStart: number | undefined;
  for (const child of node.namedChildren) {
    if (!child) continue;
    const start = child.startPosition.row + 1;
    const end = child.endPosition.row + 1;
    if (child.type.includes('comment')) {
      commentStart ??= start;
      continue;
    }
    const unit: Unit = { start: commentStart ?? start, end, definition: DEFINITION.test(child.type) };
    commentStart = undefined;
    units.push(...(size(unit, lines) > MAX_CHARS ? splitLong(child, unit, lines, depth) : [unit]));
  }
  if (commentStart !== undefined) {
    const last = node.namedChildren.at(-1);
    units.push({ start: commentStart, end: (last?.endPosition.row ?? 0) + 1, definition: false });
  }
  return units;
}

/** A long class or function: its members (or statements) become units, the header joins the first. */
function splitLong(node: SyntaxNode, unit: Unit, lines: string[], depth: number): Unit[] {
  const body =
    node.childForFieldName('body') ??
    node.namedChildren.find((c) => c?.childForFieldName('body'))?.childForFieldName('body');
  if (!body || depth >= 3 || body.namedChildren.length === 0) return [unit];
  const inner = splitUnits(body, lines, depth + 1);
  if (inner.length === 0) return [unit];
  inner[0] = { ...inner[0]!, start: unit.start };
  inner[inner.length - 1] = { ...inner.at(-1)!, end: unit.end };
  return inner;
}

/** Definitions start a chunk of their own (unless the chunk so far is small); the rest packs up. */
function pack(units: Unit[], lines: string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Unit | undefined;
  const flush = () => {
    if (!current) return;
    const content = lines.slice(current.start - 1, current.end).join('\n');
    if (content.trim().length === 0) return;
    if (content.length > MAX_CHARS) {
      // Still too long (a huge function body): cut by lines, keeping real line numbers.
      for (const piece of chunkText('x.txt', content))
        chunks.push({
          ...piece,
          idx: chunks.length,
          startLine: piece.startLine + current.start - 1,
          endLine: piece.endLine + current.start - 1,
        });
      return;
    }
    chunks.push({
      idx: chunks.length,
      content,
      startLine: current.start,
      endLine: current.end,
      tokens: estimateTokens(content),
    });
  };
  for (const unit of units) {
    const merged = current && { start: current.start, end: unit.end, definition: unit.definition };
    const fits = merged && size(merged, lines) <= MAX_CHARS;
    const startsOwn = unit.definition && current && size(current, lines) >= SMALL_CHARS;
    if (current && fits && !startsOwn) current = merged;
    else {
      flush();
      current = { ...unit };
    }
  }
  flush();
  return chunks;
}
