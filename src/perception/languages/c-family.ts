/** What C and C++ share: `#include "…"` resolved beside the file, else by a unique path tail. */
import { dirname, join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { FileSet } from './language.js';

export const C_IMPORTS = '(preproc_include path: [(string_literal) (system_lib_string)] @import)';

export const C_TAGS = `
(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum
(field_declaration declarator: (field_identifier) @name) @definition.field
(call_expression function: (identifier) @name) @reference.call
(type_identifier) @name @reference.type
`;

export function resolveInclude(spec: string, from: string, files: FileSet): string[] {
  const beside = join(dirname(from), spec);
  if (files.has(beside)) return [beside];
  const tail = files.endingWith(`/${spec.replace(/^(\.\.?\/)+/, '')}`);
  return tail.length === 1 ? tail : [];
}

/** Not `static` (file-local) at the top level. */
export const cExported = (def: Node, _name: string, inside: boolean) => {
  let n: Node | null = def;
  while (n?.parent && n.parent.type !== 'translation_unit') n = n.parent;
  return inside && !(n && /^static\b/.test(n.text));
};
