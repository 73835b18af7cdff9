#!/usr/bin/env node
/**
 * `npm run package`: the release packages, in release/ (the build runs first):
 *   cowork-<version>-linux-<arch>.tar.xz      unpack anywhere; bin/cowork runs the system's Node (>= 20)
 *   cowork_<version>_<debarch>.deb            Depends: nodejs (>= 20); app in /usr/lib/cowork
 *   cowork-<version>-linux-<arch>-sea.tar.xz  Node embedded (SEA), when postject is at hand
 * and release/sizes.json (compressed and installed sizes, read by the `package` bench).
 *
 *   node scripts/package.mjs [--no-build] [--no-sea] [--no-language-servers] [--no-native-window] [--omit PKG]
 * --omit leaves a run-time package out (to see the install test fail).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDeb } from './package/deb.mjs';
import { buildSea } from './package/sea.mjs';
import { buildTarball } from './package/tarball.mjs';

const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean' },
    'no-sea': { type: 'boolean' },
    'no-language-servers': { type: 'boolean' },
    'no-native-window': { type: 'boolean' },
    omit: { type: 'string', multiple: true },
    out: { type: 'string' },
  },
});
const repo = resolve(import.meta.dirname, '..');
const out = resolve(values.out ?? join(repo, 'release'));
if (!values['no-build'])
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, stdio: 'inherit' });
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const arch = process.arch;
const options = {
  languageServers: !values['no-language-servers'],
  nativeWindow: !values['no-native-window'],
  omit: values.omit ?? [],
};
const kb = (tree) => Number(execFileSync('du', ['-sk', tree], { encoding: 'utf8' }).split('\t')[0]);
const describe = ({ file, tree }) => ({ file, compressedBytes: statSync(file).size, installedKb: kb(tree) });

const sizes = {
  version,
  tarball: describe(buildTarball(repo, out, { version, arch, options })),
  deb: describe(await buildDeb(repo, out, { version, options })),
};
if (!values['no-sea']) {
  const sea = buildSea(repo, out, { version, arch, options });
  sizes.sea = sea.skipped ? { skipped: sea.skipped } : describe(sea);
}
rmSync(join(out, 'stage'), { recursive: true, force: true });
for (const s of Object.values(sizes)) if (s.file) s.file = s.file.slice(out.length + 1);
writeFileSync(join(out, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
for (const [name, s] of Object.entries(sizes).filter(([, s]) => typeof s === 'object'))
  console.log(
    s.skipped
      ? `${name}: skipped, ${s.skipped}`
      : `${s.file}: ${mb(s.compressedBytes)} (installed ${mb(s.installedKb * 1024)})`,
  );
