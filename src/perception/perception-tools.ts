/**
 * The agent's code tools (code_symbols, code_definition, code_references, code_outline, code_map,
 * code_impact) and the one way every code query is answered, for the tools and the RPC alike: a
 * read of the folder through the enclave's door (decided by the policy, audited), answered from
 * the folder's index as far as its files may be read now.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type * as z from 'zod/mini';
import {
  CodeDefinitionArgs,
  CodeImpactArgs,
  CodeMapArgs,
  CodeOutlineArgs,
  CodeReferencesArgs,
  CodeSymbolsArgs,
  CoworkError,
  type ToolResult,
} from '../contracts/index.js';
import {
  type CallContext,
  type Enclave,
  isWithin,
  localToolSpec,
  parseToolArgs,
  toolFailure,
} from '../enclave/index.js';
import type { CodeIndexes } from './code-index.js';
import { CodeService } from './code-service.js';
import { readableOnly } from './readable-index.js';
import { repoMap } from './repo-map.js';

/** What a query answers: the structured result (the RPC's) and the text the model reads. */
export interface CodeAnswer<T> {
  result: T;
  text: string;
}

export type CodeQuery<T> = (
  service: CodeService,
  at: (path: string) => string,
) => CodeAnswer<T> | Promise<CodeAnswer<T>>;

/**
 * Answers a query about `folder` as a read of it through the door: the outcome is the tool result
 * and, when allowed, the structured answer.
 */
export async function performCodeQuery<T>(
  enclave: Enclave,
  indexes: CodeIndexes,
  call: { name: string; args: unknown; folder: string; title: string; ctx: CallContext },
  query: CodeQuery<T>,
): Promise<{ tool: ToolResult; result?: T }> {
  return performCodeRead(enclave, call, async () => {
    const index = readableOnly(await indexes.open(call.folder), (p) => enclave.readAllowed(p));
    return query(new CodeService(index, indexes.precise), (p) => resolve(call.folder, p));
  });
}

/** A read of `call.folder` through the door (decided, audited), answered by `answer` when allowed. */
export async function performCodeRead<T>(
  enclave: Enclave,
  call: { name: string; args: unknown; folder: string; title: string; ctx: CallContext },
  answer: () => Promise<CodeAnswer<T>>,
): Promise<{ tool: ToolResult; result?: T }> {
  let result: T | undefined;
  const tool = await enclave.perform(call.name, call.args, call.ctx, {
    requests: [{ action: 'fs.read', path: call.folder, sessionId: call.ctx.sessionId }],
    target: call.folder,
    title: call.title,
    recheck: [],
    writes: false,
    effect: async () => {
      const answered = await answer();
      result = answered.result;
      return { content: [{ type: 'text', text: answered.text }] };
    },
  });
  return tool.success && result !== undefined ? { tool, result } : { tool };
}

/**
 * The folder a call is about: the run's folder when the path is in it, else the grant holding the
 * path; a path in no grant is itself the folder, so the door denies its read (and audits that).
 */
export function folderFor(enclave: Enclave, ctx: CallContext, path: string | undefined): string {
  const grants = enclave.grants.list().map((g) => g.path);
  const base = ctx.cwd ?? (grants.length === 1 ? grants[0] : undefined);
  const target = path === undefined ? base : isAbsolute(path) ? path : base && resolve(base, path);
  if (target === undefined)
    throw new CoworkError('INVALID_ARGUMENTS', 'Which folder? Give an absolute path.');
  if (base !== undefined && isWithin(target, base)) return base;
  return grants.filter((g) => isWithin(target, g)).sort((a, b) => b.length - a.length)[0] ?? target;
}

