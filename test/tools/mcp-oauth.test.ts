import { beforeEach, describe, expect, it } from 'vitest';
import { SecretStore } from '../../src/store/index.js';
import { McpOAuth } from '../../src/tools/mcp/oauth.js';
import { tempDir } from '../helpers/temp-dir.js';

let home: string;
let secrets: SecretStore;
let oauth: McpOAuth;
beforeEach(() => {
  home = tempDir('cowork-oauth-');
  secrets = new SecretStore(home, false);
  oauth = new McpOAuth({ secrets, redirectUrl: 'http://127.0.0.1:1/oauth/callback' });
});

/** What the SDK does when a server answers 401: a state, then the redirect. */
async function startSignIn(server: string): Promise<string> {
  const provider = oauth.provider(server, () => {});
  const state = await provider.state!();
  await provider.redirectToAuthorization(new URL(`https://auth.example/authorize?state=${state}`));
  return state;
}

describe('MCP OAuth sign-ins', () => {
  it('a state names its server once, and only its server', async () => {
    const state = await startSignIn('github');
    expect(oauth.pendingUrl('github')).toContain(state);
    expect(oauth.pendingUrl('other')).toBeUndefined();
    expect(oauth.takeSignIn(state)).toBe('github');
    expect(() => oauth.takeSignIn(state)).toThrow(/unknown or has expired/);
    expect(() => oauth.takeSignIn('guess')).toThrow(/unknown or has expired/);
    expect(oauth.pendingUrl('github')).toBeUndefined();
  });

  it('keeps credentials in the secret store per server, and forgets them on request', async () => {
    const provider = oauth.provider('github', () => {});
    await provider.saveTokens({ access_token: 'at-123', token_type: 'bearer' });
    await provider.saveCodeVerifier('verifier-1');
    expect(await oauth.provider('github', () => {}).tokens()).toMatchObject({ access_token: 'at-123' });
    expect(await oauth.provider('other', () => {}).tokens()).toBeUndefined();
    expect(
      new McpOAuth({ secrets: new SecretStore(home, false), redirectUrl: 'x' })
        .provider('github', () => {})
        .codeVerifier(),
    ).toBe('verifier-1');
    await startSignIn('github');
    oauth.forget('github');
    expect(await oauth.provider('github', () => {}).tokens()).toBeUndefined();
    expect(oauth.pendingUrl('github')).toBeUndefined();
    expect(() => oauth.provider('github', () => {}).codeVerifier()).toThrow(/No sign-in/);
  });
});
