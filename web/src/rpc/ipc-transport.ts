/**
 * The native window's transport: frames go to the window process with `window.ipc.postMessage`
 * and come back through the global it calls (NATIVE_RECEIVER). It also tells the window process
 * when the page first painted and when it is interactive (the window's tests and bench wait on it).
 */
import {
  NATIVE_RECEIVER,
  nativeAppOrigin,
  type PageToWindow,
  type WindowToPage,
} from '../../../src/contracts/native-window';
import type { Transport, TransportHandlers } from './transport';

interface NativeIpc {
  postMessage(message: string): void;
}
type NativeWindow = Window & { ipc?: NativeIpc; [NATIVE_RECEIVER]?: (m: WindowToPage) => void };

/** The page runs in Cowork's native window (served at its app origin, wry's IPC present). */
export function isNativeWindow(): boolean {
  const atApp = ['linux', 'win32'].some((p) => location.href.startsWith(`${nativeAppOrigin(p)}/`));
  return atApp && typeof (window as NativeWindow).ipc?.postMessage === 'function';
}

function post(m: PageToWindow): void {
  (window as NativeWindow).ipc?.postMessage(JSON.stringify(m));
}

let painted = false;
let interactive = false;

export class IpcTransport implements Transport {
  #open = false;

  constructor(handlers: TransportHandlers) {
    (window as NativeWindow)[NATIVE_RECEIVER] = (m) => {
      if (m.t === 'open') {
        this.#open = true;
        handlers.open();
      } else if (m.t === 'message') handlers.message(m.frame);
      else if (m.t === 'binary') handlers.message(Uint8Array.from(atob(m.data), (c) => c.charCodeAt(0)));
      else if (m.t === 'close') {
        this.#open = false;
        handlers.close();
      }
    };
    if (!painted) {
      painted = true;
      requestAnimationFrame(() => requestAnimationFrame(() => post({ t: 'painted' })));
    }
    post({ t: 'open' });
  }

  send(frame: string): boolean {
    if (!this.#open) return false;
    post({ t: 'send', frame });
    return true;
  }

  close(): void {
    post({ t: 'close' });
  }

  ready(): void {
    if (interactive) return;
    interactive = true;
    // After the frame that shows the connected UI, not merely the first answer.
    requestAnimationFrame(() => requestAnimationFrame(() => post({ t: 'interactive' })));
  }
}
