/**
 * The package launchers people write MCP configs with (`npx -y pkg`, `pnpm dlx`, `bunx`, `uvx`,
 * `pipx run`, `docker run`), recognised on a stdio server's command line. npm-family launches are
 * resolved by Cowork itself into its package cache (package-cache.ts); the others need their own
 * runtime, named here so a missing one fails at once with its name.
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import type { McpLauncherName } from '../../contracts/index.js';

/** The npm registry Cowork installs npm-family packages from. */
export const NPM_REGISTRY = 'https://registry.npmjs.org/';

export type Launcher =
  | { kind: 'command' }
  /** Installed by Cowork from the npm registry into its cache, then run from there. */
  | {
      kind: 'npm';
      launcher: Extract<McpLauncherName, 'npx' | 'pnpm dlx'>;
      /** Package specs to install (`name`, `@scope/name@1.2.3`). */
      packages: string[];
      /** The bin to run: named by `--package … cmd`, else the first package's own bin. */
      bin: string | undefined;
      args: string[];
    }
  /** Fetched and run by a runtime of its own (uv, pipx, bun, docker). */
  | {
      kind: 'runtime';
      launcher: Extract<McpLauncherName, 'bunx' | 'uvx' | 'pipx run' | 'docker run'>;
      packages: string[];
      runtime: string;
      /** Where that runtime fetches from, for the person to allow. */
      hosts: string[];
    };

/** `name`, `@scope/name`, each with an optional `@version`/tag: what the registry serves. */
const REGISTRY_SPEC = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*(@[A-Za-z0-9._~^<>=|*+ -]+)?$/;

/** Whether a package spec names a registry package (not a git URL, tarball or local path). */
export const isRegistrySpec = (spec: string) => REGISTRY_SPEC.test(spec);

/** The package name of a registry spec, without its version. */
export function packageName(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at > 0 ? spec.slice(0, at) : spec;
}

export function recogniseLauncher(argv: readonly string[]): Launcher {
  const [command = '', ...rest] = argv;
  const program = basename(command);
  if (program === 'npx') return npmLaunch('npx', rest);
  if (program === 'pnpm' && rest[0] === 'dlx') return npmLaunch('pnpm dlx', rest.slice(1));
  if (program === 'bunx' || (program === 'bun' && rest[0] === 'x'))
    return runtimeLaunch('bunx', 'bun', firstPackage(program === 'bun' ? rest.slice(1) : rest), [
      'registry.npmjs.org',
    ]);
  if (program === 'uvx' || (program === 'uv' && rest[0] === 'tool' && rest[1] === 'run'))
    return runtimeLaunch('uvx', 'uv', firstPackage(program === 'uv' ? rest.slice(2) : rest, '--from'), [
      'pypi.org',
      'files.pythonhosted.org',
    ]);
  if (program === 'pipx' && rest[0] === 'run')
    return runtimeLaunch('pipx run', 'pipx', firstPackage(rest.slice(1), '--spec'), [
      'pypi.org',
      'files.pythonhosted.org',
    ]);
  if (program === 'docker' && rest[0] === 'run')
    return runtimeLaunch('docker run', 'docker', dockerImage(rest.slice(1)), ['registry-1.docker.io']);
  return { kind: 'command' };
}

const NPX_FLAGS = new Set([
  '-y',
  '--yes',
  '--no',
  '-q',
  '--quiet',
  '--silent',
  '--prefer-online',
  '--prefer-offline',
]);

/** `npx [-y] [--package P]… CMD ARGS…` (pnpm dlx takes the same shape). */
function npmLaunch(launcher: 'npx' | 'pnpm dlx', rest: readonly string[]): Launcher {
  const packages: string[] = [];
  let i = 0;
  for (; i < rest.length; i++) {
    const t = rest[i]!;
    if (t === '--') {
      i++;
      break;
    }
    if (t === '-p' || t === '--package') packages.push(rest[++i] ?? '');
    else if (t.startsWith('--package=')) packages.push(t.slice('--package='.length));
    else if (!NPX_FLAGS.has(t)) break;
  }
  const command = rest[i];
  if (command === undefined) return { kind: 'command' };
  return packages.length > 0
    ? { kind: 'npm', launcher, packages, bin: command, args: rest.slice(i + 1) }
    : { kind: 'npm', launcher, packages: [command], bin: undefined, args: rest.slice(i + 1) };
}

/** The first argument that is not an option (or the value of `valueFlag`, which names the package). */
function firstPackage(rest: readonly string[], valueFlag?: string): string[] {
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    if (valueFlag && t === valueFlag) return rest[i + 1] ? [rest[i + 1]!] : [];
    if (valueFlag && t.startsWith(`${valueFlag}=`)) return [t.slice(valueFlag.length + 1)];
    if (!t.startsWith('-')) return [t];
  }
  return [];
}

/** `docker run [OPTIONS] IMAGE …`: options with a value are the ones that do not contain `=`. */
function dockerImage(rest: readonly string[]): string[] {
  const noValue = new Set([
    '-i',
    '-t',
    '-it',
    '-d',
    '--rm',
    '--init',
    '--interactive',
    '--tty',
    '--privileged',
  ]);
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    if (!t.startsWith('-')) return [t];
    if (!noValue.has(t) && !t.includes('=')) i++;
  }
  return [];
}

function runtimeLaunch(
  launcher: Extract<McpLauncherName, 'bunx' | 'uvx' | 'pipx run' | 'docker run'>,
  runtime: string,
  packages: string[],
  hosts: string[],
): Launcher {
  return { kind: 'runtime', launcher, runtime, packages, hosts };
}

const found = new Map<string, boolean>();
/** Whether a program is on the PATH servers get (checked once per program). */
export function runtimeInstalled(program: string): boolean {
  let hit = found.get(program);
  if (hit === undefined) {
    hit =
      spawnSync('/bin/sh', ['-c', 'command -v "$1"', 'sh', program], {
        stdio: 'ignore',
        env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
      }).status === 0;
    found.set(program, hit);
  }
  return hit;
}
