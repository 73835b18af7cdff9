// The release packages (issue 22): compressed and installed sizes of the .deb and the tarball,
// which run on the system's Node, and of the single-executable variant (Node embedded, SEA), next
// to the Chromium --app window's route, which installs nothing beyond Chromium (its .deb and
// installed size from Debian's package database, same run), against the seed's < 20 MB installer.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Measurement } from '../lib/report.js';
import { round } from '../lib/stats.js';

const suite = 'package';
const mb = (bytes: number) => round(bytes / 1e6, 1);

interface Built {
  file: string;
  compressedBytes: number;
  installedKb: number;
}
type Sizes = Record<'tarball' | 'deb', Built> & { sea?: Built | { skipped: string } };

/** Chromium's .deb and installed sizes as Debian's apt knows them (bytes), when it does. */
function chromiumSizes(): { deb: number; installed: number } | undefined {
  const r = spawnSync('apt-cache', ['show', '--no-all-versions', 'chromium'], { encoding: 'utf8' });
  const field = (name: string) => Number(r.stdout?.match(new RegExp(`^${name}: (\\d+)`, 'm'))?.[1]);
  const deb = field('Size');
  const installed = field('Installed-Size') * 1024;
  return deb && installed ? { deb, installed } : undefined;
}

export async function runPackage(): Promise<Measurement[]> {
  if (spawnSync('sh', ['-c', 'command -v dpkg-deb']).status !== 0)
    return [{ suite, name: 'skipped: dpkg-deb is not installed', value: 0, unit: '' }];
  const out = tempDir('cowork-bench-release-');
  const script = fileURLToPath(new URL('../../scripts/package.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--no-build', '--out', out], { stdio: 'ignore' });
  const sizes = JSON.parse(readFileSync(join(out, 'sizes.json'), 'utf8')) as Sizes;
  const chromium = chromiumSizes();
  const compressedBase = chromium && { name: 'Chromium --app route: chromium .deb', value: mb(chromium.deb) };
  const installedBase = chromium && {
    name: 'Chromium --app route: chromium installed',
    value: mb(chromium.installed),
  };
  const budget = { op: '<' as const, value: 20 };
  const measure = (label: string, b: Built): Measurement[] => [
    {
      suite,
      name: `${label}: ${b.file} (compressed)`,
      value: mb(b.compressedBytes),
      unit: 'MB',
      budget,
      ...(compressedBase && { baseline: compressedBase }),
    },
    {
      suite,
      name: `${label}: installed`,
      value: mb(b.installedKb * 1024),
      unit: 'MB',
      ...(installedBase && { baseline: installedBase }),
    },
  ];
  const results = [
    ...measure('.deb, system Node (Depends: nodejs >= 20)', sizes.deb),
    ...measure('tarball, system Node', sizes.tarball),
  ];
  if (sizes.sea && 'file' in sizes.sea) results.push(...measure('tarball, Node embedded (SEA)', sizes.sea));
  else
    results.push({
      suite,
      name: `SEA variant skipped: ${sizes.sea?.skipped ?? 'not built'}`,
      value: 0,
      unit: '',
    });
  return results;
}
