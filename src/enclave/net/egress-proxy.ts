/**
 * Network for sandboxed commands. A sandbox has no network interface but loopback; inside it,
 * socat forwards 127.0.0.1:3128 to this proxy's Unix socket, and the command's HTTP(S)_PROXY
 * variables point there. Every connection is a policy decision (`net.fetch` on host and port),
 * recorded in the audit log; unlisted hosts get 403. Names that resolve to loopback or private
 * addresses are refused unless that address itself is listed (DNS rebinding).
 */
import { lookup } from 'node:dns/promises';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, isIP } from 'node:net';
import { dirname } from 'node:path';
import type { PolicyDecision } from '../../contracts/index.js';

export interface EgressDecider {
  decide(host: string, port: number): PolicyDecision;
  record(decision: PolicyDecision, target: string): void;
}

/** Listen on a loopback TCP port instead of a socket (for a browser, which speaks only TCP to proxies). */
export const LOOPBACK_TCP = 'tcp:127.0.0.1';

export class EgressProxy {
  #server: Server | undefined;
  #port = 0;

  /**
   * `proxyAuthorization`: the exact Proxy-Authorization header every client must send (a TCP
   * port on loopback is reachable by every local program; the token keeps it Cowork's).
   */
  constructor(
    readonly socketPath: string,
    private readonly decider: EgressDecider,
    private readonly proxyAuthorization?: string,
  ) {}

  /** The TCP port (LOOPBACK_TCP proxies only). */
  get port(): number {
    return this.#port;
  }

  async start(): Promise<void> {
    if (this.#server) return;
    const tcp = this.socketPath === LOOPBACK_TCP;
    if (!tcp) {
      mkdirSync(dirname(this.socketPath), { recursive: true, mode: 0o700 });
      rmSync(this.socketPath, { force: true });
    }
    const server = createServer((req, res) => {
      if (this.#authorized(req.headers['proxy-authorization'])) void this.#forwardHttp(req, res);
      else res.writeHead(407, { 'proxy-authenticate': 'Basic realm="cowork"' }).end();
    });
    server.on('connect', (req, socket, head) => {
      if (this.#authorized(req.headers['proxy-authorization']))
        void this.#tunnel(req.url ?? '', socket, head);
      else
        socket.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="cowork"\r\nContent-Length: 0\r\n\r\n',
        );
    });
    server.on('clientError', (_e, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      if (tcp) server.listen(0, '127.0.0.1', () => resolve());
      else server.listen(this.socketPath, () => resolve());
    });
    if (tcp) this.#port = (server.address() as import('node:net').AddressInfo).port;
    else chmodSync(this.socketPath, 0o600);
    this.#server = server;
  }

  close(): void {
    this.#server?.close();
    this.#server?.closeAllConnections();
    this.#server = undefined;
    if (this.socketPath !== LOOPBACK_TCP) rmSync(this.socketPath, { force: true });
  }

  #authorized(header: string | undefined): boolean {
    return this.proxyAuthorization === undefined || header === this.proxyAuthorization;
  }

  /** Decides, records, and for names checks where they resolve; returns the address to dial. */
  async #admit(host: string, port: number): Promise<string | undefined> {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    const decision = this.decider.decide(bare, port);
    this.decider.record(decision, `${bare}:${port}`);
    if (decision.decision !== 'allow') return undefined;
    if (isIP(bare)) return bare;
    try {
      const { address } = await lookup(bare);
      if (isInternal(address)) {
        this.decider.record(
          {
            ...decision,
            decision: 'deny',
            reasonCode: 'HOST_NOT_ALLOWED',
            reason: `${bare} resolves to the internal address ${address}`,
          },
          `${bare}:${port}`,
        );
        return undefined;
      }
      return address;
    } catch {
      return undefined;
    }
  }

  async #tunnel(target: string, client: import('node:stream').Duplex, head: Buffer): Promise<void> {
    client.on('error', () => client.destroy());
    const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(target);
    const address = m ? await this.#admit(m[1]!, Number(m[2])) : undefined;
    if (!m || !address) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(Number(m[2]), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
  }

  async #forwardHttp(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
      if (url.protocol !== 'http:') throw new Error('not http');
    } catch {
      res.writeHead(400).end('absolute http:// URL expected');
      return;
    }
    const port = url.port ? Number(url.port) : 80;
    const address = await this.#admit(url.hostname, port);
    if (!address) {
      res.writeHead(403).end(`Cowork's network policy does not allow ${url.hostname}:${port}`);
      return;
    }
    const upstream = httpRequest(
      {
        host: address,
        port,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers: { ...withoutProxyAuth(req.headers), host: url.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(upstream);
  }
}

function withoutProxyAuth(headers: import('node:http').IncomingHttpHeaders) {
  const { 'proxy-authorization': _drop, ...rest } = headers;
  return rest;
}

/** Loopback, private, link-local and unique-local addresses. */
export function isInternal(address: string): boolean {
  if (isIP(address) === 6) {
    const a = address.toLowerCase();
    if (a === '::1' || a === '::') return true;
    if (a.startsWith('::ffff:')) return isInternal(a.slice(7));
    return /^(fc|fd|fe8|fe9|fea|feb)/.test(a);
  }
  const [p, q] = address.split('.').map(Number) as [number, number];
  return (
    p === 127 ||
    p === 10 ||
    p === 0 ||
    (p === 169 && q === 254) ||
    (p === 172 && q >= 16 && q <= 31) ||
    (p === 192 && q === 168) ||
    (p === 100 && q >= 64 && q <= 127)
  );
}
