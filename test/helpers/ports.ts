/** Loopback ports for servers a test starts, or for one that must refuse connections. */
import { createServer } from 'node:net';

/** A TCP port nobody listens on right now (taken, then let go): for a server to start, or a dead one. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
