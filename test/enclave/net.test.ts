import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
let allowed: Server;
let other: Server;
const portOf = (srv: Server) => (srv.address() as { port: number }).port;

beforeAll(async () => {
  const listen = (handler: Parameters<typeof createServer>[1]) =>
    new Promise<Server>((resolve) => {
      const srv = createServer(handler);
      srv.listen(0, '127.0.0.1', () => resolve(srv));
    });
  allowed = await listen((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.1:${portOf(other)}/secret` }).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/plain' })
      .end(req.url === '/big' ? 'x'.repeat(2 * 1024 * 1024) : 'hello');
  });
  other = await listen((_req, res) => res.end('internal secret'));
  s = makeSandbox({ version: 1, network: { allowHosts: [`127.0.0.1:${portOf(allowed)}`] } });
});
afterAll(() => {
  allowed.close();
  other.close();
  s.close();
});

const body = (r: { content: { type: string; text?: string }[] }) => r.content[1]?.text ?? '';

describe('net.fetch through the door', () => {
  it('fetches from a listed host', async () => {
    const r = await s.call('net.fetch', { url: `http://127.0.0.1:${portOf(allowed)}/` });
    expect(r.success).toBe(true);
    expect(body(r)).toBe('hello');
  });

  it('refuses a host that is not listed, even on loopback', async () => {
    const r = await s.call('net.fetch', { url: `http://127.0.0.1:${portOf(other)}/secret` });
    expect(r.error?.code).toBe('PERMISSION_DENIED');
    expect(JSON.stringify(r)).not.toContain('internal secret');
    for (const url of [
      `http://localhost:${portOf(allowed)}/`,
      `http://[::1]:${portOf(allowed)}/`,
      'http://example.com/',
    ]) {
      expect((await s.call('net.fetch', { url })).error?.code, url).toBe('PERMISSION_DENIED');
    }
  });

  it('does not follow redirects: each hop must be allowed on its own', async () => {
    const r = await s.call('net.fetch', { url: `http://127.0.0.1:${portOf(allowed)}/redirect` });
    expect(
      JSON.parse(r.content[0]!.type === 'text' ? (r.content[0] as { text: string }).text : '{}'),
    ).toMatchObject({
      status: 302,
      redirectTo: `http://127.0.0.1:${portOf(other)}/secret`,
    });
    expect(JSON.stringify(r)).not.toContain('internal secret');
  });

  it('caps the body', async () => {
    const r = await s.call('net.fetch', { url: `http://127.0.0.1:${portOf(allowed)}/big` });
    expect(body(r).length).toBe(1024 * 1024);
  });

  it('rejects other schemes and credentials in URLs', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://127.0.0.1/',
      `http://user:pass@127.0.0.1:${portOf(allowed)}/`,
      'not a url',
    ]) {
      expect((await s.call('net.fetch', { url })).error?.code, url).toBe('INVALID_ARGUMENTS');
    }
  });
});
