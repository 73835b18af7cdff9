/**
 * Shell strings are parsed with a real grammar (tree-sitter-bash, as WebAssembly), never split by
 * hand: agents write `a && b | c`, and every simple command inside must be found and checked.
 */
import type { Node as SyntaxNode, Parser as TsParser } from 'web-tree-sitter';
import { grammar, treeSitter } from '../tree-sitter.js';

let parserPromise: Promise<TsParser> | undefined;

/** Loaded on first use: most daemons never parse a shell string, and start-up stays fast. */
export function bashParser(): Promise<TsParser> {
  parserPromise ??= (async () => {
    const { Parser } = await treeSitter();
    const bash = await grammar('tree-sitter-bash/tree-sitter-bash.wasm');
    if (!bash) throw new Error('tree-sitter-bash is not installed');
    const parser = new Parser();
    parser.setLanguage(bash);
    return parser;
  })();
  return parserPromise;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `&>`, `>|` … */
  op: string;
  /** The target word as written; `null` when it is not a plain word (an expansion). */
  target: string | null;
  /** Redirects to another descriptor (`2>&1`) touch no file. */
  toDescriptor: boolean;
}

export interface SimpleCommand {
  /** Words as the shell would pass them, for words without expansions. */
  argv: string[];
  /** Set when a word contains an expansion we cannot know statically ($VAR, globs …). */
  dynamicWords: number[];
  assignments: string[];
  redirects: Redirect[];
  text: string;
}

export interface ShellAnalysis {
  commands: SimpleCommand[];
  /** Constructs that are refused outright, with where they appear. */
  forbidden: { construct: string; text: string }[];
}

const FORBIDDEN_NODES: Record<string, string> = {
  command_substitution: 'command substitution',
  process_substitution: 'process substitution',
  function_definition: 'function definition',
  arithmetic_expansion: 'arithmetic expansion',
};

/** Parses `source` and lists its simple commands and any forbidden constructs. */
export async function analyzeShell(source: string): Promise<ShellAnalysis> {
  const parser = await bashParser();
  const tree = parser.parse(source);
  if (!tree)
    return { commands: [], forbidden: [{ construct: 'unparseable command', text: source.slice(0, 200) }] };
  try {
    const commands: SimpleCommand[] = [];
    const forbidden: ShellAnalysis['forbidden'] = [];
    const visit = (node: SyntaxNode, redirects: Redirect[]) => {
      if (node.type === 'ERROR' || node.isMissing) {
        forbidden.push({ construct: 'syntax error', text: node.text.slice(0, 200) });
        return;
      }
      const forbiddenName = FORBIDDEN_NODES[node.type];
      if (forbiddenName) forbidden.push({ construct: forbiddenName, text: node.text.slice(0, 200) });
      if (node.type === 'redirected_statement') {
        const redirectNodes = node
          .childrenForFieldName('redirect')
          .filter((r): r is SyntaxNode => r !== null);
        // Here-documents feed stdin; they touch no file.
        const own = redirectNodes.map(toRedirect).filter((r) => !r.op.startsWith('<<'));
        const body = node.childForFieldName('body');
        const all = [...redirects, ...own];
        if (body) visit(body, all);
        // a redirect's own words may hold substitutions
        for (const r of redirectNodes) visitChildren(r, []);
        if (!body)
          commands.push({ argv: [], dynamicWords: [], assignments: [], redirects: all, text: node.text });
        return;
      }
      if (node.type === 'command') {
        commands.push(toCommand(node, redirects));
        visitChildren(node, []);
        return;
      }
      visitChildren(node, redirects);
    };
    const visitChildren = (node: SyntaxNode, redirects: Redirect[]) => {
      for (const child of node.namedChildren) if (child) visit(child, redirects);
    };
    visit(tree.rootNode, []);
    if (tree.rootNode.hasError && forbidden.every((f) => f.construct !== 'syntax error')) {
      forbidden.push({ construct: 'syntax error', text: source.slice(0, 200) });
    }
    return { commands, forbidden };
  } finally {
    tree.delete();
  }
}

function toRedirect(node: SyntaxNode): Redirect {
  const dest = node.childForFieldName('destination');
  const op = node.children.find((c) => c && !c.isNamed)?.text ?? '>';
  // `2>&1`, `>&2`, `<&0`, `>&-` duplicate or close descriptors; `>&file` (bash) writes a file.
  const toDescriptor = op.endsWith('&') && (dest?.type === 'number' || dest?.text === '-');
  return { op, target: dest ? wordValue(dest) : null, toDescriptor };
}

function toCommand(node: SyntaxNode, redirects: Redirect[]): SimpleCommand {
  const argv: string[] = [];
  const dynamicWords: number[] = [];
  const assignments: string[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'variable_assignment') {
      assignments.push(child.text);
      continue;
    }
    if (child.type === 'file_redirect' || child.type === 'herestring_redirect') {
      redirects = [...redirects, toRedirect(child)];
      continue;
    }
    const word = child.type === 'command_name' ? (child.firstNamedChild ?? child) : child;
    const value = wordValue(word);
    if (value === null) {
      dynamicWords.push(argv.length);
      argv.push(word.text);
    } else {
      argv.push(value);
    }
  }
  return { argv, dynamicWords, assignments, redirects, text: node.text };
}

/** The literal value of a word, with quotes removed; null if it holds any expansion or glob. */
function wordValue(node: SyntaxNode): string | null {
  switch (node.type) {
    case 'word':
      if (/[*?[]/.test(node.text)) return null;
      return node.text.replace(/\\(.)/g, '$1');
    case 'number':
      return node.text;
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'string': {
      let out = '';
      for (const part of node.namedChildren) {
        if (!part) continue;
        if (part.type !== 'string_content') return null;
        out += part.text.replace(/\\([$`"\\\n])/g, '$1');
      }
      return out;
    }
    case 'concatenation': {
      let out = '';
      for (const part of node.namedChildren) {
        const v = part ? wordValue(part) : null;
        if (v === null) return null;
        out += v;
      }
      return out;
    }
    default:
      return null;
  }
}
