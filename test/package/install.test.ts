/**
 * The release packages, installed as a person would: `npm run package`, then in a clean Debian 13
 * root (Node 20 from Debian) `apt-get install ./cowork_*.deb` resolves its Depends from Debian, an
 * unprivileged user starts Cowork, its status, UI, health and an RPC answer, the desktop entry
 * and cowork:// handler are registered, and `apt-get remove` takes it all away; then the tarball,
 * unpacked and started the same way. Needs root, debootstrap and bubblewrap (CI has them), and the
 * network to Debian's mirror; skipped otherwise, saying why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { debianRoot, unavailableReason } from '../../scripts/debian-root.mjs';
import { tempDir } from '../helpers/temp-dir.js';

const repo = join(import.meta.dirname, '..', '..');
const skip =
  unavailableReason() ??
  (spawnSync('sh', ['-c', 'command -v dpkg-deb']).status !== 0 ? 'dpkg-deb is not installed' : null) ??
  (existsSync(join(repo, 'dist', 'cowork.mjs')) ? null : 'dist/ is not built (node scripts/build.mjs)');

/** Builds the packages into a temp folder; `omit` leaves run-time packages out. */
function buildPackages(out: string, omit: string[] = []): { deb: string; tarball: string } {
  const args = [
    'scripts/package.mjs',
    '--no-build',
    '--no-sea',
    '--out',
    out,
    ...omit.flatMap((o) => ['--omit', o]),
  ];
  execFileSync(process.execPath, args, { cwd: repo, stdio: 'pipe' });
  const files = readdirSync(out);
  const deb = files.find((f) => f.endsWith('.deb'));
  const tarball = files.find((f) => f.endsWith('.tar.xz'));
  if (!deb || !tarball) throw new Error(`no packages in ${out}: ${files.join(', ')}`);
  return { deb: join(out, deb), tarball: join(out, tarball) };
}

/** The check lines (`ok NAME`, `FAIL NAME: why`) of install-check.sh run in a fresh trixie root. */
async function installCheck(packages: { deb: string; tarball: string }): Promise<string[]> {
  // desktop-file-utils: its trigger is what registers the entry's x-scheme-handler/cowork; xz-utils
  // unpacks the tarball (a desktop has it; the minimal root does not).
  const root = await debianRoot({ suite: 'trixie', packages: ['desktop-file-utils', 'xz-utils'] });
  try {
    const pkg = join(root.dir, 'pkg');
    mkdirSync(pkg);
    copyFileSync(packages.deb, join(pkg, 'cowork.deb'));
    copyFileSync(packages.tarball, join(pkg, 'cowork.tar.xz'));
    copyFileSync(join(import.meta.dirname, 'install-check.sh'), join(pkg, 'check.sh'));
    copyFileSync(join(import.meta.dirname, 'load-modules.cjs'), join(pkg, 'load-modules.cjs'));
    const r = root.run('apt-get update -qq && sh /pkg/check.sh', { timeoutMs: 480_000 });
    return `${r.stdout}`.split('\n').filter((l: string) => /^(ok|FAIL) /.test(l) || l === 'done');
  } finally {
    root.remove();
  }
}

describe.skipIf(skip)(
  `the .deb and the tarball in a clean Debian 13 root${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it('install with apt, start as a user, serve the UI and RPC, register the desktop entry, remove', async () => {
      const lines = await installCheck(buildPackages(tempDir('cowork-release-')));
      expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
      for (const name of [
        'deb install',
        'deb start',
        'deb status',
        'deb ui',
        'deb rpc',
        'deb stop',
        'desktop entry',
      ])
        expect(lines).toContain(`ok ${name}`);
      for (const name of [
        'scheme handler',
        'icons',
        'deb remove',
        'removed',
        'tarball start',
        'tarball ui',
        'tarball rpc',
      ])
        expect(lines).toContain(`ok ${name}`);
      expect(lines.at(-1)).toBe('done');
    }, 900_000);
  },
);
