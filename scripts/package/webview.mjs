/**
 * The native window's binding, `@webviewjs/webview` (tao + wry), at the version package.json names.
 * npm installs it only on Node >= 24 (it declares so, but runs on 20), so where node_modules lacks
 * it, it is npm-packed from the registry once into a cache and unpacked from there. The packages
 * ship it (Linux x64: the native window opens where glibc >= 2.39; elsewhere `cowork open` says
 * why and falls back); the native window's test and bench unpack it into their Debian root.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PARTS = ['webview', 'webview-linux-x64-gnu'];

export function webviewVersion(repo) {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  return pkg.optionalDependencies['@webviewjs/webview'];
}

/** Puts the binding into `modulesDir` (a node_modules folder); returns its package folders. */
export function unpackWebview(repo, modulesDir) {
  const version = webviewVersion(repo);
  const cache = join(
    process.env.COWORK_ROOT_CACHE ?? join(tmpdir(), 'cowork-debian-roots'),
    `webview-${version}`,
  );
  return PARTS.map((name) => {
    const rel = `@webviewjs/${name}`;
    const into = join(modulesDir, rel);
    mkdirSync(into, { recursive: true });
    const installed = join(repo, 'node_modules', rel);
    if (existsSync(join(installed, 'package.json')) && readVersion(installed) === version) {
      cpSync(installed, into, { recursive: true, dereference: true });
      return rel;
    }
    const tgz = join(cache, `webviewjs-${name}-${version}.tgz`);
    if (!existsSync(tgz)) {
      mkdirSync(cache, { recursive: true });
      execFileSync('npm', ['pack', `${rel}@${version}`, '--pack-destination', cache], { stdio: 'ignore' });
    }
    execFileSync('tar', ['-xzf', tgz, '-C', into, '--strip-components=1']);
    return rel;
  });
}

function readVersion(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}
