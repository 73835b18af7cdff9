import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
let allowed: Server;
let other: Server;
const portOf = (srv: Server) => (srv.address() as { port: number }).port;
const listen = (body: string) =>
  new Promise<Server>((resolve) => {
    const srv = createServer((_req, res) => res.end(body));
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });

beforeAll(async () => {
  allowed = await listen('hello through the proxy');
  other = await listen('INTERNAL SECRET');
  s = makeSandbox({
    version: 1,
    network: { allowHosts: [`127.0.0.1:${portOf(allowed)}`, `localhost:${portOf(allowed)}`] },
    rules: [
      { id: 'curl', action: 'exec', match: { argv: [['curl']] }, decision: 'allow', reason: 'curl is fine' },
    ],
  });
});
afterAll(() => {
  allowed.close();
  other.close();
  s.close();
});

const output = (r: { content: { type: string; text?: string }[] }) =>
  r.content.map((c) => c.text ?? '').join('');
const curl = (...args: string[]) => s.call('exec', { argv: ['curl', '-fsS', '--max-time', '5', ...args] });

describe('network for sandboxed commands', () => {
  it('reaches a listed host through the egress proxy', async () => {
    const r = await curl(`http://127.0.0.1:${portOf(allowed)}/`);
    expect(output(r)).toContain('hello through the proxy');
    expect(r.meta.sandboxed).toBe(true);
  });

  it('tunnels (CONNECT) to a listed host', async () => {
    const r = await curl('--proxytunnel', `http://127.0.0.1:${portOf(allowed)}/`);
    expect(output(r)).toContain('hello through the proxy');
  });

  it('refuses an unlisted port on loopback, with or without the proxy', async () => {
    for (const extra of [[], ['--proxytunnel'], ['--noproxy', '*']]) {
      const r = await curl(...extra, `http://127.0.0.1:${portOf(other)}/`);
      expect(output(r), extra.join(' ')).not.toContain('INTERNAL SECRET');
      expect(r.success).toBe(false);
    }
  });

  it('refuses a listed name that resolves to an internal address (DNS rebinding)', async () => {
    const r = await curl(`http://localhost:${portOf(allowed)}/`);
    expect(output(r)).not.toContain('hello through the proxy');
  });

  it('records every connection decision in the audit log', () => {
    const connects = [...s.enclave.audit.entriesAfter(0)].filter((e) => e.action === 'net.connect');
    expect(connects.some((e) => e.decision === 'allow')).toBe(true);
    expect(connects.some((e) => e.decision === 'deny' && e.target === `127.0.0.1:${portOf(other)}`)).toBe(
      true,
    );
  });
});
