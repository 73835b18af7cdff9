/**
 * What the native window's test and bench share: the Debian 13 root's packages (WebKitGTK, Xvfb,
 * the tray's indicator library, ImageMagick for screenshots) and `@webviewjs/webview` npm-packed
 * once into the roots' cache, unpacked afresh into a folder for COWORK_WEBVIEW_DIR.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const WEBVIEW_VERSION = '0.4.7';
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

export function unpackWebview(dir: string): void {
  const cache = join(
    process.env['COWORK_ROOT_CACHE'] ?? join(tmpdir(), 'cowork-debian-roots'),
    `webview-${WEBVIEW_VERSION}`,
  );
  mkdirSync(cache, { recursive: true });
  for (const name of ['webview', 'webview-linux-x64-gnu']) {
    const tgz = join(cache, `webviewjs-${name}-${WEBVIEW_VERSION}.tgz`);
    if (!existsSync(tgz))
      execFileSync('npm', ['pack', `@webviewjs/${name}@${WEBVIEW_VERSION}`, '--pack-destination', cache], {
        stdio: 'ignore',
      });
    const into = join(dir, 'node_modules', '@webviewjs', name);
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', tgz, '-C', into, '--strip-components=1']);
  }
}