/** The six code queries, each from its parsed arguments; `at` makes a path absolute in the folder. */
export const codeQueries = {
  symbols:
    (args: z.infer<typeof CodeSymbolsArgs>): CodeQuery<ReturnType<CodeService['symbols']>> =>
    (service, at) => {
      const result = service.symbols({
        query: args.query,
        limit: args.limit,
        ...(args.kind ? { kind: args.kind } : {}),
        ...(args.path ? { under: at(args.path) } : {}),
      });
      const text = result.symbols
        .map(
          (s) =>
            `${s.kind} ${s.qualifiedName}  ${shortPath(service, s.path)}:${s.range.line}  ${s.signature}`,
        )
        .join('\n');
      return { result, text: withMore(text || `No symbol matches "${args.query}".`, result.truncated) };
    },
  definition:
    (
      args: z.infer<typeof CodeDefinitionArgs>,
    ): CodeQuery<Awaited<ReturnType<CodeService['preciseDefinition']>>> =>
    async (service, at) => {
      const result = await service.preciseDefinition(positioned(args, at));
      const text = result.definitions
        .map((d) => `${shortPath(service, d.path)}:${d.line}:${d.column}  ${d.lineText}`)
        .join('\n');
      return { result, text: text || 'No definition found.' };
    },
  references:
    (
      args: z.infer<typeof CodeReferencesArgs>,
    ): CodeQuery<Awaited<ReturnType<CodeService['preciseReferences']>>> =>
    async (service, at) => {
      const result = await service.preciseReferences({ ...positioned(args, at), limit: args.limit });
      const text = result.references
        .map((r) => `${shortPath(service, r.path)}:${r.line}:${r.column}  ${r.lineText.trim()}`)
        .join('\n');
      return { result, text: withMore(text || 'No references found.', result.truncated) };
    },
  outline:
    (args: z.infer<typeof CodeOutlineArgs>): CodeQuery<ReturnType<CodeService['outline']>> =>
    (service, at) => {
      const result = service.outline(at(args.path));
      const depth = (q: string) => q.split('.').length - 1;
      const text = result.symbols
        .map((s) => `${'  '.repeat(depth(s.qualifiedName))}${s.range.line}  ${s.signature}`)
        .join('\n');
      return { result, text: text || `No symbols in ${args.path}.` };
    },
  map:
    (args: z.infer<typeof CodeMapArgs>): CodeQuery<ReturnType<typeof repoMap>> =>
    (service, at) => {
      const result = repoMap(service.index, {
        focus: args.focus,
        tokens: args.tokens,
        ...(args.path ? { under: at(args.path) } : {}),
      });
      return { result, text: result.text || 'Nothing is indexed in this folder.' };
    },
  impact:
    (args: z.infer<typeof CodeImpactArgs>): CodeQuery<ReturnType<CodeService['impact']>> =>
    (service, at) => {
      const result = service.impact({
        ...(args.symbol ? { symbol: args.symbol } : {}),
        ...(args.path ? { path: at(args.path) } : {}),
      });
      const lines = [
        `Affects ${result.files.length} file${result.files.length === 1 ? '' : 's'}${result.files.length ? ':' : '.'}`,
        ...result.files.map((f) => `  ${shortPath(service, f)}`),
        ...(result.symbols.length ? [`Used in: ${result.symbols.join(', ')}`] : []),
        ...result.cycles.map((c) => `Import cycle: ${c.map((f) => shortPath(service, f)).join(' → ')}`),
      ];
      return { result, text: lines.join('\n') };
    },
};

const positioned = (
  args: {
    symbol?: string | undefined;
    path?: string | undefined;
    line?: number | undefined;
    column?: number | undefined;
  },
  at: (p: string) => string,
) => ({
  ...(args.symbol !== undefined ? { symbol: args.symbol } : {}),
  ...(args.path !== undefined ? { path: at(args.path) } : {}),
  ...(args.line !== undefined ? { line: args.line } : {}),
  ...(args.column !== undefined ? { column: args.column } : {}),
});

