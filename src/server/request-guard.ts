import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorCode } from '../contracts/index.js';
import type { Auth } from './auth.js';
import { isAllowedOrigin, isLoopbackHost } from './loopback.js';

/** Why a request was turned away: the HTTP status, and the error code and message a JSON body carries. */
export interface Refusal {
  status: 401 | 403 | 503;
  code: Extract<ErrorCode, 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'UNAVAILABLE'>;
  message: string;
}

export interface GuardOptions {
  /** Whether the endpoint needs credentials (health and the bootstrap link do not). */
  needsAuth: boolean;
  /**
   * The daemon is deleting its data: refused after the origin checks and before credentials, which
   * can no longer be looked up once the stores are closed.
   */
  unavailable?: boolean;
}

/**
 * The checks every HTTP request and WebSocket upgrade passes before a handler sees it, in this
 * order: a loopback Host (DNS rebinding), no foreign Origin (cross-site requests), credentials.
 */
export class RequestGuard {
  constructor(
    private readonly port: number,
    private readonly auth: Pick<Auth, 'isAuthenticated'>,
  ) {}

  /** The refusal, or undefined when the request may go on. */
  check(headers: IncomingHttpHeaders, opts: GuardOptions): Refusal | undefined {
    // DNS rebinding: a page on evil.example that resolves to 127.0.0.1 still sends Host: evil.example.
    if (!isLoopbackHost(headers.host, this.port))
      return { status: 403, code: 'PERMISSION_DENIED', message: 'Host is not a loopback name.' };
    // Cross-site requests with a foreign Origin never reach a handler (CSRF defence in depth).
    if (!isAllowedOrigin(headers.origin, this.port))
      return { status: 403, code: 'PERMISSION_DENIED', message: 'Foreign origin.' };
    if (opts.unavailable)
      return { status: 503, code: 'UNAVAILABLE', message: 'Cowork is deleting its data and stopping.' };
    if (opts.needsAuth && !this.auth.isAuthenticated(headers))
      return { status: 401, code: 'UNAUTHENTICATED', message: 'Missing or wrong credentials.' };
    return undefined;
  }
}
