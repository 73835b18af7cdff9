import { basename, sep } from 'node:path';
import type { McpImportNeeds } from '../../../contracts/index.js';
import { invalidEntry } from './entry-refusal.js';

/** Which `${…}` a format fills in: Claude Code's `${VAR}`/`${VAR:-default}`, VS Code's and Cursor's `${env:VAR}`… */
export type VariableSyntax = 'none' | 'claude-code' | 'vscode' | 'cursor' | 'goose';

export type InputSpec = McpImportNeeds['inputs'][number];

/** What the importer sent to fill variables with, and what is still missing (asked for as INPUT_REQUIRED). */
export interface VariableSource {
  /** Only the variables the daemon asked for, from the importer's environment (null: not set there). */
  env: Record<string, string | null>;
  inputs: Record<string, string>;
  /** The file's `inputs` declarations (VS Code), by id. */
  declared: Map<string, InputSpec | { unsupported: string }>;
  workspaceFolder: string | undefined;
  userHome: string;
}

/** What expanding a file's entries found: answers still missing, and values that are secrets. */
export class MissingAnswers {
  readonly env = new Set<string>();
  readonly inputs = new Map<string, InputSpec>();
  /** Answers to `password` inputs: never shown back. */
  readonly secrets = new Set<string>();
  get any(): boolean {
    return this.env.size > 0 || this.inputs.size > 0;
  }
}

/** Expands one string of an entry; refuses (EntryRefusal) what cannot be filled in. */
export type Expand = (value: string) => string;

/**
 * The expander for a format. Lookups use own keys only (`${env:constructor}` is not Object's), and
 * the daemon's own environment is never read: a file must not pull the daemon's secrets into a
 * server's config, and the person's shell, not the daemon's, is the environment the file means.
 */
export function expander(syntax: VariableSyntax, src: VariableSource, missing: MissingAnswers): Expand {
  const env = (name: string, fallback?: string): string => {
    if (!Object.hasOwn(src.env, name)) {
      missing.env.add(name);
      return '';
    }
    const v = src.env[name];
    if (v !== null && v !== undefined) return v;
    if (fallback !== undefined) return fallback;
    throw invalidEntry(
      `it needs the environment variable ${name}, which is not set: set it and import again.`,
    );
  };
  if (syntax === 'none') return (v) => v;
  // goose fills in nothing; its env_keys are read as ${env:NAME} (see goose.ts).
  if (syntax === 'goose') return (v) => v.replace(/\$\{env:([^}]+)\}/g, (_m, name: string) => env(name));
  if (syntax === 'claude-code')
    return (v) =>
      v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) =>
        env(name, fallback),
      );
  return (v) =>
    v.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      const [kind, arg] = splitVariable(inner);
      if (kind === 'env' && arg) return env(arg);
      if (kind === 'input' && arg && syntax === 'vscode') return input(arg, src, missing);
      if (inner === 'userHome') return src.userHome;
      if (inner === 'workspaceFolder' || inner === 'workspaceFolderBasename') {
        if (!src.workspaceFolder)
          throw invalidEntry(
            `it uses ${whole}, but no workspace folder is known: import with --workspace DIR.`,
          );
        return inner === 'workspaceFolder' ? src.workspaceFolder : basename(src.workspaceFolder);
      }
      if (inner === 'pathSeparator' || inner === '/') return sep;
      throw invalidEntry(`it uses ${whole}, which Cowork cannot fill in.`);
    });
}

function splitVariable(inner: string): [string, string | undefined] {
  const colon = inner.indexOf(':');
  return colon === -1 ? [inner, undefined] : [inner.slice(0, colon), inner.slice(colon + 1)];
}

function input(id: string, src: VariableSource, missing: MissingAnswers): string {
  const spec = src.declared.get(id);
  if (!spec) throw invalidEntry(`it uses \${input:${id}}, which the file's "inputs" do not declare.`);
  if ('unsupported' in spec)
    throw invalidEntry(`its input "${id}" is of type ${spec.unsupported}, which only VS Code can answer.`);
  if (Object.hasOwn(src.inputs, id)) {
    const answer = src.inputs[id]!;
    if (spec.password && answer) missing.secrets.add(answer);
    if (spec.options && !spec.options.includes(answer))
      throw invalidEntry(`the answer to input "${id}" is not one of ${spec.options.join(', ')}.`);
    return answer;
  }
  missing.inputs.set(id, spec);
  return '';
}
