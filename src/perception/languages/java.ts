import type { LanguageSpec } from './language.js';

export const java: LanguageSpec = {
  id: 'java',
  extensions: ['java'],
  wasm: 'tree-sitter-java/tree-sitter-java.wasm',
  tagFiles: ['tree-sitter-java/queries/tags.scm'],
  tags: `
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.class
(constructor_declaration name: (identifier) @name) @definition.method
(field_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.field
(type_identifier) @name @reference.type
`,
  imports: '(import_declaration (scoped_identifier) @import)',
  exported: (def, _name, inside) =>
    inside &&
    (def.parent?.parent?.type === 'interface_declaration' ||
      def.namedChildren.some((c) => c?.type === 'modifiers' && /\b(public|protected)\b/.test(c.text))),
  /** `a.b.C` → a file ending in a/b/C.java (source roots vary: src/main/java, src, …). */
  resolve: (spec, _from, files) =>
    files.endingWith(`/${spec.replace(/\.\*$/, '').replace(/\./g, '/')}.java`).slice(0, 1),
};
