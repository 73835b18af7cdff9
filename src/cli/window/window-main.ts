/**
 * `cowork window` (hidden; started by `cowork open`): the native window, its tray and its
 * notifications, in a process of their own. It gets a one-time login code on its IPC channel,
 * redeems it for a session it keeps in memory, serves the page as cowork://app from the daemon
 * and relays the page's RPC (ipc-bridge.ts). Closing the window hides it to the tray; "Quit
 * window", or SIGTERM (the session ending, a shutdown), ends this process — the daemon keeps running.
 */
import type { Server } from 'node:net';
import { homePaths } from '../../store/index.js';
import { openExternal, type WindowHandoff, type WindowLaunchReply } from '../launcher.js';
import { APP_SCHEME, appUrlForLink, decideNavigation, isAppOrigin } from './app-origin.js';
import { type DaemonSession, fetchFromDaemon, redeemBootstrapCode } from './daemon-session.js';
import { noticesBetween, type Snapshot, trayStatus } from './desktop-status.js';
import { IpcBridge } from './ipc-bridge.js';
import { notify } from './native-notify.js';
import { StatusWatcher } from './status-watcher.js';
import { isTrayAction, Tray, type TrayAction } from './tray.js';
import { decodePng } from './tray-icon.js';
import { loadWebviewBinding } from './webview-binding.js';
import type { Application, BrowserWindow, Webview, WebviewModule } from './webview-types.js';
import { type WindowLog, windowLog } from './window-log.js';
import { listenForShow } from './window-socket.js';
import {
  boundsOf,
  MIN_SIZE,
  placeWindow,
  readWindowState,
  recordBounds,
  restoreBounds,
  writeWindowState,
} from './window-state.js';

function reply(m: WindowLaunchReply): void {
  if (process.connected) process.send?.(m);
  if (process.connected) process.disconnect();
}

function receiveHandoff(timeoutMs = 10_000): Promise<WindowHandoff | undefined> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve(undefined);
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    process.once('message', (m: WindowHandoff) => {
      clearTimeout(timer);
      resolve(typeof m?.origin === 'string' && typeof m.code === 'string' ? m : undefined);
    });
  });
}

export async function runWindow(home: string): Promise<number> {
  const paths = homePaths(home);
  const log = windowLog(paths.logs);
  const handoff = await receiveHandoff();
  if (!handoff) {
    log('no handoff: `cowork window` is started by `cowork open`');
    return 2;
  }
  const loaded = loadWebviewBinding();
  if (!loaded.ok) {
    log(`unavailable ${loaded.reason}`);
    reply({ t: 'unavailable', reason: loaded.reason });
    return 0;
  }
  let session: DaemonSession;
  try {
    session = await redeemBootstrapCode(handoff.origin, handoff.code);
  } catch (err) {
    reply({ t: 'unavailable', reason: (err as Error).message });
    return 1;
  }
  const app = new loaded.binding.Application();
  await app.whenReady();
  const window = new NativeWindow(loaded.binding, app, session, paths, log);
  window.open(handoff.link);
  window.socket = await listenForShow(paths.windowSocket, (r) => window.show(r.link));
  process.once('SIGTERM', () => window.quit());
  log(`opened pid=${process.pid}`);
  reply({ t: 'opened', pid: process.pid });
  return new Promise<number>(() => {}); // the event pump keeps the process; "Quit window" exits
}

