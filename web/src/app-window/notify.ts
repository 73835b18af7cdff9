/**
 * Desktop notifications, only when the person turned them on in Settings → App (the browser asks
 * them then, never on load): an approval waits, or a run that took longer than 30 s ended. A click
 * brings the window forward on that approval's card or that run's session. Only live events
 * notify: the history replayed on connect does not.
 */
import type { CoworkEvent } from '../../../src/contracts/index';
import { LONG_RUN_NOTICE_MS } from '../../../src/contracts/shared-values';
import { rpc, runs } from '../state/cowork';
import { Store } from '../state/store';
import { type CoworkLink, linkRequest } from './links';

const WANTED = 'cowork.notifications';

export type NotifyState = 'unsupported' | 'off' | 'on' | 'blocked';

function currentState(): NotifyState {
  if (!('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && localStorage.getItem(WANTED) === 'on' ? 'on' : 'off';
}
export const notifyState = new Store<NotifyState>(currentState());

/** From Settings' button: the browser's question is asked here, on the person's click. */
export async function setNotifications(on: boolean): Promise<void> {
  if (on && 'Notification' in window && Notification.permission === 'default')
    await Notification.requestPermission();
  localStorage.setItem(WANTED, on ? 'on' : 'off');
  notifyState.set(currentState());
}

function notify(title: string, body: string, tag: string, open: CoworkLink): void {
  if (notifyState.get() !== 'on') return;
  const n = new Notification(title, { body, tag, icon: '/icons/cowork-192.png' });
  n.onclick = () => {
    window.focus();
    linkRequest.set(open);
    n.close();
  };
}

const RUN_ENDS: Partial<Record<CoworkEvent['type'], string>> = {
  'run.completed': 'Run finished',
  'run.failed': 'Run failed',
  'run.cancelled': 'Run cancelled',
};

function onEvent(e: CoworkEvent): void {
  if (e.sequence <= rpc.replayHead) return;
  if (e.type === 'approval.requested') {
    const { approval } = e.payload;
    notify('Cowork needs your approval', approval.title, `approval:${approval.id}`, {
      kind: 'approval',
      id: approval.id,
    });
    return;
  }
  const title = RUN_ENDS[e.type];
  const runId = (e.payload as { runId?: unknown } | null)?.runId;
  if (!title || typeof runId !== 'string') return;
  const run = runs.get().get(runId);
  if (!run || Date.now() - Date.parse(run.info.createdAt) < LONG_RUN_NOTICE_MS) return;
  notify(title, run.info.prompt.slice(0, 120), `run:${run.info.id}`, {
    kind: 'session',
    id: run.info.sessionId,
  });
}

export function startNotifications(): void {
  rpc.onEvent(onEvent);
}
