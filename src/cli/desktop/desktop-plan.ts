/**
 * What `cowork desktop install` puts on each OS, as data: the files it writes (and `uninstall`
 * removes, exactly those), and the commands that register them. Built for a given platform and
 * environment so every OS's plan is tested on any machine; only the current OS's is carried out.
 */
import { join } from 'node:path';

export const ICON_SIZES = [48, 64, 128, 192, 256, 512] as const;
const SCHEME = 'cowork';

export interface PlannedFile {
  path: string;
  /** Text to write, or the file to copy (an icon from the UI's build). */
  content: string | { copyFrom: string };
  mode?: number;
}

export interface PlannedStep {
  cmd: string;
  args: string[];
  /** Said when `cmd` is not on this machine: what is then not done, and what still works. */
  whenMissing: string;
}

export interface DesktopPlan {
  files: PlannedFile[];
  /** Files a step creates (not written by Cowork), removed on uninstall too. */
  created: string[];
  register: PlannedStep[];
  unregister: PlannedStep[];
}

export interface PlanInput {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  userHome: string;
  /** The command that opens Cowork, e.g. [node, …/dist/cowork.mjs]: `open LINK` is added. */
  cowork: string[];
  /** web/dist/icons of this install. */
  iconDir: string;
}

export function desktopPlan(input: PlanInput): DesktopPlan {
  if (input.platform === 'linux') return linuxPlan(input);
  if (input.platform === 'darwin') return macPlan(input);
  if (input.platform === 'win32') return windowsPlan(input);
  throw new Error(`cowork desktop is not supported on ${input.platform}.`);
}

/** The freedesktop.org entry: the app menu's Cowork, and the handler of cowork:// links. */
function linuxPlan({ env, userHome, cowork, iconDir }: PlanInput): DesktopPlan {
  const dataHome = env['XDG_DATA_HOME'] || join(userHome, '.local', 'share');
  const apps = join(dataHome, 'applications');
  const icons = join(dataHome, 'icons', 'hicolor');
  const entry = `[Desktop Entry]
Type=Application
Version=1.5
Name=Cowork
GenericName=AI coworker
Comment=A local-first AI coworker on your own files
Exec=${[...cowork, 'open'].map(quoteExec).join(' ')} %u
Icon=cowork
Terminal=false
Categories=Development;Utility;
MimeType=x-scheme-handler/${SCHEME};
StartupNotify=true
`;
  const updateDb: PlannedStep = {
    cmd: 'update-desktop-database',
    args: [apps],
    whenMissing: 'the app menu picks the entry up when it next scans the folder.',
  };
  return {
    files: [
      { path: join(apps, 'cowork.desktop'), content: entry, mode: 0o644 },
      ...ICON_SIZES.map((s) => ({
        path: join(icons, `${s}x${s}`, 'apps', 'cowork.png'),
        content: { copyFrom: join(iconDir, `cowork-${s}.png`) },
      })),
      {
        path: join(icons, 'scalable', 'apps', 'cowork.svg'),
        content: { copyFrom: join(iconDir, 'cowork.svg') },
      },
    ],
    created: [],
    register: [
      {
        cmd: 'xdg-mime',
        args: ['default', 'cowork.desktop', `x-scheme-handler/${SCHEME}`],
        whenMissing:
          'cowork:// links are not made to open Cowork by default; desktops that read the entry’s MimeType line (most do, after update-desktop-database) still offer it.',
      },
      updateDb,
    ],
    unregister: [updateDb],
  };
}

/**
 * An app bundle stub in ~/Applications that declares the cowork:// scheme and runs `cowork open`.
 * Launch Services hands it the link as an Apple Event, which a shell script does not read: it
 * opens Cowork, not yet the link (a native shell is what will).
 */
function macPlan({ userHome, cowork, iconDir }: PlanInput): DesktopPlan {
  const app = join(userHome, 'Applications', 'Cowork.app');
  const plist = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleIdentifier</key><string>dev.cowork.app</string>
  <key>CFBundleName</key><string>Cowork</string>
  <key>CFBundleExecutable</key><string>cowork-open</string>
  <key>CFBundlePackageType</key><string>APPL</string>
  <key>CFBundleURLTypes</key>
  <array>
    <dict>
      <key>CFBundleURLName</key><string>Cowork link</string>
      <key>CFBundleURLSchemes</key><array><string>${SCHEME}</string></array>
    </dict>
  </array>
</dict>
</plist>
`;
  const script = `#!/bin/sh\nexec ${[...cowork, 'open'].map(quoteSh).join(' ')} "$@"\n`;
  const lsregister =
    '/System/Library/Frameworks/CoreServices.framework/Frameworks/LaunchServices.framework/Support/lsregister';
  return {
    files: [
      { path: join(app, 'Contents', 'Info.plist'), content: plist, mode: 0o644 },
      { path: join(app, 'Contents', 'MacOS', 'cowork-open'), content: script, mode: 0o755 },
      {
        path: join(app, 'Contents', 'Resources', 'cowork.png'),
        content: { copyFrom: join(iconDir, 'cowork-512.png') },
      },
    ],
    created: [],
    register: [
      { cmd: lsregister, args: ['-f', app], whenMissing: 'Finder registers the app when it first sees it.' },
    ],
    unregister: [{ cmd: lsregister, args: ['-u', app], whenMissing: 'nothing else to undo.' }],
  };
}

/** A launcher script, a Start-menu shortcut to it, and cowork:// under HKCU\Software\Classes. */
function windowsPlan({ env, userHome, cowork }: PlanInput): DesktopPlan {
  const local = env['LOCALAPPDATA'] || join(userHome, 'AppData', 'Local');
  const roaming = env['APPDATA'] || join(userHome, 'AppData', 'Roaming');
  const launcher = join(local, 'Cowork', 'cowork-open.cmd');
  const shortcut = join(roaming, 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Cowork.lnk');
  const key = `HKCU\\Software\\Classes\\${SCHEME}`;
  const cmdLine = `"${launcher}" "%1"`;
  const ps = `$s=(New-Object -ComObject WScript.Shell).CreateShortcut('${shortcut.replace(/'/g, "''")}');$s.TargetPath='${launcher.replace(/'/g, "''")}';$s.WindowStyle=7;$s.Save()`;
  const reg = 'reg is part of Windows; without it cowork:// links are not registered.';
  return {
    files: [
      {
        path: launcher,
        content: `@echo off\r\n${[...cowork, 'open'].map((a) => `"${a}"`).join(' ')} %*\r\n`,
      },
    ],
    created: [shortcut],
    register: [
      { cmd: 'reg', args: ['add', key, '/ve', '/d', 'URL:Cowork link', '/f'], whenMissing: reg },
      { cmd: 'reg', args: ['add', key, '/v', 'URL Protocol', '/d', '', '/f'], whenMissing: reg },
      {
        cmd: 'reg',
        args: ['add', `${key}\\shell\\open\\command`, '/ve', '/d', cmdLine, '/f'],
        whenMissing: reg,
      },
      {
        cmd: 'powershell',
        args: ['-NoProfile', '-Command', ps],
        whenMissing: 'no Start-menu shortcut is made (links still work).',
      },
    ],
    unregister: [{ cmd: 'reg', args: ['delete', key, '/f'], whenMissing: reg }],
  };
}

/** The Desktop Entry spec's quoting of one Exec argument. */
function quoteExec(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg.replace(/%/g, '%%');
  return `"${arg.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
}

function quoteSh(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
