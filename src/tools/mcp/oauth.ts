import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { CoworkError } from '../../contracts/index.js';

/** Where OAuth credentials live: the keychain (or its encrypted-file fallback), never SQLite. */
export interface CredentialStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
}

export interface McpOAuthOptions {
  secrets: CredentialStore;
  /** The daemon's own callback, e.g. `http://127.0.0.1:PORT/oauth/callback`. */
  redirectUrl: string;
}

/** Everything one server's sign-in needs to survive a restart. */
interface StoredCredentials {
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  verifier?: string;
}

/** A sign-in the person has been sent to and not finished: `state` → server. */
interface PendingSignIn {
  server: string;
  url: string;
  expiresAt: number;
}

const SIGN_IN_TTL_MS = 10 * 60_000;
const secretName = (server: string) => `mcp-oauth:${server}`;

/**
 * OAuth for HTTP MCP servers (the SDK runs discovery, dynamic registration, PKCE and refresh).
 * The daemon cannot open a browser for the person, so a sign-in becomes a pending URL that the
 * UI/CLI shows; the browser comes back to the daemon's callback with `state`, which is random,
 * single-use and bound to one server. The code is useless without the PKCE verifier kept here.
 */
export class McpOAuth {
  readonly #pending = new Map<string, PendingSignIn>();

  constructor(private readonly opts: McpOAuthOptions) {}

  provider(server: string, onSignInNeeded: (url: string) => void): OAuthClientProvider {
    const read = (): StoredCredentials => {
      const raw = this.opts.secrets.get(secretName(server));
      return raw ? (JSON.parse(raw) as StoredCredentials) : {};
    };
    const update = (patch: Partial<StoredCredentials>) =>
      this.opts.secrets.set(secretName(server), JSON.stringify({ ...read(), ...patch }));
    let state: string | undefined;
    return {
      redirectUrl: this.opts.redirectUrl,
      clientMetadata: {
        client_name: 'Cowork',
        redirect_uris: [this.opts.redirectUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      } satisfies OAuthClientMetadata,
      state: () => {
        state = randomBytes(32).toString('base64url');
        return state;
      },
      clientInformation: () => read().client,
      saveClientInformation: (client) => update({ client }),
      tokens: () => read().tokens,
      saveTokens: (tokens) => update({ tokens }),
      codeVerifier: () => {
        const verifier = read().verifier;
        if (!verifier)
          throw new CoworkError('CONFLICT', `No sign-in for MCP server "${server}" is in progress.`);
        return verifier;
      },
      saveCodeVerifier: (verifier) => update({ verifier }),
      redirectToAuthorization: (url) => {
        this.#prune();
        if (state)
          this.#pending.set(state, { server, url: url.toString(), expiresAt: Date.now() + SIGN_IN_TTL_MS });
        onSignInNeeded(url.toString());
      },
      invalidateCredentials: (scope) => {
        if (scope === 'all') this.forget(server);
        else if (scope === 'tokens') update({ tokens: undefined });
        else if (scope === 'client') update({ client: undefined });
        else if (scope === 'verifier') update({ verifier: undefined });
      },
    };
  }

  /** The server a callback's `state` belongs to; the state is used up. */
  takeSignIn(state: string): string {
    this.#prune();
    const pending = this.#pending.get(state);
    if (!pending) throw new CoworkError('PERMISSION_DENIED', 'This sign-in link is unknown or has expired.');
    this.#pending.delete(state);
    return pending.server;
  }

  /** The URL the person should open to sign in to `server`, if a sign-in is waiting. */
  pendingUrl(server: string): string | undefined {
    this.#prune();
    return [...this.#pending.values()].find((p) => p.server === server)?.url;
  }

  forget(server: string): void {
    this.opts.secrets.delete(secretName(server));
    for (const [state, p] of this.#pending) if (p.server === server) this.#pending.delete(state);
  }

  #prune(): void {
    const now = Date.now();
    for (const [state, p] of this.#pending) if (p.expiresAt < now) this.#pending.delete(state);
  }
}
