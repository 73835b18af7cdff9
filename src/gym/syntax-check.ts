/**
 * Does a file parse? tree-sitter for the code languages Cowork ships grammars for, JSON.parse for
 * JSON; other files are not judged (null).
 */
import { extname } from 'node:path';
import { grammar, grammarForPath, treeSitter } from '../enclave/tree-sitter.js';

/** True when `path` is a file this check can judge. */
export function judgesSyntax(path: string): boolean {
  const ext = extname(path).slice(1).toLowerCase();
  return ext === 'json' || grammarForPath(path) !== undefined;
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
  const wasm = grammarForPath(path);
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
