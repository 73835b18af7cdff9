/**
 * Native notifications of what the person should hear about (desktop-status.ts decides what):
 * an approval waiting — unless the window is in front, where the card already shows — and a long
 * run that ended. A click brings the window forward at the approval's card or the run's session.
 */
import { type DesktopNotice, noticeLink } from './desktop-status.js';
import type { WebviewModule } from './webview-types.js';

export function noticeText(n: DesktopNotice): { title: string; body: string } {
  if (n.kind === 'approval') return { title: 'Cowork is waiting for you', body: n.title };
  const how = n.status === 'completed' ? 'finished' : n.status;
  return { title: `A run ${how}`, body: n.prompt.slice(0, 200) };
}

export function notify(
  binding: WebviewModule,
  n: DesktopNotice,
  windowFocused: boolean,
  onClick: (link: string) => void,
): boolean {
  if (n.kind === 'approval' && windowFocused) return false;
  const { title, body } = noticeText(n);
  const note = new binding.Notification(title, { body });
  note.on('click', () => onClick(noticeLink(n)));
  note.on('error', () => {});
  return true;
}
