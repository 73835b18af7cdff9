/**
 * `cowork desktop install|uninstall`: the files each OS's plan writes (every plan is built here,
 * whatever this machine is), and on this Linux the real command in a temp HOME: the .desktop entry
 * that opens cowork:// links with `cowork open %u`, its icons in the hicolor theme, and uninstall
 * removing exactly those files (a neighbour in the same folders stays).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopPlan, ICON_SIZES, type PlanInput } from '../../src/cli/desktop/desktop-plan.js';
import { CLI, cowork } from '../helpers/daemon.js';
import { tempDir } from '../helpers/temp-dir.js';

const input = (platform: NodeJS.Platform, userHome: string, env: NodeJS.ProcessEnv = {}): PlanInput => ({
  platform,
  env,
  userHome,
  cowork: ['/usr/bin/node', '/opt/my cowork/dist/cowork.mjs'],
  iconDir: '/opt/my cowork/web/dist/icons',
});

/** Every file under `dir`, relative to it (but the desktop database's cache, where it is installed). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile() && p !== 'applications/mimeinfo.cache')
    .sort();
}

describe('the plans', () => {
  it('Linux: the entry (MimeType, Exec … open %u, quoted), the icons, xdg-mime as the default handler', () => {
    const plan = desktopPlan(input('linux', '/home/ada', { XDG_DATA_HOME: '/data' }));
    const entry = plan.files[0]!;
    expect(entry.path).toBe('/data/applications/cowork.desktop');
    const text = entry.content as string;
    expect(text).toContain('MimeType=x-scheme-handler/cowork;\n');
    expect(text).toContain('Exec=/usr/bin/node "/opt/my cowork/dist/cowork.mjs" open %u\n');
    expect(text).toContain('Icon=cowork\n');
    expect(plan.files.slice(1).map((f) => f.path)).toEqual([
      ...ICON_SIZES.map((s) => `/data/icons/hicolor/${s}x${s}/apps/cowork.png`),
      '/data/icons/hicolor/scalable/apps/cowork.svg',
    ]);
    expect(plan.register[0]).toMatchObject({
      cmd: 'xdg-mime',
      args: ['default', 'cowork.desktop', 'x-scheme-handler/cowork'],
    });
    // Without XDG_DATA_HOME: ~/.local/share.
    expect(desktopPlan(input('linux', '/home/ada')).files[0]!.path).toBe(
      '/home/ada/.local/share/applications/cowork.desktop',
    );
  });

  it('macOS: an app bundle stub declaring cowork://, its launcher executable', () => {
    const plan = desktopPlan(input('darwin', '/Users/ada'));
    const app = '/Users/ada/Applications/Cowork.app/Contents';
    expect(plan.files.map((f) => f.path)).toEqual([
      `${app}/Info.plist`,
      `${app}/MacOS/cowork-open`,
      `${app}/Resources/cowork.png`,
    ]);
    expect(plan.files[0]!.content).toMatch(/<key>CFBundleURLSchemes<\/key><array><string>cowork<\/string>/);
    expect(plan.files[1]).toMatchObject({
      mode: 0o755,
      content: `#!/bin/sh\nexec /usr/bin/node '/opt/my cowork/dist/cowork.mjs' open "$@"\n`,
    });
  });

  it('Windows: a launcher, a Start-menu shortcut, cowork:// under HKCU\\Software\\Classes (removed on uninstall)', () => {
    const plan = desktopPlan(input('win32', 'C:/Users/ada', { LOCALAPPDATA: 'L', APPDATA: 'R' }));
    expect(plan.files.map((f) => f.path)).toEqual([join('L', 'Cowork', 'cowork-open.cmd')]);
    expect(plan.files[0]!.content).toBe(
      '@echo off\r\n"/usr/bin/node" "/opt/my cowork/dist/cowork.mjs" "open" %*\r\n',
    );
    expect(plan.created).toEqual([join('R', 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Cowork.lnk')]);
    const regs = plan.register.filter((s) => s.cmd === 'reg').map((s) => s.args.slice(0, 2));
    expect(regs).toEqual([
      ['add', 'HKCU\\Software\\Classes\\cowork'],
      ['add', 'HKCU\\Software\\Classes\\cowork'],
      ['add', 'HKCU\\Software\\Classes\\cowork\\shell\\open\\command'],
    ]);
    expect(plan.register.at(-1)!.args.at(-1)).toContain('CreateShortcut(');
    expect(plan.unregister).toMatchObject([
      { cmd: 'reg', args: ['delete', 'HKCU\\Software\\Classes\\cowork', '/f'] },
    ]);
  });
});

describe('cowork desktop install|uninstall on this machine', () => {
  it('writes the entry and the icons into HOME, and uninstall removes exactly them', async () => {
    const home = tempDir('cowork-desktop-home-');
    const env = { HOME: home, XDG_DATA_HOME: '', XDG_CONFIG_HOME: '' };
    const share = join(home, '.local', 'share');
    // A neighbour: someone else's entry and icon, which uninstall must leave.
    mkdirSync(join(share, 'applications'), { recursive: true });
    writeFileSync(join(share, 'applications', 'other.desktop'), '[Desktop Entry]\n');
    mkdirSync(join(share, 'icons', 'hicolor', '48x48', 'apps'), { recursive: true });
    writeFileSync(join(share, 'icons', 'hicolor', '48x48', 'apps', 'other.png'), '');

    const installed = await cowork(['desktop', 'install'], env);
    expect(installed.code).toBe(0);
    expect(filesUnder(share)).toEqual(
      [
        'applications/cowork.desktop',
        'applications/other.desktop',
        ...ICON_SIZES.map((s) => `icons/hicolor/${s}x${s}/apps/cowork.png`),
        'icons/hicolor/48x48/apps/other.png',
        'icons/hicolor/scalable/apps/cowork.svg',
      ].sort(),
    );
    const entry = readFileSync(join(share, 'applications', 'cowork.desktop'), 'utf8');
    expect(entry).toContain(`Exec=${process.execPath} ${CLI} open %u\n`);
    // Each icon is the build's own, not an empty file.
    const png = readFileSync(join(share, 'icons', 'hicolor', '512x512', 'apps', 'cowork.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // xdg-mime is on this machine: cowork:// now opens this entry (its answer, not our file).
    expect(installed.stdout).toContain('ran: xdg-mime default cowork.desktop x-scheme-handler/cowork');
    const mimeApps = readFileSync(join(home, '.config', 'mimeapps.list'), 'utf8');
    expect(mimeApps).toContain('x-scheme-handler/cowork=cowork.desktop');

    const removed = await cowork(['desktop', 'uninstall'], env);
    expect(removed.code).toBe(0);
    expect(
      removed.stdout
        .split('\n')
        .filter((l) => l.startsWith('removed '))
        .map((l) => relative(share, l.slice(8))),
    ).toEqual([
      'applications/cowork.desktop',
      ...ICON_SIZES.map((s) => `icons/hicolor/${s}x${s}/apps/cowork.png`),
      'icons/hicolor/scalable/apps/cowork.svg',
    ]);
    expect(filesUnder(share)).toEqual(['applications/other.desktop', 'icons/hicolor/48x48/apps/other.png']);
  });

  it('says what it does not do when xdg-mime is not installed', async () => {
    const home = tempDir('cowork-desktop-home-');
    const r = await cowork(['desktop', 'install'], { HOME: home, XDG_DATA_HOME: '', PATH: '/nonexistent' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'xdg-mime is not installed: cowork:// links are not made to open Cowork by default',
    );
    expect(existsSync(join(home, '.local', 'share', 'applications', 'cowork.desktop'))).toBe(true);
  });
});
