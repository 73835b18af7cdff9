/**
 * The native window's trust boundary: only the page at cowork://app may talk to the window process
 * (anything else is dropped before it is read), navigation away from it goes to the system browser
 * (http/https only) or, for a cowork:// link, to the app's link page; other schemes are refused.
 */
import { describe, expect, it } from 'vitest';
import { appUrlForLink, decideNavigation, isAppOrigin } from '../../../src/cli/window/app-origin.js';
import { IpcBridge } from '../../../src/cli/window/ipc-bridge.js';
import { parsePageMessage } from '../../../src/contracts/index.js';

function bridge() {
  const seen: string[] = [];
  const evaluated: string[] = [];
  const b = new IpcBridge({ origin: 'http://127.0.0.1:1', cookie: 'c=1' }, (js) => evaluated.push(js), {
    painted: () => seen.push('painted'),
    interactive: () => seen.push('interactive'),
  });
  const send = (uri: string, body: string) => b.receive({ uri, body: Buffer.from(body) });
  return { seen, evaluated, send };
}

describe('the native window’s IPC origin', () => {
  it('is cowork://app and nothing that merely looks like it', () => {
    expect(isAppOrigin('cowork://app/')).toBe(true);
    expect(isAppOrigin('cowork://app/sessions/1?x=2')).toBe(true);
    for (const uri of [
      'http://127.0.0.1:7437/',
      'cowork://approval/1',
      'cowork://app.evil/',
      'cowork://user@app/',
      'cowork://app:80/',
      'web+cowork://app/',
      'https://app/',
      'about:blank',
      'not a url',
    ])
      expect(isAppOrigin(uri), uri).toBe(false);
  });

  it('is https://cowork.app on Windows (WebView2 serves a custom scheme so), and only there', () => {
    expect(isAppOrigin('https://cowork.app/sessions/1', 'win32')).toBe(true);
    expect(isAppOrigin('cowork://app/', 'win32')).toBe(false);
    expect(isAppOrigin('https://cowork.app/', 'linux')).toBe(false);
    for (const uri of [
      'http://cowork.app/',
      'https://cowork.app.evil/',
      'https://x.cowork.app/',
      'https://cowork.app:444/',
    ])
      expect(isAppOrigin(uri, 'win32'), uri).toBe(false);
    expect(appUrlForLink('cowork://approval/7', 'win32')).toBe(
      `https://cowork.app/open?link=${encodeURIComponent('cowork://approval/7')}`,
    );
    expect(decideNavigation('https://cowork.app/settings', 'win32')).toEqual({ kind: 'allow' });
    expect(decideNavigation('https://cowork.app/settings', 'linux')).toEqual({
      kind: 'external',
      url: 'https://cowork.app/settings',
    });
  });

  it('messages from another origin are ignored; the app’s are handled', () => {
    const { seen, send } = bridge();
    send('https://evil.example/', JSON.stringify({ t: 'interactive' }));
    send('http://127.0.0.1:7437/', JSON.stringify({ t: 'painted' }));
    expect(seen).toEqual([]);
    send('cowork://app/', JSON.stringify({ t: 'painted' }));
    send('cowork://app/', JSON.stringify({ t: 'interactive' }));
    expect(seen).toEqual(['painted', 'interactive']);
  });

  it('only known page messages are read', () => {
    expect(parsePageMessage('{"t":"send","frame":"{}"}')).toEqual({ t: 'send', frame: '{}' });
    expect(parsePageMessage('{"t":"send"}')).toBeUndefined();
    expect(parsePageMessage('{"t":"eval","js":"x"}')).toBeUndefined();
    expect(parsePageMessage('nope')).toBeUndefined();
  });

  it('navigation: the app stays, the web goes to the browser, links to the link page, the rest is refused', () => {
    expect(decideNavigation('cowork://app/settings')).toEqual({ kind: 'allow' });
    expect(decideNavigation('https://docs.example/x')).toEqual({
      kind: 'external',
      url: 'https://docs.example/x',
    });
    expect(decideNavigation('http://127.0.0.1:7437/auth/bootstrap?code=x').kind).toBe('external');
    expect(decideNavigation('cowork://approval/a1')).toEqual({
      kind: 'link',
      url: `cowork://app/open?link=${encodeURIComponent('cowork://approval/a1')}`,
    });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'about:blank'])
      expect(decideNavigation(url), url).toEqual({ kind: 'refuse' });
  });

  it('a link opens at the app’s /open page, no link at its root', () => {
    expect(appUrlForLink(undefined)).toBe('cowork://app/');
    expect(appUrlForLink('cowork://session/s 1')).toBe(
      `cowork://app/open?link=${encodeURIComponent('cowork://session/s 1')}`,
    );
  });
});