class NativeWindow {
  #win!: BrowserWindow;
  #view!: Webview;
  #tray: Tray | undefined;
  #watcher: StatusWatcher | undefined;
  /** The single-instance socket (window-socket.ts), closed on quit. */
  socket: Server | undefined;
  #saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly binding: WebviewModule,
    private readonly app: Application,
    private readonly session: DaemonSession,
    private readonly paths: ReturnType<typeof homePaths>,
    private readonly log: WindowLog,
  ) {}

  open(link: string | undefined): void {
    const win = this.app.createBrowserWindow({ title: 'Cowork', visible: false, resizable: true });
    this.#win = win;
    win.setMinSize(MIN_SIZE.width, MIN_SIZE.height, true);
    this.#place();
    win.registerProtocol(APP_SCHEME, (request) =>
      isAppOrigin(request.url)
        ? fetchFromDaemon(this.session, request)
        : new Response('Not found', { status: 404 }),
    );
    this.#view = win.createWebview({
      url: appUrlForLink(link),
      useHttpsScheme: true, // Windows: the app at https://cowork.app (app-origin.ts); elsewhere unused
      navigationHandler: (url) => this.#navigate(url),
      // No second window: an http(s) link meant for a new tab goes to the system browser instead.
      newWindowHandler: (e) => {
        if (e.url) this.#navigate(e.url);
        return false;
      },
    });
    const bridge = new IpcBridge(this.session, (js) => this.#view.evaluateScript(js), {
      painted: () => this.log('painted'),
      interactive: () => this.log('interactive'),
    });
    this.#view.onIpcMessage((m) => bridge.receive(m));
    win.on('move', () => this.#saveSoon());
    win.on('resize', () => this.#saveSoon());
    win.on('close', (e) => {
      e.preventDefault();
      this.#save();
      win.hide();
    });
    this.app.on('custom-menu-click', (e) => {
      const id = e.customMenuEvent?.id;
      if (isTrayAction(id)) void this.#onTray(id);
    });
    win.show();
    void this.#startTray();
  }

  /** Brings the window forward, at `link` when given (a second `cowork open LINK`, a notification). */
  show(link?: string): void {
    if (link !== undefined) this.#view.loadUrl(appUrlForLink(link));
    this.#win.show();
    this.#win.setMinimized(false);
    this.#win.focus();
  }

  #navigate(url: string): boolean {
    const d = decideNavigation(url);
    if (d.kind === 'allow') return true;
    if (d.kind === 'external') openExternal(d.url);
    if (d.kind === 'link') this.#view.loadUrl(d.url);
    return false;
  }

  #place(): void {
    const monitors = this.#win.getAvailableMonitors();
    const primary = this.#win.getPrimaryMonitor() ?? undefined;
    placeWindow(this.#win, restoreBounds(readWindowState(this.paths.windowState), monitors, primary));
  }

  #saveSoon(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.#save(), 500);
  }

  /** Keeps where the window is; a hidden one (closed to the tray) was kept as it closed. */
  #save(): void {
    clearTimeout(this.#saveTimer);
    const display = this.#win.getCurrentMonitor();
    if (!display || !this.#win.isVisible()) return;
    const state = recordBounds(readWindowState(this.paths.windowState), display, boundsOf(this.#win));
    writeWindowState(this.paths.windowState, state);
  }

  async #startTray(): Promise<void> {
    try {
      const png = await fetchFromDaemon(this.session, new Request('cowork://app/icons/cowork-48.png'));
      const picture = decodePng(Buffer.from(await png.arrayBuffer()));
      this.#tray = new Tray(this.app, picture, () => this.show());
      this.log('tray idle');
    } catch (err) {
      this.log(`tray unavailable ${(err as Error).message}`);
    }
    let before: Snapshot | undefined;
    this.#watcher = new StatusWatcher(this.session, (now) => {
      const status = trayStatus(now);
      if (this.#tray && status !== this.#tray.status) this.log(`tray ${status}`);
      this.#tray?.show(status);
      for (const n of noticesBetween(before, now))
        if (notify(this.binding, n, this.#win.isFocused(), (l) => this.show(l)))
          this.log(`notified ${n.kind}`);
      before = now;
    });
  }

  async #onTray(action: TrayAction): Promise<void> {
    if (action === 'open') return this.show();
    if (action === 'pause-all') {
      // runs.pauseAll is the daemon's (branch dpause): every running run stops where it can resume.
      const r = await this.#watcher?.rpc.call('runs.pauseAll', {}).catch((err: Error) => {
        this.log(`pause-all failed ${err.message}`);
      });
      if (r) this.log(`paused ${r.runIds.length}`);
      return;
    }
    this.quit();
  }

  /** Ends the window and the tray (not the daemon), keeping where the window is. */
  quit(): void {
    this.#save();
    this.#watcher?.stop();
    this.#tray?.dispose();
    this.socket?.close();
    this.log('quit');
    this.app.exit();
    process.exit(0);
  }
}
