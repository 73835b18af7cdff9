import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import {
  AUTH_STATUS_PATH,
  type AuthStatus,
  CoworkError,
  DATA_EXPORT_PATH,
  type DaemonInfo,
  type HealthResponse,
  MAX_UPLOAD_BYTES,
  type ToolResult,
  toErrorInfo,
} from '../contracts/index.js';
import type { PreparedExport } from '../store/index.js';
import type { Auth } from './auth.js';
import { fileDownload, type ReadForPerson } from './file-download.js';
import { HTTP_STATUS } from './http-status.js';
import { type LoginReason, loginPage } from './login-page.js';
import type { RequestGuard } from './request-guard.js';
import { readStaticFile } from './static-files.js';

export interface HttpHandlerOptions {
  auth: Auth;
  /** Host, origin and credentials, checked as for WebSocket upgrades. */
  guard: RequestGuard;
  port: number;
  version: string;
  startedAt: number;
  webRoot: string;
  info: () => DaemonInfo;
  onStopRequested: () => void;
  /** An MCP server's sign-in page sent the browser back: finish it; resolves to the server name. */
  finishMcpSignIn: (state: string, code: string) => Promise<string>;
  /** A browser session's screenshot by its blob reference (only screenshots are served). */
  screenshot: (ref: string) => Buffer | undefined;
  /** A snapshot of the person's data, ready to stream as a .tar.gz. */
  exportData: () => Promise<PreparedExport>;
  /** Writes an uploaded file through the door as the person (see `PUT /api/files`). */
  upload: (
    path: string,
    body: AsyncIterable<Uint8Array>,
    opts: { size: number | undefined; maxBytes: number; approvalId: string | undefined },
  ) => Promise<ToolResult>;
  /** Reads a file through the door as the person (see `GET /api/files`). */
  readFile: ReadForPerson;
  /** Largest upload accepted; defaults to MAX_UPLOAD_BYTES. */
  maxUploadBytes?: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};
const PAGE_CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  extra = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, ...extra });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json');
}

/** The login page, 401: the browser has no session (its own CSP: inline styles, no script at all). */
function sendLoginPage(res: ServerResponse, reason: LoginReason): void {
  send(res, 401, loginPage(reason), 'text/html; charset=utf-8', {
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fail(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): void {
  json(res, status, { error: details ? { code, message, details } : { code, message } });
}

/**
 * `PUT /api/files?path=<absolute path>[&approvalId=…]`, the raw bytes as the body: the UI's
 * attachments. The body is handed to the door as a stream (read only once the write is allowed,
 * chunk by chunk, never whole in memory) and written as an `fs.write` by the person.
 *
 * An `ask_user` decision (replacing a file) does not wait here: the request would outlive the
 * server's request timeout while the person thinks. It answers 202 with the error
 * PERMISSION_ESCALATION_REQUIRED and the approval's id; once approved, the same upload is sent again
 * with `approvalId`.
 */
async function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  opts: HttpHandlerOptions,
): Promise<void> {
  const q = new URL(req.url ?? '/', 'http://x').searchParams;
  const path = q.get('path') ?? '';
  const approvalId = q.get('approvalId') ?? undefined;
  const maxBytes = opts.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  if (!path.startsWith('/')) return fail(res, 400, 'INVALID_ARGUMENTS', 'Give an absolute `path`.');
  if (approvalId !== undefined && !/^[0-9a-f-]{36}$/.test(approvalId))
    return fail(res, 400, 'INVALID_ARGUMENTS', 'Malformed approvalId.');
  const declared = req.headers['content-length'];
  const size = declared === undefined ? undefined : Number(declared);
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0))
    return fail(res, 400, 'INVALID_ARGUMENTS', 'Bad Content-Length.');
  if (size !== undefined && size > maxBytes) return tooLarge(res, maxBytes);
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity')
    return fail(res, 400, 'INVALID_ARGUMENTS', 'Compressed uploads are not accepted.');

  // Not destroyed when the door stops reading (over the cap): the 413 must still reach the client.
  const body: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }),
  };
  const result = await opts.upload(path, body, { size, maxBytes, approvalId });
  if (!res.socket || res.socket.destroyed) return; // the client went away; the door cleaned up
  if (result.success) {
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    const out = JSON.parse(text) as { created: boolean };
    return json(res, out.created ? 201 : 200, out);
  }
  const error = result.error ?? { code: 'INTERNAL' as const, message: 'The upload failed.' };
  if (error.code === 'PAYLOAD_TOO_LARGE') return tooLarge(res, maxBytes);
  fail(res, HTTP_STATUS[error.code] ?? 500, error.code, error.message, error.details);
}

