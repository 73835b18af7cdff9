/**
 * Finds and loads the optional native-window binding, `@webviewjs/webview` (wry + WebKitGTK on
 * Linux). It is never bundled. It is an optionalDependency that npm installs on Node ≥ 24 and skips
 * on older Node (the package declares Node ≥ 24, though it runs on 20); its prebuilt binary also
 * needs glibc ≥ 2.39. So a person may install it into a folder of its own and name that folder in
 * COWORK_WEBVIEW_DIR; else it is looked for beside Cowork. Only `cowork window` loads it; the
 * daemon and `cowork open` never do.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { WebviewModule } from './webview-types.js';

/** The binary published for Linux x64 is built against this glibc. */
export const MIN_GLIBC: readonly [number, number] = [2, 39];
export const WEBVIEW_PACKAGE = '@webviewjs/webview';

export type BindingLoad = { ok: true; binding: WebviewModule } | { ok: false; reason: string };

/** The running glibc as [major, minor], or undefined on musl / not Linux. */
export function runningGlibc(): [number, number] | undefined {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const header = report?.header;
  const m = /^(\d+)\.(\d+)/.exec(header?.glibcVersionRuntime ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Why this system cannot run the binary, before trying to load it (a failed dlopen says less). */
export function systemRefusal(
  platform: NodeJS.Platform,
  glibc: [number, number] | undefined,
): string | undefined {
  if (platform !== 'linux') return undefined;
  if (!glibc) return 'the native window needs a glibc Linux (this one has none)';
  const [major, minor] = MIN_GLIBC;
  if (glibc[0] < major || (glibc[0] === major && glibc[1] < minor))
    return `the native window needs glibc ≥ ${major}.${minor} (this system has ${glibc.join('.')})`;
  return undefined;
}

/** Where to require it from: COWORK_WEBVIEW_DIR first (an npm prefix or its node_modules), then Cowork's own. */
export function bindingSearchPaths(env: NodeJS.ProcessEnv, from: string): string[] {
  // require.resolve looks in each path's node_modules and those above it.
  const dir = env['COWORK_WEBVIEW_DIR'];
  return dir ? [dir, from] : [from];
}

export function loadWebviewBinding(env = process.env): BindingLoad {
  const refusal = systemRefusal(process.platform, runningGlibc());
  if (refusal) return { ok: false, reason: refusal };
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    const dirs = bindingSearchPaths(env, import.meta.dirname ?? process.cwd());
    path = require.resolve(WEBVIEW_PACKAGE, { paths: dirs.filter((d) => existsSync(d)) });
  } catch {
    return {
      ok: false,
      reason: `${WEBVIEW_PACKAGE} is not installed (see README: "native window"; COWORK_WEBVIEW_DIR names its folder)`,
    };
  }
  try {
    return { ok: true, binding: require(path) as WebviewModule };
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    return { ok: false, reason: `${WEBVIEW_PACKAGE} did not load: ${first}` };
  }
}
