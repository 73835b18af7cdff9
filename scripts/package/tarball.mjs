/**
 * cowork-<version>-linux-<arch>.tar.xz: one folder holding bin/cowork and the app beside it, to
 * unpack anywhere (`bin/cowork desktop install` then adds the app-menu entry for that person).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeLauncher } from './launcher.mjs';
import { stageApp } from './stage.mjs';

export function buildTarball(repo, out, { version, arch, name, options, bin }) {
  const folder = name ?? `cowork-${version}-linux-${arch}`;
  const top = join(out, 'stage', folder);
  stageApp(repo, top, options);
  mkdirSync(join(top, 'bin'), { recursive: true });
  if (bin) bin(join(top, 'bin', 'cowork'));
  else writeLauncher(join(top, 'bin', 'cowork'), null);
  const file = join(out, `${folder}.tar.xz`);
  tar(join(out, 'stage'), folder, file);
  return { file, tree: top };
}

export function tar(cwd, folder, file) {
  execFileSync(
    'tar',
    ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-cJf', file, '-C', cwd, folder],
    { env: { ...process.env, XZ_OPT: '-T0' } },
  ); // xz as the .deb: a third smaller than gzip, on every core
}
