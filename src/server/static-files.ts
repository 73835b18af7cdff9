import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker (a module the Files panel's PDF preview starts).
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  // The installable window's Web App Manifest.
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * Maps a URL path to a file inside `root`. `/` and client-side routes get index.html; nothing
 * outside `root` is ever served (`..`, encoded separators, NUL, symlinks out are all refused).
 */
export function readStaticFile(root: string, urlPath: string): StaticFile | undefined {
  if (!existsSync(root)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const realRoot = realpathSync(root);
  const candidate = resolve(realRoot, `.${decoded}`);
  const inside = candidate.startsWith(realRoot + sep);
  if (inside && existsSync(candidate) && statSync(candidate).isFile()) {
    const real = realpathSync(candidate);
    return real.startsWith(realRoot + sep) ? load(real) : undefined;
  }
  // Client-side routes fall back to the app shell; asset-looking paths do not.
  if (extname(decoded) !== '') return undefined;
  const index = join(realRoot, 'index.html');
  return existsSync(index) ? load(index) : undefined;
}

function load(file: string): StaticFile {
  return {
    body: readFileSync(file),
    contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
  };
}
