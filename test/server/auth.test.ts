import { statSync } from 'node:fs';
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { homePaths } from '../../src/store/index.js';
import { cowork, loginCookie, type TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';

let d: TestDaemon;
beforeAll(async () => {
  ({ daemon: d } = await fixture().withDaemon().start());
});

/** Raw HTTP with full control of Host/Origin (fetch would not let us forge Host). */
function rawGet(path: string, headers: Record<string, string>, method = 'GET') {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(d.wsUrl, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('daemon security', () => {
  it('answers health without auth', async () => {
    const res = await fetch(`${d.url}/api/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', version: expect.any(String) });
    expect(body.uptimeMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps its token in a 0600 file', () => {
    expect(statSync(homePaths(d.home).authToken).mode & 0o777).toBe(0o600);
    expect(d.token.length).toBeGreaterThanOrEqual(32);
  });

  it('requires the token for everything else', async () => {
    expect((await fetch(`${d.url}/api/daemon`)).status).toBe(401);
    expect((await fetch(`${d.url}/api/daemon`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    expect(
      (await fetch(`${d.url}/api/daemon`, { headers: { authorization: `Bearer ${d.token.slice(0, -1)}x` } }))
        .status,
    ).toBe(401);
    const ok = await fetch(`${d.url}/api/daemon`, { headers: { authorization: `Bearer ${d.token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ pid: d.pid, url: d.url });
    expect((await fetch(`${d.url}/api/daemon/stop`, { method: 'POST' })).status).toBe(401);
  });

  it('rejects non-loopback Host headers (DNS rebinding)', async () => {
    for (const host of [
      `evil.example:${d.port}`,
      'evil.example',
      `127.0.0.1.evil.example:${d.port}`,
      `localhost:1`,
    ]) {
      const res = await rawGet('/api/health', { host });
      expect(res.status, host).toBe(403);
    }
    expect((await rawGet('/api/health', { host: `localhost:${d.port}` })).status).toBe(200);
    expect((await rawGet('/api/health', { host: `[::1]:${d.port}` })).status).toBe(200);
  });

  it('rejects foreign origins on HTTP and on WebSocket upgrades', async () => {
    const res = await rawGet('/api/daemon', {
      host: `127.0.0.1:${d.port}`,
      origin: 'http://evil.example',
      authorization: `Bearer ${d.token}`,
    });
    expect(res.status).toBe(403);
    const auth = { authorization: `Bearer ${d.token}` };
    expect(await wsStatus({ ...auth, origin: 'http://evil.example' })).toBe(403);
    expect(await wsStatus({ ...auth, origin: `http://127.0.0.1:${d.port + 1}` })).toBe(403);
    expect(await wsStatus({ ...auth, origin: `http://127.0.0.1:${d.port}` })).toBe(101);
    expect(await wsStatus({ ...auth, host: `evil.example:${d.port}` })).toBe(403);
  });

  it('rejects WebSocket upgrades without valid credentials', async () => {
    expect(await wsStatus({})).toBe(401);
    expect(await wsStatus({ authorization: 'Bearer nope' })).toBe(401);
    expect(await wsStatus({ cookie: `cowork_session_${d.port}=forged-value-forged-value` })).toBe(401);
  });

  it('logs a browser in through a one-time bootstrap link (HttpOnly, SameSite=Strict)', async () => {
    const link = (await cowork(['open', '--print-url', '--home', d.home])).stdout.trim();
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${d.port}/auth/bootstrap\\?code=`));
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0] ?? '';
    // The link works once only.
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(401);
    // The cookie opens the API and the WebSocket, from our own origin.
    expect((await fetch(`${d.url}/api/daemon`, { headers: { cookie: pair } })).status).toBe(200);
    expect(await wsStatus({ cookie: pair, origin: d.url })).toBe(101);
    const client = await RpcClient.connect(d.wsUrl, { cookie: pair, origin: d.url });
    expect(await client.result('system.ping', {})).toEqual({ pong: true });
    await client.close();
    // A cookie holder cannot mint more login links; only the token holder can.
    expect(
      (
        await fetch(`${d.url}/api/bootstrap-codes`, {
          method: 'POST',
          headers: { cookie: pair, origin: d.url },
        })
      ).status,
    ).toBe(403);
  });

  it('a login link lands on a cowork:// link’s page when it names one, and nowhere else', async () => {
    const withNext = async (next: string) => {
      const link = (await cowork(['open', '--print-url', '--home', d.home])).stdout.trim();
      return (await fetch(`${link}&next=${encodeURIComponent(next)}`, { redirect: 'manual' })).headers.get(
        'location',
      );
    };
    const page = `/open?link=${encodeURIComponent('cowork://session/abc')}`;
    expect(await withNext(page)).toBe(page);
    for (const elsewhere of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      '/api/daemon',
      '/open?link=a b',
    ])
      expect(await withNext(elsewhere)).toBe('/');
    // `cowork open LINK` makes exactly such a link.
    const opened = (
      await cowork(['open', 'cowork://approval/xyz', '--print-url', '--home', d.home])
    ).stdout.trim();
    const res = await fetch(opened, { redirect: 'manual' });
    expect(res.headers.get('location')).toBe(`/open?link=${encodeURIComponent('cowork://approval/xyz')}`);
  });

  it('serves the app shell to a logged-in browser only, with protective headers, and nothing outside web/', async () => {
    const page = await fetch(`${d.url}/`, { headers: { cookie: await loginCookie(d) } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Cowork</title>');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/app.js%00.html',
    ]) {
      const res = await rawGet(path, { host: `127.0.0.1:${d.port}` });
      expect(res.body, path).not.toContain('"name": "cowork"');
      expect([400, 404], path).toContain(res.status);
    }
  });

  it('answers a browser without a session with the login page (no script, no token), and says so to the UI', async () => {
    const page = await fetch(`${d.url}/`);
    expect(page.status).toBe(401);
    const html = await page.text();
    expect(html).toContain('<code>cowork open</code>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain(d.token);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // A client-side route is the app shell too.
    expect((await fetch(`${d.url}/settings`)).status).toBe(401);

    const status = async (headers: Record<string, string>) =>
      (await (await fetch(`${d.url}/api/auth/status`, { headers })).json()) as unknown;
    expect(await status({})).toEqual({ authenticated: false });
    expect(await status({ cookie: `cowork_session_${d.port}=forged-value-forged-value` })).toEqual({
      authenticated: false,
    });
    expect(await status({ cookie: await loginCookie(d) })).toEqual({ authenticated: true });
    // A foreign page cannot ask (the guard's Origin check comes before any route).
    expect(
      (await fetch(`${d.url}/api/auth/status`, { headers: { origin: 'http://evil.example' } })).status,
    ).toBe(403);
  });
});
