// Run inside the Debian root by install-check.sh with the installed app's folder: every package
// the app loads at run time loads from the package's node_modules on that system's Node, and does
// something real (a query, a terminal, a watch, a parse), so a pruned file or a binary built for
// another platform fails here. Prints the names that failed, exits 1 if any.
const { existsSync, mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const { createRequire } = require('node:module');

const app = process.argv[2];
const req = createRequire(join(app, 'dist', 'cowork.mjs'));
const dir = mkdtempSync(join(tmpdir(), 'load-'));
const grammars = ['bash', 'c', 'cpp', 'go', 'java', 'javascript', 'python', 'ruby', 'rust', 'typescript'];

const checks = {
  'better-sqlite3 + sqlite-vec': () => {
    const db = new (req('better-sqlite3'))(':memory:');
    db.loadExtension(req('sqlite-vec').getLoadablePath());
    if (!db.prepare('select vec_version() v').get().v) throw new Error('no vec_version');
  },
  '@lydell/node-pty': () =>
    new Promise((resolve, reject) => {
      const pty = req('@lydell/node-pty').spawn('/bin/echo', ['pty-ok'], {});
      let out = '';
      pty.onData((d) => (out += d));
      pty.onExit(() => (out.includes('pty-ok') ? resolve() : reject(new Error(out))));
    }),
  '@parcel/watcher': async () => {
    const sub = await req('@parcel/watcher').subscribe(dir, () => {});
    await sub.unsubscribe();
  },
  '@napi-rs/keyring': () => {
    if (typeof req('@napi-rs/keyring').Entry !== 'function') throw new Error('no Entry');
  },
  yaml: () => {
    if (req('yaml').parse('a: 1').a !== 1) throw new Error('yaml');
  },
  pdfkit: () =>
    new Promise((resolve, reject) => {
      const doc = new (req('pdfkit'))();
      doc.on('error', reject);
      doc.on('end', resolve);
      doc.font('Helvetica').text('pdf-ok');
      doc.resume();
      doc.end();
    }),
  'playwright-core': () => {
    if (typeof req('playwright-core').chromium.launch !== 'function') throw new Error('no chromium');
  },
  // The bundle carries web-tree-sitter's JS and finds the .wasm files and tag queries by package.
  'tree-sitter wasm + grammars': () => {
    for (const f of ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-go/queries/tags.scm'])
      if (!existsSync(req.resolve(f))) throw new Error(f);
    for (const g of grammars) req.resolve(`tree-sitter-${g}/tree-sitter-${g}.wasm`);
  },
  // Shipped for the native window; its libraries are the .deb's Recommends (the clean root lacks
  // them), so it must load, or fail only for one of those — never for a missing file or the glibc.
  '@webviewjs/webview': () => {
    if (!existsSync(join(app, 'node_modules/@webviewjs/webview-linux-x64-gnu/webview.linux-x64-gnu.node')))
      throw new Error('the binding is not shipped');
    try {
      req('@webviewjs/webview');
    } catch (e) {
      const why = `${e.message} ${e.cause?.message ?? ''}`;
      if (!/lib(webkit2gtk|javascriptcoregtk|xdo|gtk-3|gdk-3|ayatana|soup)[\w.-]*\.so/.test(why)) throw e;
    }
  },
  'language servers': () => {
    for (const f of [
      'typescript-language-server/lib/cli.mjs',
      'typescript/lib/tsserver.js',
      'pyright/langserver.index.js',
    ])
      req.resolve(f);
  },
};

(async () => {
  const failed = [];
  for (const [name, check] of Object.entries(checks))
    await Promise.resolve()
      .then(check)
      .catch((e) => failed.push(`${name} (${e.message.split('\n')[0]})`));
  if (failed.length) {
    console.error(failed.join('; '));
    process.exit(1);
  }
})();
