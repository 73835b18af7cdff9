import { dirname, join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { type FileSet, firstFile, type LanguageSpec } from './language.js';

const modFile = (files: FileSet, dir: string, segments: string[]) => {
  // `a::b::C`: the longest prefix that is a module file (C may be an item in a/b.rs).
  for (let n = segments.length; n > 0; n--) {
    const p = join(dir, ...segments.slice(0, n));
    const hit = firstFile(files, [`${p}.rs`, join(p, 'mod.rs')]);
    if (hit.length) return hit;
  }
  return [];
};

/** The crate's source root: the nearest folder above `from` holding lib.rs or main.rs. */
function crateRoot(from: string, files: FileSet): string {
  for (let d = dirname(from); d.startsWith(files.folder); d = dirname(d)) {
    if (files.has(join(d, 'lib.rs')) || files.has(join(d, 'main.rs'))) return d;
    if (d === files.folder) break;
  }
  return dirname(from);
}

export const rust: LanguageSpec = {
  id: 'rust',
  extensions: ['rs'],
  wasm: 'tree-sitter-rust/tree-sitter-rust.wasm',
  tagFiles: ['tree-sitter-rust/queries/tags.scm'],
  tags: `
(function_signature_item name: (identifier) @name) @definition.method
(const_item name: (identifier) @name) @definition.constant
(static_item name: (identifier) @name) @definition.variable
(field_declaration name: (field_identifier) @name) @definition.field
(enum_variant name: (identifier) @name) @definition.constant
(type_identifier) @name @reference.type
(scoped_identifier name: (identifier) @name) @reference.call
`,
  imports: `
(use_declaration argument: (_) @import)
(mod_item name: (identifier) @import !body)
`,
  kinds: {
    struct_item: 'struct',
    enum_item: 'enum',
    union_item: 'struct',
    type_item: 'type',
    trait_item: 'trait',
  },
  containerName: (node: Node) =>
    node.type === 'impl_item' ? node.childForFieldName('type')?.text.replace(/<.*$/, '') : undefined,
  exported: (def) => def.namedChildren.some((c) => c?.type === 'visibility_modifier'),
  resolve(spec, from, files) {
    const path = spec
      .replace(/\s+/g, '')
      .replace(/::\{.*$/, '')
      .replace(/\s+as\s+\w+$/, '');
    const segments = path.split('::');
    if (segments.length === 1) {
      // `mod x;` (or a bare `use x`): x.rs / x/mod.rs beside the file (or in its own folder for mod.rs files).
      const here = /\/(mod|lib|main)\.rs$/.test(from) ? dirname(from) : from.replace(/\.rs$/, '');
      return firstFile(files, [
        join(here, `${path}.rs`),
        join(here, path, 'mod.rs'),
        join(dirname(from), `${path}.rs`),
      ]);
    }
    const [head, ...rest] = segments;
    if (head === 'crate') return modFile(files, crateRoot(from, files), rest);
    if (head === 'super') return modFile(files, dirname(dirname(from)), rest);
    if (head === 'self') return modFile(files, dirname(from), rest);
    return [];
  },
};
