import { ES_IMPORTS, ES_TAGS, esExported, resolveEs } from './ecmascript.js';
import type { LanguageSpec } from './language.js';

/** The TypeScript grammar extends JavaScript's: both packages' tags apply, plus type-level names. */
export const TS_TAGS = `${ES_TAGS}
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(internal_module name: (identifier) @name) @definition.namespace
(public_field_definition name: (property_identifier) @name) @definition.field
(property_signature name: (property_identifier) @name) @definition.field
(extends_clause value: (identifier) @name) @reference.class
(type_identifier) @name @reference.type
`;

export const typescript: LanguageSpec = {
  id: 'typescript',
  extensions: ['ts', 'mts', 'cts'],
  wasm: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tagFiles: ['tree-sitter-javascript/queries/tags.scm', 'tree-sitter-typescript/queries/tags.scm'],
  tags: TS_TAGS,
  imports: ES_IMPORTS,
  exported: esExported,
  resolve: resolveEs,
};
