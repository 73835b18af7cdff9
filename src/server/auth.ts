import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { type UiSessionStore, writeFileAtomic } from '../store/index.js';

const BOOTSTRAP_CODE_TTL_MS = 120_000;

/**
 * Who may talk to the daemon: holders of the token in `auth-token` (mode 0600, so only this OS
 * user), or a browser holding a session cookie obtained through a one-time bootstrap link.
 */
export class Auth {
  readonly #token: Buffer;
  readonly #codes = new Map<string, number>();
  readonly cookieName: string;

  constructor(
    tokenFile: string,
    private readonly sessions: UiSessionStore,
    port: number,
  ) {
    this.#token = Buffer.from(loadOrCreateToken(tokenFile));
    // Cookies are per host, not per port: name it by port so two homes never clobber each other.
    this.cookieName = `cowork_session_${port}`;
  }

  isValidBearer(header: string | undefined): boolean {
    if (!header?.startsWith('Bearer ')) return false;
    const given = Buffer.from(header.slice('Bearer '.length).trim());
    return given.length === this.#token.length && timingSafeEqual(given, this.#token);
  }

  isValidCookie(cookieHeader: string | undefined): boolean {
    const value = readCookie(cookieHeader, this.cookieName);
    return value !== undefined && this.sessions.isValid(value);
  }

  isAuthenticated(headers: { authorization?: string | undefined; cookie?: string | undefined }): boolean {
    // Headers can arrive as arrays from hostile clients; only a single string counts.
    if (typeof headers.authorization !== 'string' && typeof headers.cookie !== 'string') return false;
    return this.isValidBearer(headers.authorization) || this.isValidCookie(headers.cookie);
  }

  /** A single-use code for the bootstrap link; it expires after two minutes. */
  issueBootstrapCode(): { code: string; expiresAt: Date } {
    const now = Date.now();
    for (const [code, expiry] of this.#codes) if (expiry < now) this.#codes.delete(code);
    const code = randomBytes(24).toString('base64url');
    const expiresAt = now + BOOTSTRAP_CODE_TTL_MS;
    this.#codes.set(code, expiresAt);
    return { code, expiresAt: new Date(expiresAt) };
  }

  /** Consumes a bootstrap code; on success returns the new session's cookie value. */
  redeemBootstrapCode(code: string): string | undefined {
    const expiry = this.#codes.get(code);
    this.#codes.delete(code);
    if (expiry === undefined || expiry < Date.now()) return undefined;
    return this.sessions.create();
  }

  sessionCookie(value: string): string {
    return `${this.cookieName}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000`;
  }
}

function loadOrCreateToken(file: string): string {
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 32 && (process.platform === 'win32' || (mode & 0o077) === 0)) return token;
    // Too short, or readable by others: it can no longer be trusted. Replace it.
  }
  const token = randomBytes(32).toString('base64url');
  writeFileAtomic(file, `${token}\n`, 0o600);
  return token;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