/** 413, then the connection is closed: the rest of an oversized body is never read. */
function tooLarge(res: ServerResponse, maxBytes: number): void {
  res.shouldKeepAlive = false;
  fail(res, 413, 'PAYLOAD_TOO_LARGE', `Uploads are limited to ${maxBytes} bytes.`, { maxBytes });
}

/**
 * Where a bootstrap link lands: the app, or a `cowork://` link's handler page (`cowork open LINK`).
 * Nothing else: a login link must not be a redirect to anywhere (`//host`, `/\\host`, `javascript:`).
 */
export function afterLogin(next: string | null): string {
  return next !== null && next.length <= 4096 && /^\/open\?link=[\w.~%+!*'()-]*$/.test(next) ? next : '/';
}

/**
 * The HTTP side of the daemon: health, bootstrap login, daemon info and stop, and the web UI's
 * static files. The real API is JSON-RPC on the WebSocket; HTTP stays this small on purpose.
 */
export function createHttpHandler(opts: HttpHandlerOptions): Handler {
  const { auth, port } = opts;

  const routes: Record<string, Handler> = {
    'GET /api/health': (_req, res) =>
      json(res, 200, {
        status: 'ok',
        version: opts.version,
        uptimeMs: Date.now() - opts.startedAt,
      } satisfies HealthResponse),
    [`GET ${AUTH_STATUS_PATH}`]: (req, res) =>
      json(res, 200, { authenticated: auth.isAuthenticated(req.headers) } satisfies AuthStatus),
    'GET /api/daemon': (_req, res) => json(res, 200, opts.info()),
    'PUT /api/files': (req, res) => {
      receiveUpload(req, res, opts).catch((err) => {
        // A stable code (e.g. DISK_FULL: the decision could not be audited) is the client's to see.
        const { code, message } = toErrorInfo(err, () => ({
          code: 'INTERNAL',
          message: 'The upload failed.',
        }));
        if (!res.headersSent) fail(res, HTTP_STATUS[code] ?? 500, code, message);
        else res.destroy();
      });
    },
    // A plain GET so that <img src> and download links work: authenticated by the session cookie
    // like every /api/ route (SameSite=Strict and the Origin check keep other sites out).
    'GET /api/files': (req, res) => {
      fileDownload(req.url ?? '/', opts.readFile).then(
        (reply) => {
          res.writeHead(reply.status, { ...SECURITY_HEADERS, ...reply.headers });
          res.end(reply.body);
        },
        () => fail(res, 500, 'INTERNAL', 'The file could not be sent.'),
      );
    },
    'POST /api/daemon/stop': (_req, res) => {
      json(res, 200, { stopping: true });
      setImmediate(opts.onStopRequested);
    },
    // Only token holders (the CLI) may mint login links; a cookie-holding page may not mint more.
    'POST /api/bootstrap-codes': (req, res) => {
      if (!auth.isValidBearer(req.headers.authorization)) {
        return fail(res, 403, 'PERMISSION_DENIED', 'Bootstrap codes need the daemon token.');
      }
      const { code, expiresAt } = auth.issueBootstrapCode();
      json(res, 200, {
        url: `http://127.0.0.1:${port}/auth/bootstrap?code=${code}`,
        expiresAt: expiresAt.toISOString(),
      });
    },
    'GET /auth/bootstrap': (req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const code = q.get('code') ?? '';
      const session = code.length > 0 && code.length < 200 ? auth.redeemBootstrapCode(code) : undefined;
      if (session === undefined) return sendLoginPage(res, 'link-used');
      const Location = afterLogin(q.get('next'));
      res.writeHead(302, { ...SECURITY_HEADERS, 'Set-Cookie': auth.sessionCookie(session), Location });
      res.end();
    },
    // An authenticated GET (cookie or token, like every /api/ route) so that a plain download link
    // works; a cross-site page cannot send the SameSite=Strict cookie nor pass the Origin check.
    [`GET ${DATA_EXPORT_PATH}`]: (_req, res) => {
      opts.exportData().then(
        (prepared) => {
          const day = prepared.manifest.createdAt.slice(0, 10);
          res.writeHead(200, {
            ...SECURITY_HEADERS,
            'Content-Type': 'application/gzip',
            'Content-Disposition': `attachment; filename="cowork-export-${day}.tar.gz"`,
          });
          // A client that goes away mid-download just ends the stream; the scratch copy is removed.
          pipeline(prepared.stream(), res).catch(() => res.destroy());
        },
        (err: unknown) => {
          if (err instanceof CoworkError)
            return fail(res, HTTP_STATUS[err.code] ?? 503, err.code, err.message);
          fail(res, 500, 'INTERNAL', 'The export could not be prepared.');
        },
      );
    },
    // No cookie needed: the browser may not be the UI's. `state` is single-use and bound to one
    // server, and the code is worthless without the PKCE verifier the daemon keeps.
    'GET /oauth/callback': (req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const [state, code] = [q.get('state') ?? '', q.get('code') ?? ''];
      const page = (title: string, text: string) =>
        `<!doctype html><title>Cowork</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`;
      if (!state || !code || state.length > 200 || code.length > 4096) {
        const why = q.get('error_description') ?? q.get('error') ?? 'The sign-in link is incomplete.';
        return send(res, 400, page('Sign-in failed', why.slice(0, 500)), 'text/html; charset=utf-8');
      }
      opts.finishMcpSignIn(state, code).then(
        (server) =>
          send(
            res,
            200,
            page(`Signed in to ${server}`, 'You can close this tab.'),
            'text/html; charset=utf-8',
          ),
        (err: Error) => send(res, 400, page('Sign-in failed', err.message), 'text/html; charset=utf-8'),
      );
    },
  };
  const publicRoutes = new Set(['GET /api/health', `GET ${AUTH_STATUS_PATH}`, 'GET /auth/bootstrap']);

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const key = `${req.method} ${path}`;
    const isApi = path.startsWith('/api/');
    const refusal = opts.guard.check(req.headers, { needsAuth: isApi && !publicRoutes.has(key) });
    if (refusal) return fail(res, refusal.status, refusal.code, refusal.message);
    const route = routes[key];
    if (route) return route(req, res);
    const shot = req.method === 'GET' && /^\/api\/screenshots\/([0-9a-f]{64})$/.exec(path);
    if (shot) {
      const bytes = opts.screenshot(shot[1]!);
      if (!bytes) return fail(res, 404, 'RESOURCE_NOT_FOUND', 'No such screenshot.');
      return send(res, 200, bytes, 'image/jpeg', { 'Cache-Control': 'private, max-age=31536000, immutable' });
    }
    if (isApi || req.method !== 'GET') return fail(res, 404, 'RESOURCE_NOT_FOUND', 'No such endpoint.');

    const file = readStaticFile(opts.webRoot, path);
    if (!file) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    // The app shell only for a logged-in browser; its assets stay public (they hold no data).
    if (file.contentType.startsWith('text/html') && !auth.isAuthenticated(req.headers))
      return sendLoginPage(res, 'signed-out');
    send(res, 200, file.body, file.contentType, { 'Content-Security-Policy': PAGE_CSP });
  };
}
