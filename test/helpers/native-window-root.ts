/**
 * What the native window's test and bench share: the Debian 13 root's packages (WebKitGTK, Xvfb,
 * the tray's indicator library, ImageMagick for screenshots) and `@webviewjs/webview` unpacked
 * afresh into a folder for COWORK_WEBVIEW_DIR (from the same cache the packages use).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const NATIVE_WINDOW_PACKAGES = [
  'nodejs',
  'libwebkit2gtk-4.1-0',
  'libxdo3',
  'xvfb',
  'xauth',
  'imagemagick',
  'libayatana-appindicator3-1',
  'fonts-dejavu-core',
];
/**
 * The window-state test's root: the same, with a window manager (openbox: frames, moves, resizes,
 * maximises, honours size hints, Alt+F4 closes) and the X tools that drive and measure it
 * (xdotool; xwininfo and xprop from x11-utils). A list of its own: a root of its own in the cache.
 */
export const WINDOW_MANAGER_PACKAGES = [...NATIVE_WINDOW_PACKAGES, 'openbox', 'xdotool', 'x11-utils'];
/** The repository: found upwards from here (this file runs from test/helpers and, bundled, from dist/bench). */
export const REPO = ((dir: string): string => {
  for (let d = dir; d !== dirname(d); d = dirname(d))
    if (existsSync(join(d, 'scripts', 'debian-root.mjs'))) return d;
  return resolve(dir, '../..');
})(import.meta.dirname);

/** scripts/debian-root.mjs, loaded at run time (a bundle must not inline its command-line entry). */
export async function loadDebianRoot(): Promise<{
  debianRoot: (o: { suite: string; packages: string[] }) => Promise<DebianRoot>;
  unavailableReason: () => string | null;
}> {
  return import(pathToFileURL(join(REPO, 'scripts', 'debian-root.mjs')).href);
}

export interface DebianRoot {
  dir: string;
  run(
    command: string,
    options?: {
      binds?: Record<string, string>;
      env?: Record<string, string>;
      timeoutMs?: number;
      ownPids?: boolean;
    },
  ): { status: number | null; stdout: string; stderr: string };
  remove(): void;
}

/** The binding (package.json's version) into `dir`/node_modules: scripts/package/webview.mjs, as the packages get it. */
export async function unpackWebview(dir: string): Promise<void> {
  const { unpackWebview: unpack } = (await import(
    pathToFileURL(join(REPO, 'scripts', 'package', 'webview.mjs')).href
  )) as { unpackWebview: (repo: string, modulesDir: string) => string[] };
  unpack(REPO, join(dir, 'node_modules'));
}
