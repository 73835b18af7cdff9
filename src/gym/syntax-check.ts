/**
 * Does a file parse? tree-sitter for the code languages Cowork ships grammars for, JSON.parse for
 * JSON; other files are not judged (null).
 */
import { extname } from 'node:path';
import { grammar, treeSitter } from '../enclave/tree-sitter.js';

const GRAMMARS: Record<string, string> = {
  js: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  mjs: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  cjs: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  jsx: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  ts: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  mts: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  cts: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  py: 'tree-sitter-python/tree-sitter-python.wasm',
  sh: 'tree-sitter-bash/tree-sitter-bash.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
  rs: 'tree-sitter-rust/tree-sitter-rust.wasm',
  java: 'tree-sitter-java/tree-sitter-java.wasm',
  c: 'tree-sitter-c/tree-sitter-c.wasm',
  h: 'tree-sitter-c/tree-sitter-c.wasm',
  cpp: 'tree-sitter-cpp/tree-sitter-cpp.wasm',
  rb: 'tree-sitter-ruby/tree-sitter-ruby.wasm',
};

/** True when `path` is a file this check can judge. */
export function judgesSyntax(path: string): boolean {
  const ext = extname(path).slice(1).toLowerCase();
  return ext === 'json' || Object.hasOwn(GRAMMARS, ext);
}

/** The first syntax error in `text` as "line N", or undefined when it parses; null: not judged. */
export async function syntaxError(path: string, text: string): Promise<string | undefined | null> {
  const ext = extname(path).slice(1).toLowerCase();
  if (ext === 'json') {
    try {
      JSON.parse(text);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }
  const wasm = Object.hasOwn(GRAMMARS, ext) ? GRAMMARS[ext] : undefined;
  const lang = wasm && (await grammar(wasm));
  if (!lang) return null;
  const { Parser } = await treeSitter();
  const parser = new Parser();
  parser.setLanguage(lang);
  const tree = parser.parse(text);
  try {
    if (!tree) return 'the parser gave up';
    if (!tree.rootNode.hasError) return undefined;
    const bad = tree.rootNode.descendantsOfType('ERROR')[0] ?? firstMissing(tree.rootNode);
    return `a syntax error at line ${(bad?.startPosition.row ?? 0) + 1}`;
  } finally {
    tree?.delete();
    parser.delete();
  }
}

type SyntaxNode = NonNullable<
  ReturnType<InstanceType<Awaited<ReturnType<typeof treeSitter>>['Parser']>['parse']>
>['rootNode'];

function firstMissing(node: SyntaxNode): SyntaxNode | undefined {
  if (node.isMissing) return node;
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) {
      const found = firstMissing(child);
      if (found) return found;
    }
  }
  return node.hasError ? node : undefined;
}