const shortPath = (service: CodeService, path: string) => {
  const rel = relative(service.index.folder, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
};
const withMore = (text: string, truncated: boolean) =>
  truncated ? `${text}\n(more not shown: narrow the query or raise the limit)` : text;

const needsSymbolOrPosition = (a: {
  symbol?: string | undefined;
  path?: string | undefined;
  line?: number | undefined;
}) => a.symbol !== undefined || (a.path !== undefined && a.line !== undefined);

interface ToolDef<S extends z.ZodMiniType> {
  name: string;
  description: string;
  args: S;
  title: (args: z.infer<S>) => string;
  query: (args: z.infer<S>) => CodeQuery<unknown>;
  /** A check the schema cannot say (one of two ways to name the target); the message if it fails. */
  check?: (args: z.infer<S>) => string | undefined;
}

const TOOLS = [
  tool({
    name: 'code.symbols',
    description:
      'Find functions, classes, methods, types… by name in the code of the folder (fuzzy: exact names first, then prefixes, substrings and abbreviations). Returns kind, qualified name, file:line and signature.',
    args: CodeSymbolsArgs,
    title: (a) => `Find symbols "${a.query}"`,
    query: codeQueries.symbols,
  }),
  tool({
    name: 'code.definition',
    description:
      'Where a symbol is defined: give `symbol` (a name or qualified name such as Router.choose), or `path` + `line` (+ `column`) of a use. Returns file:line:col with the line (from the language server where one is installed, else the index).',
    args: CodeDefinitionArgs,
    title: (a) => `Find the definition of ${a.symbol ?? `${a.path}:${a.line}`}`,
    query: codeQueries.definition,
    check: (a) => (needsSymbolOrPosition(a) ? undefined : 'Give symbol, or path and line.'),
  }),
  tool({
    name: 'code.references',
    description:
      'Every use of a symbol in the folder, in file order: file:line:col with the line. From the language server where one is installed for the file (exact), else the index (by name). Give `symbol`, or `path` + `line` (+ `column`).',
    args: CodeReferencesArgs,
    title: (a) => `Find references to ${a.symbol ?? `${a.path}:${a.line}`}`,
    query: codeQueries.references,
    check: (a) => (needsSymbolOrPosition(a) ? undefined : 'Give symbol, or path and line.'),
  }),
  tool({
    name: 'code.outline',
    description:
      "A file's symbols in source order, with their lines and signatures (read the file for bodies).",
    args: CodeOutlineArgs,
    title: (a) => `Outline ${a.path}`,
    query: codeQueries.outline,
  }),
  tool({
    name: 'code.map',
    description:
      'A map of the repository: its most important files, each with the signatures of its most used symbols, ranked by how the code uses them and fitted to `tokens`. Put the files and names of the task in `focus` to rank around them. Use it first on a coding task in an unfamiliar folder.',
    args: CodeMapArgs,
    title: (a) => `Map the code${a.focus.length ? ` around ${a.focus.slice(0, 3).join(', ')}` : ''}`,
    query: codeQueries.map,
  }),
  tool({
    name: 'code.impact',
    description:
      'What depends on a file or a symbol: the files that import it or use its names (nearest first), the symbols they are used in, and import cycles it is part of. Ask before changing an exported signature.',
    args: CodeImpactArgs,
    title: (a) => `What depends on ${a.symbol ?? a.path}`,
    query: codeQueries.impact,
    check: (a) => (a.symbol !== undefined || a.path !== undefined ? undefined : 'Give symbol or path.'),
  }),
];

/** A code tool's call up to the query: its arguments checked, its title, its query, its path. */
interface PreparedCall {
  args: unknown;
  title: string;
  query: CodeQuery<unknown>;
  path: string | undefined;
}

/** Keeps each tool's argument type inside, so tools of different arguments sit in one list. */
function tool<S extends z.ZodMiniType>(def: ToolDef<S>) {
  return {
    name: def.name,
    description: def.description,
    args: def.args,
    prepare(raw: unknown): { ok: true; call: PreparedCall } | { ok: false; result: ToolResult } {
      const parsed = parseToolArgs<z.infer<S>>(def.name, def.args as z.ZodMiniType<z.infer<S>>, raw);
      if (!parsed.ok) return parsed;
      const { args } = parsed;
      const problem = def.check?.(args);
      if (problem) return { ok: false, result: toolFailure(def.name, 'INVALID_ARGUMENTS', problem) };
      const { path } = args as { path?: string };
      return { ok: true, call: { args, title: def.title(args), query: def.query(args), path } };
    },
  };
}

/** The code tools for the agent: each a read of its folder through the door, audited. */
export function codeTools(indexes: CodeIndexes, enclave: Enclave) {
  return TOOLS.map((def) => ({
    spec: localToolSpec({
      name: def.name,
      description: def.description,
      args: def.args,
      readOnly: true,
      policyAction: 'fs.read',
      scope: 'code',
    }),
    async call(raw: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
      const prepared = def.prepare(raw);
      if (!prepared.ok) return prepared.result;
      const { args, title, query, path } = prepared.call;
      let folder: string;
      try {
        folder = folderFor(enclave, ctx, path);
      } catch (err) {
        if (!(err instanceof CoworkError)) throw err;
        return toolFailure(def.name, 'INVALID_ARGUMENTS', err.message);
      }
      return (await performCodeQuery(enclave, indexes, { name: def.name, args, folder, title, ctx }, query))
        .tool;
    },
  }));
}
