/**
 * Cowork's one package cache for npm-family MCP servers (`npx -y pkg`), in its data folder
 * (`mcp-packages/npm/`). A server's packages are installed once, by npm inside the sandbox, with
 * its own folder writable and the network open to the registry host alone, for that install
 * only; every start after that runs the installed bin from the cache, read-only, with no network.
 * An install goes to a folder of its own and is renamed into place when complete: a crash or a
 * failed install leaves no half package behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import type { ProcessOptions, SandboxedProcess } from '../brokers/process.js';
import { SANDBOX_PROXY_PORT } from '../exec/linux-bwrap.js';
import { isRegistrySpec, NPM_REGISTRY, packageName } from './launchers.js';

const INSTALL_TIMEOUT_MS = 180_000;
const MARKER = '.cowork-install.json';

export interface NpmRequest {
  packages: readonly string[];
  /** The bin to run; absent: the first package's own. */
  bin: string | undefined;
}

export interface InstalledPackage {
  /** The install's folder in the cache (mounted read-only when the server runs). */
  dir: string;
  /** The bin to start, inside `dir`. */
  binPath: string;
}

export interface InstallParts {
  /** Cowork's data folder (real path). */
  dataDir: string;
  run(opts: ProcessOptions): Promise<SandboxedProcess>;
  /** An egress proxy socket admitting only `host`, for this install; closed by the returned function. */
  openNetwork(server: string, host: string): Promise<{ socket: string | undefined; close(): void }>;
  /** Puts the install in the audit log. */
  recordInstall(server: string, what: string): void;
}

export const registryHost = () => new URL(NPM_REGISTRY).host;

export class NpmPackageCache {
  readonly #installing = new Map<string, Promise<InstalledPackage>>();

  constructor(
    /** `<data>/mcp-packages` */
    readonly root: string,
    private readonly parts: InstallParts,
  ) {}

  get npmRoot(): string {
    return join(this.root, 'npm');
  }

  /** The install folder of these packages (whether or not installed yet). */
  folderOf(req: NpmRequest): string {
    const key = createHash('sha256')
      .update(JSON.stringify([NPM_REGISTRY, [...req.packages].sort()]))
      .digest('hex')
      .slice(0, 16);
    const readable = packageName(req.packages[0] ?? 'pkg')
      .replace(/^@/, '')
      .replace(/[^a-z0-9._-]+/gi, '-');
    return join(this.npmRoot, `${readable}-${key}`);
  }

  /** The installed package, if the cache has it: no process, no network. */
  installed(req: NpmRequest): InstalledPackage | undefined {
    const dir = this.folderOf(req);
    if (!existsSync(join(dir, MARKER))) return undefined;
    return { dir, binPath: binPath(dir, req) };
  }

