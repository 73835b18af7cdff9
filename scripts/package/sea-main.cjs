// The entry of the single-executable variant (Node's SEA: this Node binary with this script
// inside). It runs like `node`: `cowork SCRIPT ARGS` runs SCRIPT (how the CLI starts its daemon and
// the language servers, with process.execPath), anything else runs the app next to bin/.
// Node's own options are not parsed in a SEA: leading V8 flags (the daemon's) are applied here.
const { existsSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');

const args = process.argv.slice(2);
while (args[0]?.startsWith('--') && args[0].includes('=')) setFlagsFromString(args.shift());
const script =
  args[0] && /\.[cm]?js$/.test(args[0]) && existsSync(args[0]) ? resolve(args.shift()) : undefined;
const main = script ?? join(dirname(dirname(process.execPath)), 'dist', 'cowork.mjs');
process.argv = [process.execPath, main, ...args];
import(pathToFileURL(main).href).catch((err) => {
  console.error(err);
  process.exit(1);
});
