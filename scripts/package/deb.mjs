/**
 * cowork_<version>_<debarch>.deb, built with Debian's dpkg-deb: the app in /usr/lib/cowork, the
 * `cowork` command in /usr/bin, the desktop entry (handler of cowork:// links) and icons in
 * /usr/share. No maintainer scripts: Debian's triggers (desktop-file-utils, the icon caches)
 * register the entry's MimeType and icons when those tools are installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDesktopFiles } from './desktop-files.mjs';
import { writeLauncher } from './launcher.mjs';
import { stageApp } from './stage.mjs';

const APP_DIR = '/usr/lib/cowork';

/**
 * What the product needs from Debian at run time. Native modules: glibc (no older than this build
 * machine's, which compiled better-sqlite3), libstdc++. The enclave's OS sandbox is bubblewrap;
 * ripgrep finds secret files to mask inside grants; socat bridges a sandbox to the egress proxy.
 */
export function depends() {
  return [
    'nodejs (>= 20)',
    `libc6 (>= ${glibcVersion()})`,
    'libstdc++6',
    'libgcc-s1',
    'bubblewrap',
    'ripgrep',
    'socat',
  ];
}
/**
 * Wanted but not needed to start: Chromium (browser sessions, and the app window `cowork open`
 * prefers over a browser tab), xdg-utils (opens the browser, sets the cowork:// handler),
 * desktop-file-utils (its trigger registers the entry's x-scheme-handler/cowork). LibreOffice
 * (office conversions and previews) is large and only for documents: suggested.
 */
// The native window's libraries (WebKitGTK, xdo, the tray's indicator) come after the app window's
// Chromium: without them (or with a glibc < 2.39) `cowork open` says why and opens Chromium's window.
export const RECOMMENDS = [
  'chromium',
  'xdg-utils',
  'desktop-file-utils',
  'libwebkit2gtk-4.1-0',
  'libxdo3',
  'libayatana-appindicator3-1',
];
export const SUGGESTS = [
  'libreoffice-writer-nogui',
  'libreoffice-calc-nogui',
  'libreoffice-impress-nogui',
  'git',
];

function glibcVersion() {
  return execFileSync('getconf', ['GNU_LIBC_VERSION'], { encoding: 'utf8' }).trim().split(' ')[1];
}

export function debArch() {
  return execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
}

export async function buildDeb(repo, out, { version, options }) {
  const arch = debArch();
  const root = join(out, 'stage', `cowork_${version}_${arch}`);
  rmSync(root, { recursive: true, force: true });
  const { packages } = stageApp(repo, join(root, APP_DIR), options);
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  writeLauncher(join(root, 'usr/bin/cowork'), APP_DIR);
  await writeDesktopFiles(repo, root, {
    command: '/usr/bin/cowork',
    iconDir: join(root, APP_DIR, 'web/dist/icons'),
  });
  const doc = join(root, 'usr/share/doc/cowork');
  mkdirSync(doc, { recursive: true });
  writeFileSync(join(doc, 'copyright'), copyright(repo, join(root, APP_DIR), packages));
  const installedKb = Number(
    execFileSync('du', ['-sk', '--exclude=DEBIAN', root], { encoding: 'utf8' }).split('\t')[0],
  );
  mkdirSync(join(root, 'DEBIAN'), { recursive: true });
  writeFileSync(join(root, 'DEBIAN/control'), control({ version, arch, installedKb }));
  const file = join(out, `cowork_${version}_${arch}.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', root, file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { file, tree: root, installedKb };
}

function control({ version, arch, installedKb }) {
  return `Package: cowork
Version: ${version}
Architecture: ${arch}
Maintainer: Cowork developers <cowork@localhost>
Installed-Size: ${installedKb}
Depends: ${depends().join(', ')}
Recommends: ${RECOMMENDS.join(', ')}
Suggests: ${SUGGESTS.join(', ')}
Section: utils
Priority: optional
Description: local-first AI coworker
 A daemon (coworkd) that runs AI agents on your own files, every side effect
 passing one security enclave, with its web UI. \`cowork start\` starts it,
 \`cowork open\` opens its window; cowork:// links open in it.
`;
}

function copyright(repo, appDir, packages) {
  const license = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).license;
  const lines = packages.map((name) => {
    const p = JSON.parse(readFileSync(join(appDir, 'node_modules', name, 'package.json'), 'utf8'));
    return ` ${name} ${p.version}: ${p.license ?? 'see its LICENSE'}`;
  });
  return `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: cowork

Files: *
License: ${license}

Files: usr/lib/cowork/node_modules/*
Comment: run-time packages from npm, each with its own license file:
${lines.join('\n')}
`;
}
