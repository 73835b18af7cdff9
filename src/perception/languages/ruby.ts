import { dirname, join } from 'node:path';
import { firstFile, type LanguageSpec } from './language.js';

export const ruby: LanguageSpec = {
  id: 'ruby',
  extensions: ['rb'],
  wasm: 'tree-sitter-ruby/tree-sitter-ruby.wasm',
  tagFiles: ['tree-sitter-ruby/queries/tags.scm'],
  tags: `
(program (assignment left: (constant) @name) @definition.constant)
(body_statement (assignment left: (constant) @name) @definition.constant)
`,
  imports: `
(call method: (identifier) @_m arguments: (argument_list . (string (string_content) @import)) (#match? @_m "^(require|require_relative|load)$"))
`,
  exported: (def, _name, inside) => inside && !/^private\b/.test(def.previousNamedSibling?.text ?? ''),
  /** `require_relative` is beside the file; `require 'a/b'` is under lib/ (the load path's usual root). */
  resolve: (spec, from, files) => {
    const rb = spec.endsWith('.rb') ? spec : `${spec}.rb`;
    return firstFile(files, [join(dirname(from), rb), join(files.folder, 'lib', rb), join(files.folder, rb)]);
  },
};
