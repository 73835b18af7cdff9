/**
 * The tree-sitter runtime (WebAssembly), loaded once per thread on first use. Its own
 * `tree-sitter.wasm` is located through the package, not next to the calling file: in the esbuild
 * bundle the calling file is `dist/chunk-….mjs`, where there is no such file.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import type { Language } from 'web-tree-sitter';

type TreeSitter = typeof import('web-tree-sitter');

const require = createRequire(import.meta.url);
let runtime: Promise<TreeSitter> | undefined;
const grammars = new Map<string, Promise<Language | undefined>>();

export function treeSitter(): Promise<TreeSitter> {
  runtime ??= import('web-tree-sitter').then(async (m) => {
    const wasm = require.resolve('web-tree-sitter/tree-sitter.wasm');
    await m.Parser.init({ locateFile: () => wasm });
    return m;
  });
  return runtime;
}

/** A grammar by its package path (`tree-sitter-bash/tree-sitter-bash.wasm`); undefined if not installed. */
export function grammar(wasm: string): Promise<Language | undefined> {
  let loaded = grammars.get(wasm);
  if (!loaded) {
    loaded = treeSitter().then(({ Language }) => {
      let file: string;
      try {
        file = require.resolve(wasm);
      } catch {
        return undefined;
      }
      return Language.load(file);
    });
    grammars.set(wasm, loaded);
  }
  return loaded;
}

/** A file shipped with a grammar package (`tree-sitter-go/queries/tags.scm`); undefined if not installed. */
export function grammarFile(path: string): string | undefined {
  try {
    return readFileSync(require.resolve(path), 'utf8');
  } catch {
    return undefined;
  }
}

/** The grammar (its .wasm in its package) for each file extension Cowork parses. */
export const GRAMMAR_BY_EXTENSION: Readonly<Record<string, string>> = {
  js: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  mjs: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  cjs: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  jsx: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  ts: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  mts: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  cts: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  py: 'tree-sitter-python/tree-sitter-python.wasm',
  sh: 'tree-sitter-bash/tree-sitter-bash.wasm',
  bash: 'tree-sitter-bash/tree-sitter-bash.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
  rs: 'tree-sitter-rust/tree-sitter-rust.wasm',
  java: 'tree-sitter-java/tree-sitter-java.wasm',
  c: 'tree-sitter-c/tree-sitter-c.wasm',
  h: 'tree-sitter-c/tree-sitter-c.wasm',
  cpp: 'tree-sitter-cpp/tree-sitter-cpp.wasm',
  rb: 'tree-sitter-ruby/tree-sitter-ruby.wasm',
};

/** The grammar for `path`'s extension, among `extensions` (all when absent); own keys only. */
export function grammarForPath(path: string, extensions?: ReadonlySet<string>): string | undefined {
  const ext = extname(path).slice(1).toLowerCase();
  // Own keys only: a file named `x.constructor` must not find Object.prototype's.
  if (!Object.hasOwn(GRAMMAR_BY_EXTENSION, ext) || (extensions && !extensions.has(ext))) return undefined;
  return GRAMMAR_BY_EXTENSION[ext];
}
