/**
 * The app's files as installed: package.json (its version; the daemon finds its root by it), the
 * daemon bundle (dist/, without the benches, the replay tool and source maps), the built UI
 * (web/dist) and node_modules holding only the run-time packages (runtime-modules.mjs) with their
 * dependencies, pruned of what is never read at run time.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { prunePackage } from './prune.mjs';
import { NOT_SHIPPED, runtimeModules } from './runtime-modules.mjs';
import { unpackWebview } from './webview.mjs';

/** Copies the app into `appDir` (emptied first); returns the packages it holds. */
export function stageApp(repo, appDir, options = {}) {
  rmSync(appDir, { recursive: true, force: true });
  mkdirSync(appDir, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const manifest = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    type: pkg.type,
    license: pkg.license,
    private: true,
    engines: pkg.engines,
  };
  writeFileSync(join(appDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const skipDist = (src) =>
    !src.endsWith('.map') && !/\/dist\/(bench|replay-llm\.mjs)/.test(src.slice(repo.length));
  cpSync(join(repo, 'dist'), join(appDir, 'dist'), { recursive: true, filter: skipDist });
  cpSync(join(repo, 'web', 'dist'), join(appDir, 'web', 'dist'), { recursive: true });
  const modules = join(repo, 'node_modules');
  const packages = dependencyClosure(modules, runtimeModules(options), options.omit);
  for (const rel of packages.filter((p) => !p.includes('/node_modules/'))) {
    const to = join(appDir, 'node_modules', rel);
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(modules, rel), to, { recursive: true, dereference: true });
  }
  for (const rel of packages) {
    const dir = join(appDir, 'node_modules', rel);
    prunePackage(rel.split('/node_modules/').at(-1), dir);
    dropUnneededNested(dir, rel, packages);
  }
  // The native window's binding, for Linux x64 (the only prebuilt the registry has that loads here).
  const nativeWindow =
    options.nativeWindow !== false && process.platform === 'linux' && process.arch === 'x64'
      ? unpackWebview(repo, join(appDir, 'node_modules'))
      : [];
  return { version: pkg.version, packages: [...packages, ...nativeWindow].sort() };
}

/**
 * The packages `roots` need, as folders under node_modules ("a", "a/node_modules/b"): each one's
 * dependencies and those of its optional dependencies that npm installed (for this platform only:
 * other platforms' builds are absent), each found as Node finds it (nearest node_modules first).
 */
function dependencyClosure(modules, roots, omit = []) {
  const seen = new Set();
  const visit = (name, from, required) => {
    if (NOT_SHIPPED.has(name) || omit.includes(name)) return;
    const rel = resolvePackage(modules, name, from);
    if (!rel) {
      if (required) throw new Error(`${name} is needed at run time but not installed (npm install)`);
      return;
    }
    if (seen.has(rel)) return;
    seen.add(rel);
    const p = JSON.parse(readFileSync(join(modules, rel, 'package.json'), 'utf8'));
    for (const dep of Object.keys(p.dependencies ?? {})) visit(dep, rel, true);
    for (const dep of Object.keys(p.optionalDependencies ?? {})) visit(dep, rel, false);
  };
  for (const root of roots) visit(root, '', true);
  return [...seen].sort();
}

/** `name` as required from the package folder `from` ("" for the app): its folder under node_modules. */
function resolvePackage(modules, name, from) {
  let dir = from;
  for (;;) {
    const rel = dir ? `${dir}/node_modules/${name}` : name;
    if (existsSync(join(modules, rel, 'package.json'))) return rel;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

/** A package's own node_modules keeps only the packages the closure found there. */
function dropUnneededNested(dir, rel, packages) {
  const nested = join(dir, 'node_modules');
  if (!existsSync(nested)) return;
  for (const entry of readdirSync(nested)) {
    const names = entry.startsWith('@')
      ? readdirSync(join(nested, entry)).map((n) => `${entry}/${n}`)
      : [entry];
    for (const name of names)
      if (!packages.includes(`${rel}/node_modules/${name}`))
        rmSync(join(nested, name), { recursive: true, force: true });
  }
}
