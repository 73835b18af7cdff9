/**
 * Settings → App: the installed window (install it, or where it is), notifications (the browser
 * asks for permission here, on the person's click, never on load), and what `cowork://` links do.
 */
import { useState } from 'react';
import { type NotifyState, notifyState, setNotifications } from '../../app-window/notify';
import { install, installOffer, isInstalledWindow } from '../../app-window/register';
import { useStore } from '../../state/store';

const NOTIFY_TEXT: Record<NotifyState, string> = {
  on: 'On: you are told when an approval waits or a run that took over 30 seconds ends.',
  off: 'Off.',
  blocked:
    'Your browser blocks notifications from Cowork. Allow them in the site settings (the icon left of the address), then turn them on here.',
  unsupported: 'This browser cannot show notifications.',
};

export function AppWindow() {
  const offer = useStore(installOffer);
  const notify = useStore(notifyState);
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      await setNotifications(notify !== 'on');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h2>App</h2>
      <h3>Window</h3>
      <p data-testid="install-state">
        {isInstalledWindow()
          ? 'This is Cowork’s own window: it has its icon in the app menu and task bar, and the number of approvals waiting shows on it.'
          : offer
            ? 'Cowork can be installed as an app: its own window, icon and task-bar entry.'
            : 'To give Cowork its own window, use your browser’s “Install Cowork” (in Chrome, Edge or Chromium: the install icon in the address bar, or the menu).'}
        {!isInstalledWindow() && (
          <>
            {' '}
            <code>cowork desktop install</code> adds Cowork to the app menu and makes it open{' '}
            <code>cowork://</code> links.
          </>
        )}
      </p>
      {offer && !isInstalledWindow() && (
        <button type="button" className="primary" onClick={() => void install()}>
          Install Cowork
        </button>
      )}
      <h3>Notifications</h3>
      <p data-testid="notify-state">{NOTIFY_TEXT[notify]}</p>
      {(notify === 'on' || notify === 'off') && (
        <button type="button" disabled={busy} onClick={() => void toggle()}>
          {notify === 'on' ? 'Turn notifications off' : 'Turn notifications on'}
        </button>
      )}
      <h3>Links</h3>
      <p className="muted">
        <code>cowork://session/ID</code> opens a session, <code>cowork://approval/ID</code> an approval’s
        card, and <code>cowork://run?prompt=…</code> puts a prompt in a new chat once you say so — a link
        never runs anything by itself. They open here through <code>cowork open LINK</code>, which{' '}
        <code>cowork desktop install</code> registers as their handler.
      </p>
    </section>
  );
}
