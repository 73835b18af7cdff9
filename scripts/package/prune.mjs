/**
 * What a package keeps in a release: what Node reads at run time. Dropped everywhere: docs, type
 * declarations, source maps, tests, C/C++ sources and build intermediates, and other platforms'
 * prebuilt binaries. Packages whose run-time files are few keep only those (a whitelist).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const DROP = [
  /(^|\/)(README|CHANGELOG|HISTORY|CONTRIBUTING|SECURITY)[^/]*$/i,
  /\.(md|markdown|map|d\.ts|d\.mts|d\.cts|tsbuildinfo|c|cc|cpp|h|hpp|gyp|gypi|o|a|mk|scm\.orig)$/i,
  // at a package's top only: deeper, such names can be code (yaml's dist/doc/)
  /^(test|tests|docs|example|examples|benchmark|\.github|\.yarn|\.vscode)\//,
  /(^|\/)__tests__\//,
  /(^|\/)(Makefile|binding\.gyp|tsconfig[^/]*\.json|\.npmignore|\.eslintrc[^/]*|\.prettierrc[^/]*)$/,
];

/** Packages kept to a whitelist of paths (regexes over the path inside the package). */
const KEEP_ONLY = {
  'better-sqlite3': [/^package\.json$/, /^LICENSE/, /^lib\//, /^build\/Release\/better_sqlite3\.node$/],
  'web-tree-sitter': [/^package\.json$/, /^LICENSE/, /^tree-sitter\.wasm$/],
  // pdfkit: the Node build and its fonts (not the browser and standalone builds).
  pdfkit: [
    /^package\.json$/,
    /^LICENSE/,
    /^js\/(pdfkit\.(js|node\.mjs)|output\.(cjs|mjs)|data\/|standard-fonts\/)/,
  ],
  // playwright-core drives an installed Chromium: its trace viewer and recorder UIs are not used.
  'playwright-core': [/^(?!lib\/vite\/|types\/)/],
  typescript: [/^package\.json$/, /^LICENSE/, /^lib\/[^/]+\.(js|json)$/, /^lib\/lib\.[^/]*\.d\.ts$/],
};
/** Grammar packages: the .wasm grammars and their tag queries. */
const GRAMMAR = [/^package\.json$/, /^LICENSE/, /\.wasm$/, /(^|\/)queries\//];
/** Still needed though DROP would take them: the TypeScript server's standard library types. */
const ALWAYS_KEEP = [/^lib\/lib\.[^/]*\.d\.ts$/, /(^|\/)typeshed-fallback\//, /\.d\.ts$/];

export function prunePackage(name, dir) {
  const whitelist = KEEP_ONLY[name] ?? (name.startsWith('tree-sitter-') ? GRAMMAR : undefined);
  // pyright's bundled typeshed stubs are .pyi/.d.ts it reads at run time.
  const keepDts = name === 'typescript' || name === 'pyright';
  walk(dir, (path) => {
    const rel = relative(dir, path);
    if (whitelist) return !whitelist.some((re) => re.test(rel));
    if (keepDts && ALWAYS_KEEP.some((re) => re.test(rel))) return false;
    return DROP.some((re) => re.test(rel));
  });
}

/** Deletes every file `drop` says yes to, then the folders left empty. */
function walk(dir, drop) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue; // nested packages: pruned each by its own rules
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      walk(path, drop);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (drop(path)) rmSync(path);
  }
}
