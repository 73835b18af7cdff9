/**
 * `GET /api/files`: a file's bytes for the browser, against a real daemon. Every download is the
 * person's `fs.read` through the door: outside the grants or a secret file, nothing comes back;
 * without the session cookie, nothing at all; and no file is ever served as a page the browser runs.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, type TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';

let d: TestDaemon;
let cookie: string;
let grant: string;
let outside: string;

beforeAll(async () => {
  const f = await fixture('cowork-dl-').withDaemon().withGrant('rw', {}, 'dl').withFolder('dl-out').start();
  d = f.daemon;
  cookie = await loginCookie(d);
  [grant, outside] = [f.folder, f.folders['dl-out']!];
});

const get = (path: string, extra = '', headers: Record<string, string> = { cookie }) =>
  fetch(`${d.url}/api/files?path=${encodeURIComponent(path)}${extra}`, { headers });

describe('GET /api/files', () => {
  it("gives a granted file's bytes exactly, typed by its bytes, inert, inline or as a download", async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(5000)]);
    writeFileSync(join(grant, 'chart.png'), png);
    const res = await get(join(grant, 'chart.png'));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="chart.png"/);
    const download = await get(join(grant, 'chart.png'), '&download=1');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="chart.png"/);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
  });

  it('serves a PDF as a PDF (for pdf.js), and names a file with any name safely', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%fake but typed by its magic\n');
    writeFileSync(join(grant, 'rapport é "1".pdf'), pdf);
    const res = await get(join(grant, 'rapport é "1".pdf'), '&download=1');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="rapport _ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('rapport é "1".pdf')}`,
    );
  });

  it('never serves HTML (or SVG) as a page: octet-stream, as an attachment', async () => {
    const page = '<!doctype html><script>parent.postMessage(document.cookie, "*")</script>';
    writeFileSync(join(grant, 'evil.html'), page);
    writeFileSync(
      join(grant, 'evil.svg'),
      `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
    );
    for (const name of ['evil.html', 'evil.svg']) {
      const res = await get(join(grant, name));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
    }
  });

  it('refuses a file outside the grants, and a secret file, with no bytes', async () => {
    writeFileSync(join(outside, 'private.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    writeFileSync(join(grant, '.env'), 'API_KEY=sk-live-0123456789abcdef0123456789\n');
    for (const path of [join(outside, 'private.png'), join(grant, '.env')]) {
      const res = await get(path);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toMatch(/^PERMISSION_/);
      expect(JSON.stringify(body)).not.toContain('sk-live');
    }
  });

  it('a missing file is 404; a relative path is 400', async () => {
    expect((await get(join(grant, 'nope.pdf'))).status).toBe(404);
    expect((await get('chart.png')).status).toBe(400);
  });

  it('answers 401 without the session cookie, and sends nothing', async () => {
    const res = await get(join(grant, 'chart.png'), '', {});
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });
});
