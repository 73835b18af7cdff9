/**
 * What the esbuild bundle leaves outside (imported from node_modules at run time): native addons
 * (better-sqlite3, node-pty, @parcel/watcher, which picks its native build at run time),
 * playwright-core (finds its own files by path), the optional local-embedding runtime
 * (transformers.js + onnxruntime-node, ~450 MB, installed only when wanted), and pdfkit (loads its
 * standard fonts with a require() of its own package's `#standard-fonts` imports). Shared by the
 * build and the release packages (scripts/package/), which must ship exactly these.
 */
export const BUNDLE_EXTERNAL = [
  'better-sqlite3',
  '@huggingface/transformers',
  '@parcel/watcher',
  '@lydell/node-pty',
  'playwright-core',
  'pdfkit',
];
