/**
 * The tree-sitter runtime (WebAssembly), loaded once per thread on first use. Its own
 * `tree-sitter.wasm` is located through the package, not next to the calling file: in the esbuild
 * bundle the calling file is `dist/chunk-….mjs`, where there is no such file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
