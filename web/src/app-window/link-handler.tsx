import { Link2 } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { approvalPlace, revealApproval } from '../state/approval-place';
import { approvals, current, panel, ready, runs, toast } from '../state/cowork';
import { useStore } from '../state/store';
import { workforces } from '../state/workforce';
import { fillComposer } from '../views/chat';
import { type CoworkLink, linkRequest } from './links';
import '../components/confirm-dialog.css';
import './link-handler.css';

/**
 * Does what a `cowork://` link (or a notification's click) names, once the daemon's lists are
 * read: shows a session or an approval's card, or opens the Approvals panel or a new chat. A
 * `run?prompt=` link only asks: on "Put it in a new chat" the prompt waits in the composer, and
 * nothing runs until the person sends it.
 */
export function LinkHandler({ openChat }: { openChat: () => void }) {
  const link = useStore(linkRequest);
  const loaded = useStore(ready);
  const dialog = useRef<HTMLDialogElement>(null);
  const asking = link?.kind === 'run' ? link : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: acting on the link is the point
  useEffect(() => {
    if (!link || !loaded || link.kind === 'run') return;
    linkRequest.set(null);
    follow(link, openChat);
  }, [link, loaded]);
  useEffect(() => {
    if (asking && !dialog.current?.open) dialog.current?.showModal();
    if (!asking) dialog.current?.close();
  }, [asking]);
  const close = () => linkRequest.set(null);
  const accept = () => {
    if (!asking) return;
    current.set((c) => ({ sessionId: null, folder: c.folder }));
    openChat();
    fillComposer(asking.prompt);
    close();
  };
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog link-prompt"
      aria-labelledby="link-prompt-title"
      data-testid="link-prompt"
      onClose={close}
    >
      <h2 id="link-prompt-title">
        <Link2 aria-hidden="true" size={18} /> A link asks Cowork to run this
      </h2>
      <blockquote data-testid="link-prompt-text">{asking?.prompt}</blockquote>
      <p className="muted">
        Nothing has run. It goes into a new chat’s message box, where you can read it, change it, pick the
        folder and send it — or not.
      </p>
      <div className="confirm-dialog-actions">
        <button type="button" onClick={close}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={accept}>
          Put it in a new chat
        </button>
      </div>
    </dialog>
  );
}

function follow(link: Exclude<CoworkLink, { kind: 'run' }>, openChat: () => void): void {
  if (link.kind === 'session') {
    const team = workforces.get().find((w) => w.sessionId === link.id);
    const run = [...runs.get().values()].find((r) => r.info.sessionId === link.id);
    const folder = run?.info.folder ?? team?.folder;
    if (folder === undefined) toast('That session is not on this Cowork.', 'error');
    else {
      current.set({ sessionId: link.id, folder });
      openChat();
    }
  } else if (link.kind === 'approval') showApproval(link.id, openChat);
  else if (link.kind === 'new') {
    current.set((c) => ({ sessionId: null, folder: c.folder }));
    openChat();
  } else if (link.kind === 'approvals') panel.set('approvals');
  else toast(`Not a Cowork link: ${link.text}`, 'error');
}

/** The approval's card where it lives (its conversation, its workforce, the panel). */
function showApproval(id: string, openChat: () => void): void {
  const a = approvals.get().find((x) => x.id === id);
  if (!a) {
    toast('That approval is no longer waiting: it was answered or it expired.', 'error');
    return;
  }
  const place = approvalPlace(a, current.get().sessionId, runs.get(), workforces.get());
  panel.set(place.where === 'terminal' ? 'terminal' : 'approvals');
  if (place.where === 'session' || place.where === 'workforce')
    current.set({ sessionId: place.sessionId, folder: place.folder });
  if (place.where !== 'panel' && place.where !== 'terminal') {
    openChat();
    revealApproval.set(a.id);
  }
}
