import { join } from 'node:path';
import { childOfType, type FileSet, type LanguageSpec } from './language.js';

/**
 * The folder's go.mod is not read (the resolver sees only the file list): a package path is
 * matched by its longest tail that is a folder of Go files (`example.com/m/internal/util` →
 * internal/util). Test files are not part of what an import brings in.
 */
function packageFiles(spec: string, _from: string, files: FileSet): string[] {
  const parts = spec.split('/');
  for (let i = 0; i < parts.length; i++) {
    const hits = files
      .inDir(join(files.folder, ...parts.slice(i)))
      .filter((p) => p.endsWith('.go') && !p.endsWith('_test.go'));
    if (hits.length) return hits.sort();
  }
  return [];
}

export const go: LanguageSpec = {
  id: 'go',
  extensions: ['go'],
  wasm: 'tree-sitter-go/tree-sitter-go.wasm',
  tagFiles: ['tree-sitter-go/queries/tags.scm'],
  ownTagsFirst: true,
  tags: `
(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct
(type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface
(source_file (const_declaration (const_spec name: (identifier) @name) @definition.constant))
(source_file (var_declaration (var_spec name: (identifier) @name) @definition.variable))
(field_declaration name: (field_identifier) @name) @definition.field
(method_elem name: (field_identifier) @name) @definition.method
(selector_expression field: (field_identifier) @name) @reference.member
`,
  imports: '(import_spec path: (interpreted_string_literal) @import)',
  // A method belongs to its receiver's type: `func (r *Router) Choose` is Router.Choose.
  containerName: (node) => goReceiver(node),
  exported: (_def, name) => /^\p{Lu}/u.test(name),
  resolve: packageFiles,
};

/** `func (r *Router) Choose()`: the receiver's type name. */
export function goReceiver(node: import('web-tree-sitter').Node): string | undefined {
  if (node.type !== 'method_declaration') return undefined;
  const receiver = node.childForFieldName('receiver');
  const param = receiver && childOfType(receiver, 'parameter_declaration');
  const type = param?.childForFieldName('type');
  return type?.text.replace(/^\*/, '').replace(/\[.*$/, '');
}
