/** The browser's transport: /api/ws on the page's own origin, logged in by the HttpOnly cookie. */
import type { Transport, TransportHandlers } from './transport';

export class WebSocketTransport implements Transport {
  readonly #ws: WebSocket;

  constructor(
    handlers: TransportHandlers,
    url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`,
  ) {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => handlers.open();
    ws.onmessage = (msg) =>
      handlers.message(msg.data instanceof ArrayBuffer ? new Uint8Array(msg.data) : String(msg.data));
    ws.onclose = () => handlers.close();
    this.#ws = ws;
  }

  send(frame: string): boolean {
    if (this.#ws.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(frame);
    return true;
  }

  close(): void {
    this.#ws.close();
  }

  ready(): void {}
}