  /** The installed package, installing it first (once, however many starts wait for it). */
  async ensure(server: string, req: NpmRequest): Promise<InstalledPackage> {
    const bad = req.packages.find((p) => !isRegistrySpec(p));
    if (bad)
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        `"${bad}" is not a package of the npm registry (a name, optionally @version): Cowork installs only those for ${server}.`,
      );
    const hit = this.installed(req);
    if (hit) return hit;
    const dir = this.folderOf(req);
    let pending = this.#installing.get(dir);
    if (!pending) {
      pending = this.#install(server, req, dir).finally(() => this.#installing.delete(dir));
      this.#installing.set(dir, pending);
    }
    return pending;
  }

  async #install(server: string, req: NpmRequest, dir: string): Promise<InstalledPackage> {
    // Left by a daemon that stopped mid-install (one daemon per data folder: none is running).
    for (const name of existsSync(this.npmRoot) ? readdirSync(this.npmRoot) : [])
      if (name.startsWith(`${basename(dir)}.partial-`))
        rmSync(join(this.npmRoot, name), { recursive: true, force: true });
    const partial = `${dir}.partial-${randomBytes(4).toString('hex')}`;
    // npm's download cache is the install's own, dropped with it: a shared one would let one
    // server's install scripts plant entries another server's install later trusts.
    const npmCache = join(partial, '.npm-cache');
    mkdirSync(partial, { recursive: true, mode: 0o700 });
    const host = registryHost();
    const network = await this.parts.openNetwork(server, host);
    try {
      if (!network.socket)
        throw new CoworkError(
          'UNAVAILABLE',
          `Cannot install ${req.packages.join(' ')} for ${server}: the sandbox has no network here (socat is missing).`,
        );
      const proxy = `http://127.0.0.1:${SANDBOX_PROXY_PORT}`;
      // Installed as the project in `partial` (not `--prefix`, which would also move npm's global
      // config — where the machine's CA file and registry settings are — into the empty folder).
      writeFileSync(join(partial, 'package.json'), '{"private":true}\n');
      const argv = [
        'npm',
        'install',
        '--cache',
        npmCache,
        '--registry',
        NPM_REGISTRY,
        '--proxy',
        proxy,
        '--https-proxy',
        proxy,
        '--no-audit',
        '--no-fund',
        '--no-update-notifier',
        '--no-package-lock',
        '--fetch-retries=1',
        '--loglevel=error',
        '--',
        ...req.packages,
      ];
      this.parts.recordInstall(server, `npm install ${req.packages.join(' ')} from ${host}`);
      const { code, stderr } = await this.#runToEnd(argv, partial, network.socket, [
        { path: partial, mode: 'rw' },
      ]);
      if (code !== 0)
        throw new CoworkError(
          'UNAVAILABLE',
          `Installing ${req.packages.join(' ')} for ${server} from ${host} failed (npm exit ${code}): ${tail(stderr)}` +
            ' Check the network and that the package exists on the registry.',
          { exitCode: code, registryHost: host },
        );
      const bin = binPath(partial, req);
      if (!existsSync(bin))
        throw new CoworkError(
          'INVALID_ARGUMENTS',
          `${req.packages.join(' ')} installed, but has no program "${binName(partial, req)}" to start.`,
        );
      rmSync(npmCache, { recursive: true, force: true });
      writeFileSync(
        join(partial, MARKER),
        JSON.stringify({ packages: req.packages, registry: NPM_REGISTRY, at: new Date().toISOString() }),
      );
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
      return { dir, binPath: binPath(dir, req) };
    } finally {
      network.close();
      rmSync(partial, { recursive: true, force: true });
    }
  }

  async #runToEnd(
    argv: string[],
    cwd: string,
    proxySocket: string,
    ownMounts: ProcessOptions['ownMounts'],
  ): Promise<{ code: number; stderr: string }> {
    const proc = await this.parts.run({
      argv,
      grants: [],
      ownMounts,
      cwd,
      env: { npm_config_update_notifier: 'false' },
      proxySocket,
      dataDir: this.parts.dataDir,
    });
    return new Promise((resolve) => {
      let stderr = '';
      const keep = (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      };
      proc.child.stderr.on('data', keep);
      proc.child.stdout.on('data', () => {});
      proc.child.stdin.end();
      const timer = setTimeout(() => {
        stderr += `\n(stopped after ${INSTALL_TIMEOUT_MS / 1000} s)`;
        proc.kill();
      }, INSTALL_TIMEOUT_MS);
      proc.child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? (signal ? 128 : 1), stderr });
      });
    });
  }
}

const tail = (text: string) => text.trim().split('\n').slice(-6).join(' | ').slice(-1200) || '(no output)';

/** The bin npx would run: the one named, else the package's only bin or the one named like it. */
function binName(dir: string, req: NpmRequest): string {
  if (req.bin) return req.bin;
  const name = packageName(req.packages[0]!);
  const fallback = name.replace(/^@[^/]+\//, '');
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as {
      bin?: string | Record<string, string>;
    };
    if (typeof pkg.bin === 'string' || !pkg.bin) return fallback;
    const names = Object.keys(pkg.bin);
    return names.length === 1 ? names[0]! : names.includes(fallback) ? fallback : (names[0] ?? fallback);
  } catch {
    return fallback;
  }
}

function binPath(dir: string, req: NpmRequest): string {
  return join(dir, 'node_modules', '.bin', binName(dir, req));
}
