/**
 * The single-executable variant: bin/cowork is Node itself with sea-main.cjs inside (Node 20's
 * --experimental-sea-config, injected with postject), so no system Node is needed; the app's
 * files stay beside it (native modules, worker threads and .wasm grammars load from disk).
 * postject comes from npm but is not a dependency of the repository: install it in a temporary
 * folder (`npm install --prefix /tmp/cowork-sea-tools postject`) or point COWORK_POSTJECT at it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTarball } from './tarball.mjs';

const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export function postjectPath() {
  const candidates = [process.env.COWORK_POSTJECT, '/tmp/cowork-sea-tools/node_modules/.bin/postject'];
  return candidates.find((p) => p && existsSync(p));
}

export function buildSea(repo, out, { version, arch, options }) {
  const postject = postjectPath();
  if (!postject)
    return { skipped: 'postject not found (npm install --prefix /tmp/cowork-sea-tools postject)' };
  return buildTarball(repo, out, {
    version,
    arch,
    options,
    name: `cowork-${version}-linux-${arch}-sea`,
    bin: (path) => seaBinary(path, postject),
  });
}

function seaBinary(path, postject) {
  const work = mkdtempSync(join(tmpdir(), 'cowork-sea-'));
  try {
    const blob = join(work, 'sea.blob');
    const config = join(work, 'sea.json');
    const main = fileURLToPath(new URL('./sea-main.cjs', import.meta.url));
    writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true }));
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'ignore' });
    copyFileSync(process.execPath, path);
    chmodSync(path, 0o755);
    execFileSync(postject, [path, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], { stdio: 'ignore' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
