/**
 * The tray icon: the status in its picture and tooltip, and its menu — Open, Pause all, Quit
 * window. Quitting closes only the window and the tray: the daemon is the service and keeps running.
 */
import { TRAY_LABEL, type TrayStatus } from './desktop-status.js';
import { type RgbaImage, withStatusDot } from './tray-icon.js';
import type { Application, MenuItem, TrayIcon } from './webview-types.js';

export type TrayAction = 'open' | 'pause-all' | 'quit';

const MENU: readonly (MenuItem & { id: TrayAction })[] = [
  { id: 'open', label: 'Open Cowork' },
  { id: 'pause-all', label: 'Pause all runs' },
  { id: 'quit', label: 'Quit window (Cowork keeps running)' },
];

export function isTrayAction(id: string | undefined): id is TrayAction {
  return MENU.some((m) => m.id === id);
}

export class Tray {
  readonly #icon: TrayIcon;
  #status: TrayStatus = 'idle';

  constructor(
    app: Application,
    private readonly picture: RgbaImage,
    onOpen: () => void,
  ) {
    this.#icon = app.createTrayIcon({
      id: 'cowork',
      icon: { data: picture.data, width: picture.width, height: picture.height },
      tooltip: TRAY_LABEL.idle,
      menu: { items: [...MENU] },
    });
    this.#icon.on('click', onOpen);
  }

  get status(): TrayStatus {
    return this.#status;
  }

  show(status: TrayStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    const p = withStatusDot(this.picture, status);
    this.#icon.setIcon(p.data, p.width, p.height);
    this.#icon.setTooltip(TRAY_LABEL[status]);
  }

  dispose(): void {
    this.#icon.dispose();
  }
}
