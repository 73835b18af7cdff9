/**
 * How the UI's RPC frames reach coworkd: a WebSocket in a browser (the cookie logs it in), or, in
 * Cowork's native window (the page at cowork://app), the window's IPC — the window process relays
 * them over its own login, so the page holds no cookie or token. Both carry the same frames; the
 * JSON-RPC and binary-channel framing stays in Connection.
 */
import { IpcTransport, isNativeWindow } from './ipc-transport';
import { WebSocketTransport } from './websocket-transport';

export interface TransportHandlers {
  open(): void;
  /** A text frame (JSON-RPC) or a binary one (terminal output: 1, channel u32, bytes). */
  message(data: string | Uint8Array): void;
  close(): void;
}

export interface Transport {
  /** Sends a text frame; false when not open. */
  send(frame: string): boolean;
  close(): void;
  /** The UI answered its first call on this connection: it is interactive. */
  ready(): void;
}

export function openTransport(handlers: TransportHandlers): Transport {
  return isNativeWindow() ? new IpcTransport(handlers) : new WebSocketTransport(handlers);
}
