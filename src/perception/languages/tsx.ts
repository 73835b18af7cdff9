import { ES_IMPORTS, esExported, JSX_TAGS, resolveEs } from './ecmascript.js';
import type { LanguageSpec } from './language.js';
import { TS_TAGS } from './typescript.js';

export const tsx: LanguageSpec = {
  id: 'tsx',
  extensions: ['tsx'],
  wasm: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  tagFiles: ['tree-sitter-javascript/queries/tags.scm', 'tree-sitter-typescript/queries/tags.scm'],
  tags: TS_TAGS + JSX_TAGS,
  imports: ES_IMPORTS,
  exported: esExported,
  resolve: resolveEs,
};
