/**
 * Where a Chromium-family browser is installed (Chrome, Chromium, Edge, Brave, on the usual paths of
 * Linux, macOS and Windows). Its own small entry point: the CLI's `cowork open` needs it before
 * anything else loads, and the enclave's browser sessions drive the same browsers.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const CHROMIUM_FAMILY: Record<string, string[]> = {
  linux: [
    'google-chrome',
    'google-chrome-stable',
    'chromium',
    'chromium-browser',
    'microsoft-edge',
    'brave-browser',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
  ],
  win32: [
    join(process.env['PROGRAMFILES'] ?? 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
    join(
      process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      'Microsoft\\Edge\\Application\\msedge.exe',
    ),
  ],
};

/** A program name on PATH (or an absolute path) that exists, else undefined. */
export function findOnPath(name: string): string | undefined {
  if (name.includes('/') || name.includes('\\')) return existsSync(name) ? name : undefined;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The first Chromium-family browser found (`COWORK_CHROMIUM` wins), or undefined. */
export function findChromium(): string | undefined {
  const chosen = process.env['COWORK_CHROMIUM'];
  if (chosen) return findOnPath(chosen);
  for (const name of CHROMIUM_FAMILY[process.platform] ?? []) {
    const exe = findOnPath(name);
    if (exe) return exe;
  }
  return undefined;
}
