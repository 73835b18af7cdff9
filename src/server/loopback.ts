/**
 * DNS-rebinding and cross-site defences. The daemon answers only requests addressed to a loopback
 * name, and WebSocket upgrades from its own origin (or from non-browser clients, which send none).
 */
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `Host` header → true when it names a loopback host (with our port, when one is given). */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader || hostHeader.length > 300) return false;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostHeader.trim());
  if (!m) return false;
  const [, name, portText] = m;
  if (!name || !LOOPBACK_HOSTNAMES.has(name.toLowerCase())) return false;
  return portText === undefined ? port === 80 : Number(portText) === port;
}

/** The origins our own pages are served from. */
export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
}

/** No Origin (CLI, scripts) is fine — they must still authenticate; a foreign one is not. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedOrigins(port).has(origin);
}
