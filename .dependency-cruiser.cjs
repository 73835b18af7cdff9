/**
 * Architecture rules enforced in CI (see docs/architecture.md).
 *
 * 1. Layering: a module may import only modules below it.
 *    contracts ← store ← enclave ← {models, tools, memory, perception, sessions} ← documents ← agent ← workforce ← server ← gym ← cli
 * 2. Modules talk to each other only through their public `index.ts`.
 * 3. The single door: only the enclave may start processes. The CLI's own launcher
 *    (starting Cowork's daemon or the person's browser) is the one named exception.
 * 4. Only the enclave touches the person's files and only store writes Cowork's data folder.
 *    The CLI may write what the person asks it to (exports, service units); the server reads its
 *    own web assets (biome.json forbids it the fs write functions); the gym makes its scenarios'
 *    temp folders and writes its reports (it is a harness run by the person, like the CLI).
 */
const layers = [
  ['contracts'],
  ['store'],
  ['enclave'],
  ['models', 'tools', 'memory', 'perception', 'sessions'],
  ['documents'],
  ['agent'],
  ['workforce'],
  ['server'],
  // The gym is a client of the daemon's API (it is handed the CLI's RPC call): it imports contracts only.
  ['gym'],
  ['cli'],
];
const layerOf = new Map(layers.flatMap((mods, i) => mods.map((m) => [m, i])));
const all = [...layerOf.keys()];

const layeringRules = all.map((mod) => {
  const allowed = all.filter((other) => other === mod || layerOf.get(other) < layerOf.get(mod));
  const forbidden = all.filter((other) => !allowed.includes(other));
  return {
    name: `layering-${mod}`,
    comment: `${mod} may import only: ${allowed.join(', ')}`,
    severity: 'error',
    from: { path: `^src/${mod}/` },
    to: { path: `^src/(${forbidden.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...layeringRules.filter((r) => !r.to.path.endsWith('()/')),
    {
      name: 'public-api-only',
      comment:
        'Import another module through its index.ts, never its internals. Exceptions: the tree-sitter runtime (the memory worker thread parses code without loading the whole enclave) and the Chromium finder (`cowork open` needs it before anything loads).',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/([^/]+)/.+',
        pathNot: [
          '^src/$1/',
          '^src/[^/]+/index\\.ts$',
          '^src/enclave/tree-sitter\\.ts$',
          '^src/enclave/chromium\\.ts$',
        ],
      },
    },
    {
      name: 'single-door-processes',
      comment: 'Only the enclave starts processes (the CLI launcher starts Cowork itself and the browser).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/enclave/', '^src/cli/launcher\\.ts$'] },
      to: { dependencyTypes: ['core'], path: '^(node:)?(child_process|cluster)$' },
    },
    {
      name: 'single-door-files',
      comment:
        "Only enclave (the person's files), store (Cowork's data), cli, gym (its temp folders, reports) and server (read-only) use fs.",
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(enclave|store|cli|gym|server)/'] },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises)$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
