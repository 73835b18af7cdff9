import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import type { DaemonInfo, HealthResponse } from '../contracts/index.js';
import type { Auth } from './auth.js';
import { isAllowedOrigin, isLoopbackHost } from './loopback.js';

export interface HttpAppOptions {
  auth: Auth;
  port: () => number;
  version: string;
  startedAt: number;
  webRoot: string;
  onStopRequested: () => void;
  info: () => DaemonInfo;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function httpError(code: string, message: string) {
  return { error: { code, message } };
}

/** The HTTP side of the daemon: health, bootstrap login, stop, and the web UI's static files. */
export function createHttpApp(opts: HttpAppOptions): Hono {
  const app = new Hono();
  const { auth } = opts;

  // DNS rebinding: a page on evil.example that resolves to 127.0.0.1 still sends Host: evil.example.
  app.use('*', async (c, next) => {
    if (!isLoopbackHost(c.req.header('host'), opts.port())) {
      return c.json(httpError('PERMISSION_DENIED', 'Host is not a loopback name.'), 403);
    }
    // Cross-site requests with a foreign Origin never reach a handler (CSRF defence in depth).
    if (!isAllowedOrigin(c.req.header('origin'), opts.port())) {
      return c.json(httpError('PERMISSION_DENIED', 'Foreign origin.'), 403);
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
  });

  app.get('/api/health', (c) =>
    c.json({ status: 'ok', version: opts.version, uptimeMs: Date.now() - opts.startedAt } satisfies HealthResponse),
  );

  // Everything else under /api needs the token or a session cookie.
  app.use('/api/*', async (c, next) => {
    if (!auth.isAuthenticated({ authorization: c.req.header('authorization'), cookie: c.req.header('cookie') })) {
      return c.json(httpError('UNAUTHENTICATED', 'Missing or wrong credentials.'), 401);
    }
    await next();
  });

  // Only token holders (the CLI) may mint login links; a cookie-holding page may not mint more.
  app.post('/api/bootstrap-codes', (c) => {
    if (!auth.isValidBearer(c.req.header('authorization'))) {
      return c.json(httpError('PERMISSION_DENIED', 'Bootstrap codes need the daemon token.'), 403);
    }
    const { code, expiresAt } = auth.issueBootstrapCode();
    const url = `http://127.0.0.1:${opts.port()}/auth/bootstrap?code=${code}`;
    return c.json({ url, expiresAt: expiresAt.toISOString() });
  });

  app.get('/api/daemon', (c) => c.json(opts.info()));

  app.post('/api/daemon/stop', (c) => {
    setImmediate(opts.onStopRequested);
    return c.json({ stopping: true });
  });

  app.get('/auth/bootstrap', (c) => {
    const code = c.req.query('code') ?? '';
    const session = code.length > 0 && code.length < 200 ? auth.redeemBootstrapCode(code) : undefined;
    if (session === undefined) {
      return c.html('<h1>This login link is invalid or has expired.</h1><p>Run <code>cowork open</code> again.</p>', 401);
    }
    c.header('Set-Cookie', auth.sessionCookie(session));
    return c.redirect('/', 302);
  });

  app.all('/api/*', (c) => c.json(httpError('RESOURCE_NOT_FOUND', 'No such endpoint.'), 404));

  app.get('*', (c) => {
    const file = resolveStatic(opts.webRoot, c.req.path);
    if (!file) return c.text('Not found', 404);
    c.header('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    );
    return c.body(readFileSync(file));
  });

  return app;
}

/** Maps a URL path to a file inside `root`, or undefined. `/` and unknown routes get index.html. */
function resolveStatic(root: string, urlPath: string): string | undefined {
  if (!existsSync(root)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const realRoot = realpathSync(root);
  const candidate = resolve(realRoot, `.${decoded}`);
  const inside = candidate === realRoot || candidate.startsWith(realRoot + sep);
  if (inside && existsSync(candidate) && statSync(candidate).isFile()) {
    const real = realpathSync(candidate);
    if (real.startsWith(realRoot + sep)) return real;
    return undefined;
  }
  // Client-side routes fall back to the app shell; asset-looking paths do not.
  if (extname(decoded) !== '') return undefined;
  const index = join(realRoot, 'index.html');
  return existsSync(index) ? index : undefined;
}
