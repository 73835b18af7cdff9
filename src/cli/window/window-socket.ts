/**
 * One native window per Cowork home: the running window listens on a unix socket in the home's
 * run folder (0600, so only this user reaches it); a second `cowork open [LINK]` connects, asks it
 * to come forward (at the link), and is done. A socket nobody answers on is a dead window's: removed.
 */
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { dirname } from 'node:path';

export interface ShowRequest {
  link?: string;
}

function parseShow(line: string): ShowRequest | undefined {
  try {
    const m = JSON.parse(line) as { t?: unknown; link?: unknown };
    if (m.t !== 'show') return undefined;
    return typeof m.link === 'string' && m.link.length <= 4000 ? { link: m.link } : {};
  } catch {
    return undefined;
  }
}

/** Asks a running window to come forward; false when none answers (then no window is running). */
export function showRunningWindow(path: string, request: ShowRequest, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => socket.write(`${JSON.stringify({ t: 'show', ...request })}\n`));
    socket.on('data', (d) => done(d.toString().startsWith('ok')));
    socket.on('error', () => done(false));
  });
}

/** Listens for show requests; the socket file is made 0600 before anyone can have connected. */
export function listenForShow(path: string, onShow: (r: ShowRequest) => void): Promise<Server> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    let buffered = '';
    socket.on('data', (d) => {
      buffered += d.toString();
      if (buffered.length > 8192) return socket.destroy();
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      const request = parseShow(buffered.slice(0, nl));
      socket.end(request ? 'ok\n' : 'no\n');
      if (request) onShow(request);
    });
    socket.on('error', () => {});
  });
  const umask = process.umask(0o177);
  return new Promise((resolve, reject) => {
    server.once('error', (err) => {
      process.umask(umask);
      reject(err);
    });
    server.listen(path, () => {
      process.umask(umask);
      chmodSync(path, 0o600);
      resolve(server);
    });
  });
}
