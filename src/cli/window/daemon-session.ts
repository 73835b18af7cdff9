/**
 * The window process's login to the daemon: a one-time bootstrap code (handed over by `cowork
 * open` on the IPC channel, never argv or disk) redeemed for a session cookie that lives in this
 * process's memory only. The page never holds it: static files and /api/ requests reach the daemon
 * through `fetchFromDaemon`, the RPC stream through `openDaemonSocket`.
 */
import WebSocket from 'ws';
import { CoworkError } from '../../contracts/index.js';

export interface DaemonSession {
  /** The daemon's origin, `http://127.0.0.1:<port>`. */
  origin: string;
  /** `name=value`, sent as the Cookie header. */
  cookie: string;
}

/** Redeems `code` at the daemon's `/auth/bootstrap`; the 302's Set-Cookie is the session. */
export async function redeemBootstrapCode(origin: string, code: string): Promise<DaemonSession> {
  const res = await fetch(`${origin}/auth/bootstrap?code=${encodeURIComponent(code)}`, {
    redirect: 'manual',
  });
  const set = res.headers.getSetCookie()[0];
  const cookie = set?.split(';')[0];
  if (res.status !== 302 || !cookie)
    throw new CoworkError('UNAUTHENTICATED', 'The daemon did not accept the window’s one-time login code.');
  return { origin, cookie };
}

/** Response headers the page may see: never Set-Cookie. */
const PASSED_HEADERS = ['content-type', 'content-security-policy', 'cache-control', 'content-disposition'];

/** A request of the page, as the logged-in person, to the same path at the daemon. */
export async function fetchFromDaemon(session: DaemonSession, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { cookie: session.cookie };
  const type = request.headers.get('content-type');
  if (type) headers['content-type'] = type;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const res = await fetch(`${session.origin}${url.pathname}${url.search}`, {
    method: request.method,
    headers,
    redirect: 'manual',
    ...(hasBody ? { body: Buffer.from(await request.arrayBuffer()) } : {}),
  });
  const out = new Headers();
  for (const name of PASSED_HEADERS) {
    const v = res.headers.get(name);
    if (v) out.set(name, v);
  }
  return new Response(res.status === 204 ? null : await res.arrayBuffer(), {
    status: res.status,
    headers: out,
  });
}

/** The daemon's RPC WebSocket, logged in with the session (from the daemon's own origin). */
export function openDaemonSocket(session: DaemonSession): WebSocket {
  const ws = new WebSocket(`${session.origin.replace(/^http/, 'ws')}/api/ws`, {
    headers: { cookie: session.cookie },
    origin: session.origin,
  });
  ws.binaryType = 'nodebuffer';
  return ws;
}
