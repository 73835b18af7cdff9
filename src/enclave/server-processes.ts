/**
 * MCP stdio servers the person configured, each a long-running sandboxed process: it sees only the
 * folders granted to that server (plus read-only paths its program needs) and reaches only the
 * hosts listed for it, through its own audited egress proxy.
 */
import { join } from 'node:path';
import type { PolicyDecision } from '../contracts/index.js';
import { homePaths } from '../store/index.js';
import { clip } from './audit/redact.js';
import type { SandboxedProcess } from './brokers/process.js';
import type { EgressProxy } from './net/egress-proxy.js';
import type { CallContext } from './plan.js';
import { doorDecision } from './policy/decisions.js';
import type { Grant } from './policy/evaluate.js';

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

export class ServerProcesses {
  readonly #proxies = new Map<string, EgressProxy>();

  constructor(private readonly parts: ServerProcessParts) {}

  async start(input: ServerProcessInput): Promise<SandboxedProcess> {
    const { programPaths, startSandboxedProcess } = await import('./brokers/process.js');
    const proxySocket = await this.#startProxy(input);
    const started = startSandboxedProcess({
      argv: input.argv,
      grants: [...input.grants, ...programPaths(input.argv)],
      env: input.env,
      proxySocket,
      dataDir: this.parts.realDataDir,
    });
    const configured = doorDecision(this.parts.policyHash(), {
      decision: 'allow',
      reasonCode: 'USER_RULE',
      ruleId: `mcp:${input.name}`,
      reason: 'An MCP server the person configured',
      riskTags: ['exec'],
      riskScore: 40,
    });
    this.parts.record('mcp.start', `${input.name}: ${clip(input.argv.join(' '), 500)}`, configured, 'user');
    started.child.once('exit', () => {
      this.#proxies.get(input.name)?.close();
      this.#proxies.delete(input.name);
    });
    return started;
  }

  close(): void {
    for (const p of this.#proxies.values()) p.close();
  }

  /** The server's own egress proxy, admitting only its listed hosts; none without hosts or socat. */
  async #startProxy(input: ServerProcessInput): Promise<string | undefined> {
    const { compileHostPattern } = await import('./policy/matchers.js');
    const { socatAvailable } = await import('./exec/linux-bwrap.js');
    if (input.hosts.length === 0 || !socatAvailable()) return undefined;
    const { EgressProxy } = await import('./net/egress-proxy.js');
    const allowed = input.hosts.map((h) => compileHostPattern(h));
    const proxy = new EgressProxy(join(homePaths(this.parts.dataDir).run, `mcp-${input.name}.sock`), {
      decide: (host, port) => {
        const hit = allowed.find((h) => h.test({ host, port }));
        return doorDecision(this.parts.policyHash(), {
          decision: hit ? 'allow' : 'deny',
          reasonCode: hit ? 'HOST_ALLOWED' : 'HOST_NOT_ALLOWED',
          ruleId: hit ? `mcp:${input.name}:hosts` : null,
          reason: hit ? `${host} is listed for ${input.name}` : `${host} is not listed for ${input.name}`,
          riskTags: ['network'],
          riskScore: 30,
        });
      },
      record: (d, target) => this.parts.record('net.connect', target, d, 'mcp'),
    });
    await proxy.start();
    this.#proxies.set(input.name, proxy);
    return proxy.socketPath;
  }
}
