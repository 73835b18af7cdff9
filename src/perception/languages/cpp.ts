import type { Node } from 'web-tree-sitter';
import { C_IMPORTS, C_TAGS, cExported, resolveInclude } from './c-family.js';
import type { LanguageSpec } from './language.js';

export const cpp: LanguageSpec = {
  id: 'cpp',
  extensions: ['cpp', 'cc', 'cxx', 'hpp', 'hh', 'hxx'],
  wasm: 'tree-sitter-cpp/tree-sitter-cpp.wasm',
  tagFiles: ['tree-sitter-cpp/queries/tags.scm'],
  tags: `${C_TAGS}
(namespace_definition name: (namespace_identifier) @name) @definition.namespace
(field_declaration declarator: (function_declarator declarator: (field_identifier) @name)) @definition.method
`,
  imports: C_IMPORTS,
  kinds: { struct_specifier: 'struct' },
  // `void Router::choose() {…}` outside the class: the qualifier is its container.
  containerName: (node: Node) =>
    node.type === 'function_definition'
      ? node.childForFieldName('declarator')?.childForFieldName('declarator')?.childForFieldName('scope')
          ?.text
      : undefined,
  exported: cExported,
  resolve: resolveInclude,
};
