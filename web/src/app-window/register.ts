/**
 * The installable window: the service worker (web/service-worker.js) and the browser's install
 * offer, kept so Settings → App can show an "Install Cowork" button.
 */
import { isNativeWindow } from '../rpc/ipc-transport';
import { Store } from '../state/store';

interface InstallPrompt extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** The browser's offer to install, when it made one (Chromium's `beforeinstallprompt`). */
export const installOffer = new Store<InstallPrompt | null>(null);

/** Running as the installed app's own window (not a tab). */
export function isInstalledWindow(): boolean {
  return ['standalone', 'window-controls-overlay'].some((m) => matchMedia(`(display-mode: ${m})`).matches);
}

export function registerAppWindow(): void {
  window.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault();
    installOffer.set(e as InstallPrompt);
  });
  window.addEventListener('appinstalled', () => installOffer.set(null));
  // The native window serves the page itself (cowork://app): no worker, nothing to install.
  if (isNativeWindow()) return;
  if ('serviceWorker' in navigator)
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
}

export async function install(): Promise<void> {
  const offer = installOffer.get();
  if (!offer) return;
  await offer.prompt();
  await offer.userChoice;
  installOffer.set(null);
}
