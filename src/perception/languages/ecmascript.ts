/** What JavaScript, TypeScript and TSX share: imports, their resolution, and `export`. */
import { dirname, join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { type FileSet, firstFile } from './language.js';

export const ES_IMPORTS = `
(import_statement source: (string) @import)
(export_statement source: (string) @import)
(call_expression function: (identifier) @_f arguments: (arguments . (string) @import) (#eq? @_f "require"))
(call_expression function: (import) arguments: (arguments . (string) @import))
`;

/**
 * Our additions to the package tags: constants, variables, fields, and more references — every
 * identifier that is not itself a definition's name is a use (an import, a value passed, returned
 * or re-exported), not only calls: what a language server counts as a reference.
 */
export const ES_TAGS = `
(program (lexical_declaration (variable_declarator name: (identifier) @name value: (_) @_v) @definition.constant))
(program (export_statement (lexical_declaration (variable_declarator name: (identifier) @name value: (_) @_v) @definition.constant)))
(member_expression object: (identifier) @name) @reference.member
(member_expression property: (property_identifier) @name) @reference.member
(identifier) @name @reference.identifier
(shorthand_property_identifier) @name @reference.identifier
`;

/** JSX elements name components (JavaScript's and TSX's grammars; TypeScript's has none). */
export const JSX_TAGS = `
(jsx_opening_element name: (identifier) @name) @reference.class
(jsx_self_closing_element name: (identifier) @name) @reference.class
`;

/** Names a CommonJS module exports: `module.exports = { a, b }`, `module.exports.a =`, `exports.a =`. */
const cjsCache = new WeakMap<object, Set<string>>();
function commonJsExports(program: Node): Set<string> {
  const key = program.tree; // one per parse (Node objects are made afresh on each access)
  const known = cjsCache.get(key);
  if (known) return known;
  const names = new Set<string>();
  for (const m of program.text.matchAll(/\bmodule\.exports\s*=\s*\{([^}]*)\}/g))
    for (const part of m[1]!.split(',')) {
      const name = /^\s*(\w+)/.exec(part)?.[1];
      if (name) names.add(name);
    }
  for (const m of program.text.matchAll(/\b(?:module\.)?exports\.(\w+)\s*=/g)) names.add(m[1]!);
  for (const m of program.text.matchAll(/\bmodule\.exports\s*=\s*(\w+)\s*;?\s*$/gm)) names.add(m[1]!);
  cjsCache.set(key, names);
  return names;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * A relative specifier, as TypeScript and bundlers resolve it: as written, with an extension
 * (`.js` written for a `.ts` source, as ESM TypeScript does), or a folder's index file. Bare
 * specifiers are packages: outside the folder.
 */
export function resolveEs(spec: string, from: string, files: FileSet): string[] {
  if (!spec.startsWith('.')) return [];
  const base = join(dirname(from), spec);
  const stem = base.replace(/\.(m|c)?jsx?$/, '');
  return firstFile(files, [
    base,
    ...EXTENSIONS.map((e) => stem + e),
    ...EXTENSIONS.map((e) => join(base, `index${e}`)),
  ]);
}

/** Exported: under an `export` statement (`export default` too), or a member of an exported class that is not private. */
export function esExported(def: Node, name: string, inside: boolean): boolean {
  for (let n: Node | null = def; n; n = n.parent) {
    if (n.type === 'export_statement') return true;
    if (n.parent?.type === 'program' && commonJsExports(n.parent).has(name)) return true;
    if (/^(class_body|statement_block|object|interface_body|object_type)$/.test(n.type)) {
      const privateMember =
        name.startsWith('#') ||
        /^(private|protected)\b/.test(def.text) ||
        def.namedChildren.some((c) => c?.type === 'accessibility_modifier' && c.text !== 'public');
      return n.type !== 'statement_block' && inside && !privateMember;
    }
  }
  return false;
}
