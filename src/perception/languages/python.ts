import { dirname, join } from 'node:path';
import { type FileSet, firstFile, type LanguageSpec } from './language.js';

/** `a.b` → a/b.py or a/b/__init__.py, from `base`. */
const moduleFile = (files: FileSet, base: string, dotted: string) => {
  const p = join(base, ...dotted.split('.').filter(Boolean));
  return firstFile(files, [`${p}.py`, join(p, '__init__.py')]);
};

export const python: LanguageSpec = {
  id: 'python',
  extensions: ['py', 'pyi'],
  wasm: 'tree-sitter-python/tree-sitter-python.wasm',
  tagFiles: ['tree-sitter-python/queries/tags.scm'],
  tags: `
(class_definition body: (block (expression_statement (assignment left: (identifier) @name) @definition.field)))
(class_definition superclasses: (argument_list (identifier) @name) @reference.class)
(attribute attribute: (identifier) @name) @reference.member
(type (identifier) @name) @reference.type
`,
  imports: `
(import_statement name: (dotted_name) @import)
(import_statement name: (aliased_import name: (dotted_name) @import))
(import_from_statement module_name: (_) @import name: (dotted_name)? @import.member)
`,
  kinds: {},
  // No export keyword: a name without a leading underscore, in a visible container.
  exported: (_def, name, inside) => inside && (!name.startsWith('_') || /^__\w+__$/.test(name)),
  /** Relative (`.x`, `..x`) from the file's package; absolute from the nearest folder above it that has the module. */
  resolve(spec, from, files) {
    const dots = /^\.+/.exec(spec)?.[0].length ?? 0;
    if (dots > 0) {
      let base = dirname(from);
      for (let i = 1; i < dots; i++) base = dirname(base);
      const rest = spec.slice(dots);
      return rest ? moduleFile(files, base, rest) : firstFile(files, [join(base, '__init__.py')]);
    }
    // Absolute: from the file's own folder up to the folder indexed, nearest first (the package
    // root is one of them: where `python -m`, a src/ layout or a test runner puts it), then src/.
    for (let base = dirname(from); base.startsWith(files.folder); base = dirname(base)) {
      const hit = moduleFile(files, base, spec);
      if (hit.length) return hit;
      if (base === files.folder) break;
    }
    return moduleFile(files, join(files.folder, 'src'), spec);
  },
};
