import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { RequestGuard } from './request-guard.js';
import { SOFT_FRAME_LIMIT } from './ws-connection.js';

/** Hard frame cap: above it `ws` closes the socket (1009); below it we answer FRAME_TOO_LARGE. */
const HARD_FRAME_LIMIT = 8 * SOFT_FRAME_LIMIT;

/** The API's WebSocket side, fed by `upgradeHandler` (it never listens itself). */
export function createWebSocketServer(): WebSocketServer {
  // Invalid UTF-8 becomes U+FFFD and then a parse error reply, rather than a dropped connection.
  return new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT, skipUTF8Validation: true });
}

export interface UpgradeOptions {
  guard: RequestGuard;
  /** True while the daemon deletes its data: new clients are turned away. */
  unavailable: () => boolean;
  onConnection: (ws: WebSocket) => void;
}

/**
 * The HTTP server's `upgrade` listener: `/api/ws` only, past the same guard as every HTTP request.
 * A refusal is a bare status line, and the connection is closed.
 */
export function upgradeHandler(wss: WebSocketServer, opts: UpgradeOptions) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const reject = (status: number) => {
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
    };
    if (req.url?.split('?')[0] !== '/api/ws') return reject(404);
    const refusal = opts.guard.check(req.headers, { needsAuth: true, unavailable: opts.unavailable() });
    if (refusal) return reject(refusal.status);
    wss.handleUpgrade(req, socket, head, opts.onConnection);
  };
}
