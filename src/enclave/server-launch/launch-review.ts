/**
 * A launch as the person sees it before consenting (what is fetched, from where, kept where), and
 * the refusal of one Cowork cannot start: a missing runtime, or `docker run`.
 */
import { CoworkError, type McpLaunch } from '../../contracts/index.js';
import { type Launcher, runtimeInstalled } from './launchers.js';
import { type NpmPackageCache, registryHost } from './package-cache.js';

/** A runtime launcher starts only where its runtime is installed, and never `docker run`. */
export function refuseRuntime(name: string, l: Extract<Launcher, { kind: 'runtime' }>): void {
  if (!runtimeInstalled(l.runtime))
    throw new CoworkError(
      'RUNTIME_MISSING',
      `MCP server "${name}" is started with ${l.launcher}, which needs ${l.runtime}; ${l.runtime} is not installed on this machine. Install it, or start the server another way (an npx package, or node with its script).`,
      { runtime: l.runtime, launcher: l.launcher },
    );
  if (l.launcher === 'docker run')
    throw new CoworkError(
      'SANDBOX_UNAVAILABLE',
      `MCP server "${name}" is started with docker run: the container would run under the Docker daemon, outside Cowork's sandbox, so Cowork does not start it.`,
      { runtime: l.runtime, launcher: l.launcher },
    );
}

/** What the person is shown of a launch with the server (`review.launch`). */
export function describeLaunch(l: Launcher, packages: NpmPackageCache): McpLaunch {
  if (l.kind === 'npm') {
    const installed = packages.installed(l) !== undefined;
    return {
      launcher: l.launcher,
      packages: l.packages,
      runtime: 'node',
      runtimeAvailable: true,
      cache: packages.folderOf(l),
      registryHost: registryHost(),
      installed,
      note: installed
        ? 'Starts from Cowork’s package cache, read-only, without network.'
        : `Installed once by Cowork from ${registryHost()} into its package cache (the registry host is open for that install alone); later starts use the cache, without network.`,
    };
  }
  if (l.kind === 'runtime') {
    const available = runtimeInstalled(l.runtime);
    return {
      launcher: l.launcher,
      packages: l.packages,
      runtime: l.runtime,
      runtimeAvailable: available,
      cache: null,
      registryHost: l.hosts[0] ?? null,
      installed: false,
      note: !available
        ? `Needs ${l.runtime}, which is not installed here; it would fetch from ${l.hosts.join(', ')}.`
        : l.launcher === 'docker run'
          ? 'Not started: a container runs under the Docker daemon, outside Cowork’s sandbox.'
          : `Run by ${l.runtime} as an ordinary command: it fetches from ${l.hosts.join(', ')} on every start, which must be allowed for this server.`,
    };
  }
  return {
    launcher: 'command',
    packages: [],
    runtime: '',
    runtimeAvailable: true,
    cache: null,
    registryHost: null,
    installed: true,
    note: 'Runs the command as given, with its program folder read-only.',
  };
}
