/**
 * Shell strings are parsed with a real grammar (tree-sitter-bash, as WebAssembly), never split by
 * hand: agents write `a && b | c`, and every simple command inside must be found and checked.
 *
 * The analysis assumes bash evaluates what it can evaluate. A word is literal only when bash
 * provably takes it as text; every construct bash may run as code — arithmetic (`$(( ))`, `(( ))`,
 * `let`, `for (( ))`), array subscripts (`a[$(cmd)]` is run when bash evaluates the subscript),
 * prompt and other `@` transformations (`${x@P}`), indirect expansion (`${!x}`), `[[ ]]`
 * (its `-eq` operands are arithmetic), declarations, `unset`, `printf -v`, `read` into arrays —
 * is reported as a construct to put to the person. Node types this file does not know are
 * reported too: the grammar can grow, and an unknown construct is never taken as harmless.
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

/** One shell word as bash will see it. */
export interface Word {
  /** As written. */
  text: string;
  /** The literal value, quotes removed; null when it depends on run time ($VAR, $(…), ~-, …). */
  value: string | null;
  /**
   * An unquoted tilde prefix bash expands (`~`, `~+`, `~-`, `~user`), at the start of the word or
   * right after `NAME=`; `value` still holds it unexpanded, the planner expands it (it knows the
   * folder and the home the command will see).
   */
  tilde: { prefix: string; at: number } | null;
  /** Unquoted glob or brace characters: bash turns the word into the names of matching files. */
  pattern: boolean;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `&>`, `>|` … */
  op: string;
  /** The target word; `null` when there is none. */
  target: Word | null;
  /** Redirects to another descriptor (`2>&1`) touch no file. */
  toDescriptor: boolean;
}

export interface Assignment {
  /** The variable's name; for `a[i]=v` the array's name. */
  name: string;
  /** `a[i]=v`: bash evaluates `i` as arithmetic (code). */
  subscript: boolean;
  text: string;
}

export interface SimpleCommand {
  words: Word[];
  /** `VAR=value` before the program (or alone, which sets a shell variable). */
  assignments: Assignment[];
  redirects: Redirect[];
  text: string;
}

export interface ShellAnalysis {
  commands: SimpleCommand[];
  /** Constructs refused outright. */
  forbidden: { construct: string; text: string }[];
  /** Constructs bash evaluates as code: put to the person. */
  evaluated: { construct: string; text: string }[];
}

const FORBIDDEN_NODES: Record<string, string> = {
  function_definition: 'function definition',
};

/** Always code, wherever they appear. */
const EVALUATED_NODES: Record<string, string> = {
  arithmetic_expansion: 'arithmetic expansion',
  c_style_for_statement: 'arithmetic for loop',
  declaration_command: 'declaration (declare, typeset, local, readonly, export)',
  unset_command: 'unset',
  ansi_c_string: "$'…' string",
  translated_string: '$"…" string',
};

/** Node types whose structure is understood (the rest is reported as evaluated). */
const KNOWN_NODES = new Set([
  'program',
  'command',
  'command_name',
  'word',
  'number',
  'string',
  'string_content',
  'raw_string',
  'concatenation',
  'simple_expansion',
  'expansion',
  'variable_name',
  'special_variable_name',
  'command_substitution',
  'process_substitution',
  'pipeline',
  'list',
  'redirected_statement',
  'file_redirect',
  'heredoc_redirect',
  'heredoc_start',
  'heredoc_body',
  'heredoc_content',
  'heredoc_end',
  'herestring_redirect',
  'file_descriptor',
  'variable_assignment',
  'variable_assignments',
  'subshell',
  'compound_statement',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'do_group',
  'for_statement',
  'case_statement',
  'case_item',
  'negated_command',
  'test_command',
  'comment',
  'brace_expression',
  'regex',
  'extglob_pattern',
  // only inside `[ … ]` (the `[[ ]]` form is reported whole)
  'unary_expression',
  'binary_expression',
  'parenthesized_expression',
  'test_operator',
  'array',
  'subscript',
]);

