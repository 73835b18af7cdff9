/**
 * The packages a release carries in its node_modules: what the bundle leaves to be found at run
 * time, and why. Everything else the daemon imports is inside dist/ (esbuild bundles it).
 *
 * - `external` in scripts/build.mjs: imported from node_modules by the bundle (read from there, so
 *   the two lists cannot drift apart).
 * - Loaded with createRequire() or found with require.resolve(), which esbuild leaves alone: the
 *   secrets keyring, sqlite-vec's extension, yaml (policy files, MCP config import), tree-sitter's
 *   runtime and grammars (.wasm files and tag queries), and the language servers of the precise
 *   code path (typescript-language-server with typescript, pyright), which run as their own process.
 */
import { BUNDLE_EXTERNAL } from '../build-externals.mjs';

/** Not shipped: the optional local-embedding runtime (~300 MB with onnxruntime), added on demand. */
export const NOT_SHIPPED = new Set(['@huggingface/transformers']);

export const RUNTIME_RESOLVED = [
  '@napi-rs/keyring',
  'sqlite-vec',
  'yaml',
  'web-tree-sitter',
  'tree-sitter-bash',
  'tree-sitter-c',
  'tree-sitter-cpp',
  'tree-sitter-go',
  'tree-sitter-java',
  'tree-sitter-javascript',
  'tree-sitter-python',
  'tree-sitter-ruby',
  'tree-sitter-rust',
  'tree-sitter-typescript',
];

/** The precise code path's servers: large (~60 MB installed), so a build may leave them out. */
export const LANGUAGE_SERVERS = ['typescript-language-server', 'typescript', 'pyright'];

export function runtimeModules({ languageServers = true } = {}) {
  return [
    ...BUNDLE_EXTERNAL.filter((name) => !NOT_SHIPPED.has(name)),
    ...RUNTIME_RESOLVED,
    ...(languageServers ? LANGUAGE_SERVERS : []),
  ];
}
