/**
 * MCP stdio servers the person configured, each a long-running sandboxed process. A server sees
 * its program (read-only: its script's folder or node_modules, or its package in Cowork's package
 * cache), its own writable data folder in Cowork's data folder (its HOME and working folder, kept
 * across restarts), and the folders granted to that server — secret files masked in all of them.
 * It reaches only the hosts listed for it, through its own audited egress proxy. Launchers
 * (`npx -y pkg`) are installed once into the cache, with the registry host open for that install
 * alone (server-launch/).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { McpServerReview, PolicyDecision } from '../contracts/index.js';
import { homePaths } from '../store/index.js';
import { clip } from './audit/redact.js';
import type { SandboxedProcess } from './brokers/process.js';
import type { EgressProxy } from './net/egress-proxy.js';
import type { CallContext } from './plan.js';
import { doorDecision } from './policy/decisions.js';
import type { Grant } from './policy/evaluate.js';
import { commandPaths } from './server-launch/command-paths.js';
import { describeLaunch, refuseRuntime } from './server-launch/launch-review.js';
import { recogniseLauncher } from './server-launch/launchers.js';
import { NpmPackageCache } from './server-launch/package-cache.js';
import { serverDataEnv } from './server-launch/server-data.js';

export interface ServerProcessInput {
  name: string;
  argv: string[];
  grants: readonly Grant[];
  hosts: readonly string[];
  env: Record<string, string>;
}

export interface ServerProcessParts {
  /** Cowork's data folder as configured (its `run/` holds the proxies' sockets). */
  dataDir: string;
  /** The same folder's real path: hidden inside every sandbox. */
  realDataDir: string;
  policyHash(): string;
  record(action: string, target: string, d: PolicyDecision, actor: CallContext['actor']): void;
}

/** What one start runs: the program line, the program's folders, and Cowork's own folders it is given. */
interface Plan {
  argv: string[];
  programGrants: Grant[];
  ownMounts: Grant[];
}

export class ServerProcesses {
  readonly #proxies = new Map<string, EgressProxy>();
  readonly #packages: NpmPackageCache;

  constructor(private readonly parts: ServerProcessParts) {
    this.#packages = new NpmPackageCache(homePaths(parts.realDataDir).mcpPackages, {
      dataDir: parts.realDataDir,
      run: async (opts) => (await import('./brokers/process.js')).startSandboxedProcess(opts),
      openNetwork: async (server, host) => {
        const key = `install-${randomBytes(6).toString('hex')}`;
        const socket = await this.#startProxy(key, `the install of ${server}`, [host]);
        return { socket, close: () => this.#closeProxy(key) };
      },
      recordInstall: (server, what) =>
        this.parts.record('mcp.install', `${server}: ${clip(what, 500)}`, this.#configured(server), 'user'),
    });
  }

  /** The server's own writable folder (its HOME and working folder). */
  dataDirOf(name: string): string {
    return join(homePaths(this.parts.realDataDir).mcpServers, name);
  }

  /**
   * A removed server's folder goes to Cowork's trash (nothing is lost), so a later server given
   * the same name — perhaps from an imported, untrusted config — starts empty instead of reading
   * what the old one kept (its tokens, its memory). Returns where it went, if there was one.
   */
  retireDataDir(name: string): string | undefined {
    const dir = this.dataDirOf(name);
    if (!existsSync(dir)) return undefined;
    const bucket = join(homePaths(this.parts.realDataDir).trash, `mcp-${name}-${Date.now()}`);
    mkdirSync(dirname(bucket), { recursive: true, mode: 0o700 });
    renameSync(dir, bucket);
    return bucket;
  }

  /** What enabling this server consents to: its launch, its data folder, the grants offered. */
  review(input: Pick<ServerProcessInput, 'name' | 'argv' | 'grants'>): McpServerReview {
    const granted = new Set(input.grants.map((g) => g.path));
    return {
      launch: describeLaunch(recogniseLauncher(input.argv), this.#packages),
      dataDir: this.dataDirOf(input.name),
      offeredGrants: commandPaths(input.argv).offered.filter((g) => !granted.has(g.path)),
    };
  }

  async start(input: ServerProcessInput): Promise<SandboxedProcess> {
    const plan = await this.#plan(input);
    const home = this.dataDirOf(input.name);
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const proxySocket = await this.#startProxy(input.name, input.name, input.hosts);
    const { startSandboxedProcess } = await import('./brokers/process.js');
    const started = startSandboxedProcess({
      argv: plan.argv,
      grants: [...input.grants, ...plan.programGrants],
      ownMounts: [...plan.ownMounts, { path: home, mode: 'rw' }],
      cwd: home,
      home,
      env: { ...serverDataEnv(plan.argv, home), ...input.env },
      proxySocket,
      dataDir: this.parts.realDataDir,
    });
    this.parts.record(
      'mcp.start',
      `${input.name}: ${clip(plan.argv.join(' '), 500)}`,
      this.#configured(input.name),
      'user',
    );
    started.child.once('exit', () => this.#closeProxy(input.name));
    return started;
  }

  close(): void {
    for (const p of this.#proxies.values()) p.close();
  }

  #configured(name: string): PolicyDecision {
    return doorDecision(this.parts.policyHash(), {
      decision: 'allow',
      reasonCode: 'USER_RULE',
      ruleId: `mcp:${name}`,
      reason: 'An MCP server the person configured',
      riskTags: ['exec'],
      riskScore: 40,
    });
  }

  /** The program line and mounts: an npm launch from the cache (installed first if need be). */
  async #plan(input: ServerProcessInput): Promise<Plan> {
    const launcher = recogniseLauncher(input.argv);
    if (launcher.kind === 'npm') {
      const installed = await this.#packages.ensure(input.name, launcher);
      return {
        argv: [installed.binPath, ...launcher.args],
        programGrants: [],
        ownMounts: [{ path: installed.dir, mode: 'ro' }],
      };
    }
    if (launcher.kind === 'runtime') refuseRuntime(input.name, launcher);
    // Not the other paths on the line: those are offered, and mounted once granted (input.grants).
    return { argv: input.argv, programGrants: commandPaths(input.argv).program, ownMounts: [] };
  }

  /** An egress proxy admitting only `hosts`; none without hosts or socat. */
  async #startProxy(key: string, who: string, hosts: readonly string[]): Promise<string | undefined> {
    const { compileHostPattern } = await import('./policy/matchers.js');
    const { socatAvailable } = await import('./exec/linux-bwrap.js');
    if (hosts.length === 0 || !socatAvailable()) return undefined;
    const { EgressProxy } = await import('./net/egress-proxy.js');
    const allowed = hosts.map((h) => compileHostPattern(h));
    const proxy = new EgressProxy(join(homePaths(this.parts.dataDir).run, `mcp-${key}.sock`), {
      decide: (host, port) => {
        const hit = allowed.find((h) => h.test({ host, port }));
        return doorDecision(this.parts.policyHash(), {
          decision: hit ? 'allow' : 'deny',
          reasonCode: hit ? 'HOST_ALLOWED' : 'HOST_NOT_ALLOWED',
          ruleId: hit ? `mcp:${who}:hosts` : null,
          reason: hit ? `${host} is listed for ${who}` : `${host} is not listed for ${who}`,
          riskTags: ['network'],
          riskScore: 30,
        });
      },
      record: (d, target) => this.parts.record('net.connect', target, d, 'mcp'),
    });
    await proxy.start();
    this.#proxies.set(key, proxy);
    return proxy.socketPath;
  }

  #closeProxy(key: string): void {
    this.#proxies.get(key)?.close();
    this.#proxies.delete(key);
  }
}
