#!/usr/bin/env node
/**
 * A clean Debian root for the tests and benches that need another Debian than this machine's
 * (Debian 13 for the native window's glibc, a fresh system to install the .deb into). Built once
 * with Debian's own debootstrap and apt, kept as a tarball in a cache, and unpacked afresh for each
 * use, so every test starts from the same clean system. Commands run inside with bubblewrap (no
 * mounts to leak if the test is killed), as root inside, with the host's network.
 *
 *   node scripts/debian-root.mjs [--suite trixie] [--packages a,b] DIR   unpack a root into DIR
 *
 * Needs root (debootstrap, apt in the root) and bubblewrap; `available()` says why not otherwise.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIRROR = process.env.COWORK_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
const CACHE = process.env.COWORK_ROOT_CACHE ?? join(tmpdir(), 'cowork-debian-roots');

/** Why a Debian root cannot be made here, or null when it can. */
export function unavailableReason() {
  if (process.getuid?.() !== 0) return 'building a Debian root needs root (debootstrap)';
  for (const tool of ['debootstrap', 'bwrap', 'tar'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  return null;
}

/**
 * A fresh root of `suite` with `packages` installed (no recommends), unpacked into a new temp
 * folder (or `into`). `run` executes a shell command inside it; `remove` deletes it.
 */
export async function debianRoot({ suite = 'trixie', packages = [], into } = {}) {
  const reason = unavailableReason();
  if (reason) throw new Error(`No Debian root: ${reason}`);
  const tarball = await cachedTarball(suite, [...new Set(packages)].sort());
  const dir = into ?? mkdtempSync(join(tmpdir(), `cowork-root-${suite}-`));
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xf', tarball, '-C', dir]);
  chmodSync(dir, 0o755); // the root's `/` (mkdtemp makes it 0700): users inside must reach /usr
  return {
    dir,
    /** Runs `command` with sh inside the root; `binds` maps host paths to paths inside. */
    run: (command, options = {}) => runInRoot(dir, command, options),
    /** Starts `command` inside the root and returns the child (for servers, windows). */
    spawn: (command, options = {}) => spawnInRoot(dir, command, options),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function cachedTarball(suite, packages) {
  const key = createHash('sha256')
    .update(JSON.stringify([suite, packages, MIRROR]))
    .digest('hex')
    .slice(0, 16);
  const tarball = join(CACHE, `${suite}-${key}.tar`);
  if (existsSync(tarball)) return tarball;
  mkdirSync(CACHE, { recursive: true });
  const build = mkdtempSync(join(CACHE, 'build-'));
  try {
    execFileSync('debootstrap', ['--variant=minbase', '--include=ca-certificates', suite, build, MIRROR], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    writeFileSync(join(build, 'etc/resolv.conf'), readResolvConf());
    if (packages.length > 0) {
      const install = `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(' ')}`;
      const r = runInRoot(build, install);
      if (r.status !== 0) throw new Error(`apt-get in the ${suite} root failed:\n${r.stderr}`);
      runInRoot(build, 'apt-get clean');
    }
    const partial = `${tarball}.partial`;
    execFileSync('tar', ['-cf', partial, '-C', build, '.']);
    renameSync(partial, tarball); // only a whole tarball is ever found in the cache
    return tarball;
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
}

function readResolvConf() {
  try {
    return execFileSync('cat', ['/etc/resolv.conf'], { encoding: 'utf8' });
  } catch {
    return 'nameserver 127.0.0.1\n';
  }
}

/**
 * `ownPids`: the command gets its own PID namespace, so everything it started (a daemon that
 * detaches, Xvfb, a window) ends with it — nothing is left running on the host after a test.
 */
function bwrapArgs(dir, { binds = {}, env = {}, ownPids = false } = {}) {
  const args = [
    '--bind',
    dir,
    '/',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--perms',
    '1777', // a /tmp every user may write (apt's _apt, the unprivileged users of the tests)
    '--tmpfs',
    '/tmp',
    '--cap-add',
    'ALL',
  ];
  if (ownPids) args.push('--unshare-pid');
  args.push('--die-with-parent', '--chdir', '/');
  for (const [host, inside] of Object.entries(binds)) args.push('--bind', host, inside);
  args.push('--clearenv', '--setenv', 'PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  args.push('--setenv', 'HOME', '/root', '--setenv', 'LANG', 'C.UTF-8');
  for (const [name, value] of Object.entries(env)) args.push('--setenv', name, String(value));
  return args;
}

function runInRoot(dir, command, options = {}) {
  return spawnSync('bwrap', [...bwrapArgs(dir, options), 'sh', '-c', command], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

function spawnInRoot(dir, command, options = {}) {
  return spawn('bwrap', [...bwrapArgs(dir, options), 'sh', '-c', command], {
    stdio: options.stdio ?? 'pipe',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i < 0 ? fallback : args.splice(i, 2)[1];
  };
  const suite = option('--suite', 'trixie');
  const packages = (option('--packages', '') ?? '').split(',').filter(Boolean);
  const into = args[0];
  if (!into) {
    console.error('usage: node scripts/debian-root.mjs [--suite S] [--packages a,b] DIR');
    process.exit(2);
  }
  const root = await debianRoot({ suite, packages, into });
  console.log(root.dir);
}
