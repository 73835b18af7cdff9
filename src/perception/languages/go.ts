import { dirname, join } from 'node:path';
import { childOfType, type FileSet, type LanguageSpec } from './language.js';

/**
 * go.mod is not read (the resolver sees only the code files): a package path is matched by its
 * longest tail that is a folder of Go files under the importing file's folders, nearest first
 * (`example.com/shop/store` from go/main.go → go/store). A package of the same last name outside
 * the module can be mistaken for it; the standard library's (`fmt`) never is, as it has no folder
 * here. Test files are not what an import brings in.
 */
function packageFiles(spec: string, from: string, files: FileSet): string[] {
  const parts = spec.split('/');
  for (let base = dirname(from); base.startsWith(files.folder); base = dirname(base)) {
    for (let i = 0; i < parts.length; i++) {
      const hits = files
        .inDir(join(base, ...parts.slice(i)))
        .filter((p) => p.endsWith('.go') && !p.endsWith('_test.go'));
      if (hits.length) return hits;
    }
    if (base === files.folder) break;
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