/** Parses `source` into its simple commands, refused constructs and evaluated constructs. */
export async function analyzeShell(source: string): Promise<ShellAnalysis> {
  const parser = await bashParser();
  const tree = parser.parse(source);
  if (!tree)
    return {
      commands: [],
      forbidden: [{ construct: 'unparseable command', text: source.slice(0, 200) }],
      evaluated: [],
    };
  try {
    const out: ShellAnalysis = { commands: [], forbidden: [], evaluated: [] };
    new Walker(out).visit(tree.rootNode, []);
    if (tree.rootNode.hasError && out.forbidden.every((f) => f.construct !== 'syntax error')) {
      out.forbidden.push({ construct: 'syntax error', text: source.slice(0, 200) });
    }
    return out;
  } finally {
    tree.delete();
  }
}

class Walker {
  constructor(private readonly out: ShellAnalysis) {}

  private evaluated(construct: string, node: SyntaxNode) {
    this.out.evaluated.push({ construct, text: node.text.slice(0, 200) });
  }

  visit(node: SyntaxNode, redirects: Redirect[]): void {
    if (node.type === 'ERROR' || node.isMissing) {
      this.out.forbidden.push({ construct: 'syntax error', text: node.text.slice(0, 200) });
      return;
    }
    const forbidden = FORBIDDEN_NODES[node.type];
    if (forbidden) this.out.forbidden.push({ construct: forbidden, text: node.text.slice(0, 200) });
    const evaluated = EVALUATED_NODES[node.type];
    if (evaluated) this.evaluated(evaluated, node);
    else if (!forbidden && !KNOWN_NODES.has(node.type)) this.evaluated(`shell construct ${node.type}`, node);
    switch (node.type) {
      case 'redirected_statement':
        this.redirected(node, redirects);
        return;
      case 'command':
        this.out.commands.push(this.command(node, redirects));
        break;
      case 'variable_assignment':
        // alone (`X=1`), or in a declaration: sets a shell variable
        this.out.commands.push({
          words: [],
          assignments: [this.assignment(node)],
          redirects,
          text: node.text,
        });
        break;
      case 'compound_statement':
        // `(( … ))` is arithmetic; `{ …; }` a group
        if (node.firstChild?.text === '((') this.evaluated('arithmetic command (( ))', node);
        this.children(node, redirects);
        return;
      case 'test_command':
        this.test(node);
        break;
      case 'expansion':
        this.expansion(node);
        break;
      case 'array':
        this.array(node);
        break;
    }
    // the words of a command carry no redirects of the command into nested substitutions
    this.children(node, node.type === 'command' || node.type === 'variable_assignment' ? [] : redirects);
  }

  private children(node: SyntaxNode, redirects: Redirect[]) {
    for (const child of node.namedChildren) if (child) this.visit(child, redirects);
  }

  private redirected(node: SyntaxNode, redirects: Redirect[]) {
    const redirectNodes = node.childrenForFieldName('redirect').filter((r): r is SyntaxNode => r !== null);
    // Here-documents feed stdin; they touch no file (their bodies may hold substitutions).
    const own = redirectNodes.map(toRedirect).filter((r) => !r.op.startsWith('<<'));
    const body = node.childForFieldName('body');
    const all = [...redirects, ...own];
    if (body) this.visit(body, all);
    for (const r of redirectNodes) this.children(r, []);
    if (!body) this.out.commands.push({ words: [], assignments: [], redirects: all, text: node.text });
  }

