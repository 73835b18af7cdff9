import { dirname, join } from 'node:path';
import { firstFile, type LanguageSpec } from './language.js';

/** tree-sitter-bash ships no tags query: functions, exported variables, and the commands run. */
export const bash: LanguageSpec = {
  id: 'bash',
  extensions: ['sh', 'bash'],
  wasm: 'tree-sitter-bash/tree-sitter-bash.wasm',
  tagFiles: [],
  tags: `
(function_definition name: (word) @name) @definition.function
(program (variable_assignment name: (variable_name) @name) @definition.variable)
(declaration_command (variable_assignment name: (variable_name) @name) @definition.variable)
(command name: (command_name (word) @name)) @reference.call
(simple_expansion (variable_name) @name) @reference.variable
(expansion (variable_name) @name) @reference.variable
`,
  imports: `
(command name: (command_name (word) @_c) argument: (word) @import (#match? @_c "^(source|\\\\.)$"))
(command name: (command_name (word) @_c) argument: (string (string_content) @import) (#match? @_c "^(source|\\\\.)$"))
`,
  exported: () => true,
  resolve: (spec, from, files) =>
    spec.includes('$') ? [] : firstFile(files, [join(dirname(from), spec), join(files.folder, spec)]),
};
