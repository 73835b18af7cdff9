/**
 * The native window's IPC between its page (`cowork://app`, `window.ipc.postMessage`) and the
 * window process (`evaluateScript` calling NATIVE_RECEIVER). The page's RPC frames travel inside,
 * unchanged: the window process relays them over its own logged-in WebSocket to the daemon.
 */

/**
 * Where the native window's pages are: `cowork://app` on Linux and macOS; on Windows WebView2
 * cannot load a custom scheme, so wry serves it as `https://cowork.app` (answered by wry itself,
 * never by the network). The window process trusts IPC only from the one for its platform.
 */
export function nativeAppOrigin(platform: string): string {
  return platform === 'win32' ? 'https://cowork.app' : 'cowork://app';
}

/** Page → window process. `painted` and `interactive` mark the page's first frame and first RPC answer. */
export type PageToWindow =
  | { t: 'open' }
  | { t: 'send'; frame: string }
  | { t: 'close' }
  | { t: 'painted' }
  | { t: 'interactive' };

/** Window process → page. A binary frame (terminal output) arrives base64-encoded. */
export type WindowToPage =
  | { t: 'open' }
  | { t: 'message'; frame: string }
  | { t: 'binary'; data: string }
  | { t: 'close' };

/** The page's global the window process calls with each WindowToPage. */
export const NATIVE_RECEIVER = '__coworkNative';

const PAGE_KINDS: ReadonlySet<string> = new Set(['open', 'send', 'close', 'painted', 'interactive']);

/** A page message, or undefined when the text is not one. */
export function parsePageMessage(text: string): PageToWindow | undefined {
  try {
    const m = JSON.parse(text) as { t?: unknown; frame?: unknown };
    if (typeof m.t !== 'string' || !PAGE_KINDS.has(m.t)) return undefined;
    if (m.t === 'send' && typeof m.frame !== 'string') return undefined;
    return m as PageToWindow;
  } catch {
    return undefined;
  }
}