  private command(node: SyntaxNode, redirects: Redirect[]): SimpleCommand {
    const words: Word[] = [];
    const assignments: Assignment[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') {
        assignments.push(this.assignment(child));
        continue;
      }
      if (child.type === 'file_redirect' || child.type === 'herestring_redirect') {
        redirects = [...redirects, toRedirect(child)];
        continue;
      }
      words.push(toWord(child.type === 'command_name' ? (child.firstNamedChild ?? child) : child));
    }
    return { words, assignments, redirects, text: node.text };
  }

  private assignment(node: SyntaxNode): Assignment {
    const name = node.childForFieldName('name');
    const subscript = name?.type === 'subscript';
    if (subscript) this.evaluated('array subscript (evaluated as arithmetic)', node);
    const variable = subscript ? name.childForFieldName('name') : name;
    return { name: variable?.text ?? '', subscript, text: node.text };
  }

  /** `[ … ]` is the test builtin: only `-v`/`-R` evaluate a subscript. `[[ … ]]` is arithmetic. */
  private test(node: SyntaxNode) {
    if (node.firstChild?.text === '[[') this.evaluated('[[ ]] test (operands may be evaluated)', node);
    else if (node.descendantsOfType('test_operator').some((o) => o && (o.text === '-v' || o.text === '-R')))
      this.evaluated('test -v (evaluates a subscript)', node);
  }

  /** `${…}`: plain, default-value and pattern forms are data; the rest evaluates. */
  private expansion(node: SyntaxNode) {
    const text = node.text;
    if (text.startsWith('$' + '{!')) return this.evaluated('indirect expansion', node);
    const m = /^\$\{#?([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(\[[^\]]*\])?(.*)\}$/s.exec(text);
    if (!m) return this.evaluated('parameter expansion', node);
    const [, , subscript, rest] = m;
    if (subscript && !/^\[(@|\*|[0-9]+)\]$/.test(subscript))
      return this.evaluated('array subscript (evaluated as arithmetic)', node);
    if (rest!.startsWith('@')) return this.evaluated('@ transformation (prompt expansion runs code)', node);
    // `${x:offset:length}` is arithmetic; `${x:-…}`, `${x:=…}`, `${x:?…}`, `${x:+…}` are not.
    if (rest!.startsWith(':') && !/^:[-=?+]/.test(rest!))
      return this.evaluated('substring offset (arithmetic)', node);
  }

  /** `a=( [k]=v )`: the key is arithmetic for an indexed array. */
  private array(node: SyntaxNode) {
    for (const el of node.namedChildren) if (el?.text.startsWith('[')) this.evaluated('array subscript', el);
  }
}

function toRedirect(node: SyntaxNode): Redirect {
  const dest = node.childForFieldName('destination');
  const op = node.children.find((c) => c && !c.isNamed)?.text ?? '>';
  // `2>&1`, `>&2`, `<&0`, `>&-` duplicate or close descriptors; `>&file` (bash) writes a file.
  const toDescriptor = op.endsWith('&') && (dest?.type === 'number' || dest?.text === '-');
  return { op, target: dest ? toWord(dest) : null, toDescriptor };
}

const GLOB = /[*?[\]{}]/;

function toWord(node: SyntaxNode): Word {
  const parts = node.type === 'concatenation' ? node.namedChildren.filter((p) => p !== null) : [node];
  let value: string | null = '';
  let pattern = false;
  for (const part of parts) {
    const v = partValue(part);
    if (v.pattern) pattern = true;
    if (v.value === null || value === null) value = null;
    else value += v.value;
  }
  const first = parts[0];
  const tilde = first?.type === 'word' ? tildePrefix(first.text) : null;
  return { text: node.text, value, tilde, pattern };
}

/** An unquoted `~…` at the start, or after `NAME=` (bash expands both). */
function tildePrefix(text: string): Word['tilde'] {
  const at = text.startsWith('~') ? 0 : (/^[A-Za-z_][A-Za-z0-9_]*=~/.exec(text)?.[0].length ?? 0) - 1;
  if (at < 0) return null;
  const slash = text.indexOf('/', at);
  return { prefix: text.slice(at, slash < 0 ? undefined : slash), at };
}

function partValue(node: SyntaxNode): { value: string | null; pattern: boolean } {
  switch (node.type) {
    case 'word':
      return {
        value: node.text.replace(/\\(.)/gs, '$1'),
        pattern: GLOB.test(node.text.replace(/\\./gs, '')),
      };
    case 'number':
      return { value: node.text, pattern: false };
    case 'raw_string':
      return { value: node.text.slice(1, -1), pattern: false };
    case 'string': {
      let out = '';
      for (const part of node.namedChildren) {
        if (!part) continue;
        if (part.type !== 'string_content') return { value: null, pattern: false };
        out += part.text.replace(/\\([$`"\\\n])/g, '$1');
      }
      return { value: out, pattern: false };
    }
    case 'brace_expression':
      return { value: node.text, pattern: true };
    default:
      return { value: null, pattern: false };
  }
}
