/**
 * Relays the page's RPC traffic (wry IPC) to the daemon over the window process's own logged-in
 * WebSocket, and the daemon's replies and events back with `evaluateScript`. Messages from any page
 * not at cowork://app are dropped before they are read.
 */
import type WebSocket from 'ws';
import {
  NATIVE_RECEIVER,
  type PageToWindow,
  parsePageMessage,
  type WindowToPage,
} from '../../contracts/index.js';
import { isAppOrigin } from './app-origin.js';
import { type DaemonSession, openDaemonSocket } from './daemon-session.js';
import type { IpcMessage } from './webview-types.js';

export interface PageSignals {
  painted(): void;
  interactive(): void;
}

export class IpcBridge {
  #ws: WebSocket | undefined;

  constructor(
    private readonly session: DaemonSession,
    private readonly evaluate: (js: string) => void,
    private readonly signals: PageSignals,
  ) {}

  /** The webview's IPC handler. */
  receive(message: IpcMessage): void {
    if (!isAppOrigin(message.uri)) return;
    const m = parsePageMessage(message.body.toString('utf8'));
    if (m) this.#handle(m);
  }

  #handle(m: PageToWindow): void {
    switch (m.t) {
      case 'open':
        this.#open();
        return;
      case 'send':
        if (this.#ws?.readyState === 1) this.#ws.send(m.frame);
        return;
      case 'close':
        this.#ws?.close();
        return;
      case 'painted':
        this.signals.painted();
        return;
      case 'interactive':
        this.signals.interactive();
        return;
    }
  }

  #post(m: WindowToPage): void {
    this.evaluate(`window.${NATIVE_RECEIVER}&&window.${NATIVE_RECEIVER}(${JSON.stringify(m)})`);
  }

  #open(): void {
    this.#ws?.removeAllListeners();
    this.#ws?.close();
    const ws = openDaemonSocket(this.session);
    this.#ws = ws;
    ws.on('open', () => this.#post({ t: 'open' }));
    ws.on('message', (data: Buffer, isBinary: boolean) =>
      this.#post(
        isBinary
          ? { t: 'binary', data: data.toString('base64') }
          : { t: 'message', frame: data.toString('utf8') },
      ),
    );
    ws.on('close', () => {
      if (this.#ws === ws) this.#post({ t: 'close' });
    });
    ws.on('error', () => {});
  }
}
