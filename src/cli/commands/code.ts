/**
 * `cowork code index DIR | symbols | def | refs | outline | map | impact … [--json]`: the daemon's
 * code index of a granted folder (the current folder unless --folder says another).
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  CoworkError,
  type RpcMethodName,
  type RpcParamsInput,
  type RpcResult,
  SymbolKind,
} from '../../contracts/index.js';
import { usageError } from '../command-table.js';
import { printJson } from '../output.js';
import { withDaemon } from '../rpc.js';

export interface CodeCommandOptions {
  home: string;
  json: boolean;
  folder?: string | undefined;
  kind?: string | undefined;
  path?: string | undefined;
  tokens?: string | undefined;
}

type CodeMethod = Extract<RpcMethodName, `code.${string}`>;

/** One request: the method and its parameters, from the command line alone (tested without a daemon). */
export type CodeRequest = { [M in CodeMethod]: { method: M; params: RpcParamsInput<M> } }[CodeMethod];

/** `FILE:LINE[:COL]` names a place in a file; anything else is a symbol's name. */
function target(arg: string): { symbol: string } | { path: string; line: number; column?: number } {
  const m = /^(.+?):(\d+)(?::(\d+))?$/.exec(arg);
  if (!m) return { symbol: arg };
  return { path: resolve(m[1]!), line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}) };
}

export function codeRequest(args: string[], o: Omit<CodeCommandOptions, 'home' | 'json'>): CodeRequest {
  const [sub, ...rest] = args;
  const arg = rest[0];
  const folder = resolve(o.folder ?? '.');
  switch (sub) {
    case 'index':
      return { method: 'code.index', params: { folder: resolve(arg ?? folder) } };
    case 'status':
      return { method: 'code.status', params: { folder: resolve(arg ?? folder) } };
    case 'symbols': {
      if (!arg) break;
      const kind = o.kind === undefined ? undefined : SymbolKind.safeParse(o.kind);
      if (kind && !kind.success)
        throw new CoworkError('INVALID_ARGUMENTS', `--kind must be one of ${SymbolKind.options.join(', ')}`);
      return {
        method: 'code.symbols',
        params: {
          folder,
          query: arg,
          ...(kind ? { kind: kind.data } : {}),
          ...(o.path ? { path: resolve(o.path) } : {}),
        },
      };
    }
    case 'def':
      if (!arg) break;
      return { method: 'code.definition', params: { folder, ...target(arg) } };
    case 'refs':
      if (!arg) break;
      return { method: 'code.references', params: { folder, ...target(arg) } };
    case 'outline':
      if (!arg) break;
      return { method: 'code.outline', params: { folder, path: resolve(arg) } };
    case 'map': {
      const tokens = o.tokens === undefined ? undefined : Number(o.tokens);
      if (tokens !== undefined && !Number.isInteger(tokens))
        throw new CoworkError('INVALID_ARGUMENTS', '--tokens must be a whole number');
      // A focus that is a file is sent as its absolute path; anything else is a name.
      const focus = rest.map((f) => (existsSync(f) ? resolve(f) : f));
      return { method: 'code.map', params: { folder, focus, ...(tokens ? { tokens } : {}) } };
    }
    case 'impact':
      if (!arg) break;
      return {
        method: 'code.impact',
        params: { folder, ...(existsSync(arg) ? { path: resolve(arg) } : { symbol: arg }) },
      };
  }
  throw usageError('code');
}

/** What a person reads: one line per answer, paths relative to the folder. */
export function codeText(request: CodeRequest, result: unknown): string {
  const at = (p: string) => {
    const rel = relative(request.params.folder, p);
    return rel.startsWith('..') ? p : rel;
  };
  const more = (truncated: boolean) => (truncated ? ['(more not shown)'] : []);
  switch (request.method) {
    case 'code.index':
    case 'code.status': {
      const s = result as RpcResult<'code.status'>;
      return `${s.state}  ${s.files} files  ${s.symbols} symbols  ${s.references} references  ${s.languages.join(', ')}${s.error ? `\n${s.error}` : ''}`;
    }
    case 'code.symbols': {
      const r = result as RpcResult<'code.symbols'>;
      return [
        ...r.symbols.map(
          (s) => `${at(s.path)}:${s.range.line}  ${s.kind} ${s.qualifiedName}  ${s.signature}`,
        ),
        ...more(r.truncated),
      ].join('\n');
    }
    case 'code.definition':
      return (result as RpcResult<'code.definition'>).definitions
        .map((d) => `${at(d.path)}:${d.line}:${d.column}  ${d.lineText}`)
        .join('\n');
    case 'code.references': {
      const r = result as RpcResult<'code.references'>;
      return [
        ...r.references.map((x) => `${at(x.path)}:${x.line}:${x.column}  ${x.lineText.trim()}`),
        ...more(r.truncated),
      ].join('\n');
    }
    case 'code.outline':
      return (result as RpcResult<'code.outline'>).symbols
        .map((s) => `${s.range.line}\t${'  '.repeat(s.qualifiedName.split('.').length - 1)}${s.signature}`)
        .join('\n');
    case 'code.map':
      return (result as RpcResult<'code.map'>).text;
    case 'code.impact': {
      const r = result as RpcResult<'code.impact'>;
      return [
        `affects ${r.files.length} file${r.files.length === 1 ? '' : 's'}`,
        ...r.files.map((f) => `  ${at(f)}`),
        ...(r.symbols.length ? [`used in: ${r.symbols.join(', ')}`] : []),
        ...r.cycles.map((c) => `import cycle: ${c.map(at).join(' → ')}`),
      ].join('\n');
    }
  }
}

export function codeCommand(args: string[], o: CodeCommandOptions): Promise<number> {
  const request = codeRequest(args, o);
  return withDaemon(o.home, async (call) => {
    const result = await call(request.method, request.params as never);
    if (o.json) printJson(result);
    else {
      const text = codeText(request, result);
      if (text) process.stdout.write(`${text}\n`);
    }
    const failed = request.method === 'code.index' && (result as RpcResult<'code.index'>).state === 'failed';
    return failed ? 1 : 0;
  });
}
