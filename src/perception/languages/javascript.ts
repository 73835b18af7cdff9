import { ES_IMPORTS, ES_TAGS, esExported, JSX_TAGS, resolveEs } from './ecmascript.js';
import type { LanguageSpec } from './language.js';

export const javascript: LanguageSpec = {
  id: 'javascript',
  extensions: ['js', 'jsx', 'mjs', 'cjs'],
  wasm: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  tagFiles: ['tree-sitter-javascript/queries/tags.scm'],
  tags: `${ES_TAGS}${JSX_TAGS}
(class_heritage (identifier) @name) @reference.class
(field_definition property: (property_identifier) @name) @definition.field
`,
  imports: ES_IMPORTS,
  exported: esExported,
  resolve: resolveEs,
};
