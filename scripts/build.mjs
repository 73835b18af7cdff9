#!/usr/bin/env node
// Bundles the CLI/daemon (and the benchmarks) into dist/ with esbuild, and the UI (web/) into
// web/dist with Vite. One bundle instead of
// hundreds of module files keeps `cowork start` within its cold-start budget. Type-checking is
// `npm run typecheck` (tsc --noEmit); esbuild only strips types.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { build as buildUi } from 'vite';
import { BUNDLE_EXTERNAL } from './build-externals.mjs';

rmSync('dist', { recursive: true, force: true });

/**
 * zod re-exports all of its ~60 translations (`export * as locales`) from both its APIs; with code
 * splitting esbuild cannot drop them, and they would sit in the daemon's memory (~4 MB) for nothing:
 * Cowork speaks English (src/contracts/zod.ts), so only that locale is bundled.
 */
const englishOnlyZod = {
  name: 'english-only-zod-locales',
  setup(b) {
    b.onResolve({ filter: /\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'/node_modules/zod/'}`)
        ? { path: 'zod-locales', namespace: 'cowork' }
        : undefined,
    );
    b.onLoad({ filter: /^zod-locales$/, namespace: 'cowork' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};
await build({
  entryPoints: {
    cowork: 'src/cli/main.ts',
    contracts: 'src/contracts/index.ts',
    'bench/run': 'bench/run.ts',
    'bench/ws-echo-server': 'bench/lib/ws-echo-server.ts',
    'bench/convert-once': 'bench/lib/convert-once.ts',
    'replay-llm': 'src/gym/scripted-model/cli.ts',
    // The memory worker thread: file chunking and the local embedding model, off the event loop.
    'memory-worker': 'src/memory/ingest-worker.ts',
    // The documents worker thread: conversions, previews and document builds under heap and time caps.
    'documents-worker': 'src/documents/worker/documents-worker.ts',
    // The code index's worker thread: tree-sitter parsing and tag queries, off the event loop.
    'perception-worker': 'src/perception/index-worker.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Outside the bundle (and shipped in the release packages' node_modules): see build-externals.mjs.
  external: BUNDLE_EXTERNAL,
  sourcemap: true,
  minifySyntax: true,
  minifyWhitespace: true,
  // Bundled CommonJS dependencies (ws) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __coworkCreateRequire } from 'node:module'; const require = __coworkCreateRequire(import.meta.url);",
  },
  plugins: [englishOnlyZod],
  logLevel: 'warning',
});

// The UI: static files the daemon serves.
await buildUi({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
