/**
 * The part of `@webviewjs/webview`'s API (0.4.x, its index.d.ts) the window uses. The package is
 * optional and not installed with Cowork, so its own types are not there to import.
 */
export interface Monitor {
  name?: string;
  scaleFactor: number;
  size: { width: number; height: number };
  position: { x: number; y: number };
}

export interface IpcMessage {
  body: Buffer;
  uri: string;
}

export interface MenuItem {
  id?: string;
  label?: string;
  enabled?: boolean;
}

export interface TrayIcon {
  setIcon(rgba: Uint8Array, width: number, height: number): void;
  setTooltip(tooltip: string): void;
  setMenu(menu: { items: MenuItem[] }): void;
  on(event: 'click', fn: (e: unknown) => void): void;
  dispose(): void;
}

export interface Webview {
  onIpcMessage(fn: (m: IpcMessage) => void): void;
  evaluateScript(js: string): void;
  loadUrl(url: string): void;
  on(event: 'page-load-finished', fn: (e: { url?: string }) => void): void;
}

export interface BrowserWindow {
  registerProtocol(name: string, handler: (request: Request) => Response | Promise<Response>): void;
  createWebview(options: {
    url: string;
    useHttpsScheme?: boolean;
    enableDevtools?: boolean;
    navigationHandler?: (url: string) => boolean;
    newWindowHandler?: (e: { url?: string }) => boolean;
  }): Webview;
  setMinSize(width: number, height: number, logical?: boolean): void;
  /** Sets the content's (inner) size. */
  setSize(width: number, height: number, logical?: boolean): void;
  /** Places the frame's top-left corner (the outer position, what getPosition reads). */
  setPosition(x: number, y: number, logical?: boolean): void;
  setMaximized(value: boolean): void;
  setMinimized(value: boolean): void;
  setWindowIcon(rgba: Uint8Array, width: number, height: number): void;
  isMaximized(): boolean;
  isFocused(): boolean;
  isVisible(): boolean;
  /** The content's size, without the window manager's frame: what setSize sets. */
  getInnerSize(logical?: boolean): { width: number; height: number };
  getPosition(logical?: boolean): { x: number; y: number };
  getAvailableMonitors(): Monitor[];
  getPrimaryMonitor(): Monitor | null;
  getCurrentMonitor(): Monitor | null;
  focus(): void;
  show(): void;
  hide(): void;
  on(event: 'move' | 'resize' | 'focus' | 'blur', fn: () => void): void;
  on(event: 'close', fn: (e: { preventDefault(): void }) => void): void;
}

export interface Application {
  whenReady(options?: { interval?: number; ref?: boolean }): Promise<void>;
  createBrowserWindow(options: {
    title?: string;
    width?: number;
    height?: number;
    x?: number;
    y?: number;
    maximized?: boolean;
    resizable?: boolean;
    visible?: boolean;
    logical?: boolean;
  }): BrowserWindow;
  createTrayIcon(options: {
    id?: string;
    icon?: { data: Buffer; width: number; height: number };
    tooltip?: string;
    menu?: { items: MenuItem[] };
  }): TrayIcon;
  on(event: 'custom-menu-click', fn: (e: { customMenuEvent?: { id: string } }) => void): void;
  on(event: 'window-close-requested' | 'application-close-requested', fn: () => void): void;
  exit(): void;
}

export interface Notification {
  on(event: 'click' | 'error', fn: (e: { error?: Error }) => void): void;
}

export interface WebviewModule {
  Application: new () => Application;
  Notification: new (title: string, options?: { body?: string; icon?: string }) => Notification;
}
