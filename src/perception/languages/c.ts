import { C_IMPORTS, C_TAGS, cExported, resolveInclude } from './c-family.js';
import type { LanguageSpec } from './language.js';

export const c: LanguageSpec = {
  id: 'c',
  extensions: ['c', 'h'],
  wasm: 'tree-sitter-c/tree-sitter-c.wasm',
  tagFiles: ['tree-sitter-c/queries/tags.scm'],
  tags: C_TAGS,
  imports: C_IMPORTS,
  kinds: { struct_specifier: 'struct' },
  exported: cExported,
  resolve: resolveInclude,
};
