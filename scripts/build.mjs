#!/usr/bin/env node
// Bundles the CLI/daemon (and the benchmarks) into dist/ with esbuild. One bundle instead of
// hundreds of module files keeps `cowork start` within its cold-start budget. Type-checking is
// `npm run typecheck` (tsc --noEmit); esbuild only strips types.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: {
    cowork: 'src/cli/main.ts',
    contracts: 'src/contracts/index.ts',
    'bench/run': 'bench/run.ts',
    'bench/ws-echo-server': 'bench/lib/ws-echo-server.ts',
    'replay-llm': 'test/replay-llm/cli.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native addons stay outside the bundle.
  external: ['better-sqlite3'],
  sourcemap: true,
  minifySyntax: true,
  minifyWhitespace: true,
  // Bundled CommonJS dependencies (ws) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __coworkCreateRequire } from 'node:module'; const require = __coworkCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
