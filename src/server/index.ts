/** server: coworkd — HTTP + WebSocket API on loopback, auth, the JSON-RPC router, event fan-out. */
export { type Daemon, type DaemonOptions, PREFERRED_PORT, startDaemon } from './daemon.js';
export { coworkVersion, packageRoot } from './package-info.js';
export { createServices, type Services, type ServicesOptions } from './services.js';
