import { Ban, Globe } from 'lucide-react';
import { useEffect, useState } from 'react';
import { rpc, sessions, toast } from '../state/cowork';
import { useStore } from '../state/store';
import type { RpcResult, WorkspaceSession } from '../state/types';
import '../components/panel-empty.css';
import './panels.css';

/** What navigating, clicking and typing answer alike: the step's outcome and its screenshot. */
type Step = RpcResult<'browser.navigate'>;

/** A step the policy (or the page) refused: said in place of the picture, with the rule's reason code. */
function Refused({ step }: { step: Step }) {
  return (
    <div className="browser-refused" role="alert" data-testid="browser-refused">
      <Ban aria-hidden="true" size={22} />
      <div>
        <strong>{step.reasonCode ? 'Cowork blocked this page' : 'The page could not be shown'}</strong>
        <p>{step.message}</p>
        {step.reasonCode && (
          <p className="muted">
            Reason: <code>{step.reasonCode}</code>. Rules are in Settings → Rules.
          </p>
        )}
      </div>
    </div>
  );
}

/**
 * A browser session as the person sees it: the latest screenshot (streamed as events), its address;
 * when they take control, clicks on the picture and typed text go to the page.
 */
function BrowserView({ session, first }: { session: WorkspaceSession; first: Step | undefined }) {
  const [shot, setShot] = useState<{ blob: string; url: string } | null>(null);
  const [refused, setRefused] = useState<Step | null>(null);
  // The session may be listed (and this shown) before browser.open answers with its first step.
  useEffect(() => {
    if (first && !first.success) setRefused(first);
  }, [first]);
  const [address, setAddress] = useState('');
  const [text, setText] = useState('');
  useEffect(() => {
    void rpc.call('browser.screenshot', { id: session.id }).then(
      (s) => setShot((prev) => prev ?? { blob: s.blob, url: '' }),
      () => {},
    );
    return rpc.onEvent((e) => {
      if (e.type !== 'browser.screenshot' || e.sessionId !== session.id) return;
      setShot({ blob: e.payload.blob, url: e.payload.url });
      // The page moved on (the agent, or a later step): the refusal is no longer what it shows.
      setRefused((r) => (r && r.url !== e.payload.url ? null : r));
    });
  }, [session.id]);
  const mine = session.controller === 'user';
  const step = (call: Promise<Step>) =>
    call.then(
      (r) => {
        if (r.blob) setShot({ blob: r.blob, url: r.url });
        setRefused(r.success ? null : r);
      },
      (err: Error) => toast(err.message, 'error'),
    );
  return (
    <div className="browser-view">
      <form
        className="panel-bar"
        onSubmit={(e) => {
          e.preventDefault();
          void step(rpc.call('browser.navigate', { id: session.id, url: address }));
        }}
      >
        <input
          value={address || shot?.url || ''}
          onChange={(e) => setAddress(e.target.value)}
          aria-label="Address"
          disabled={!mine}
        />
        <button
          type="button"
          onClick={() =>
            void rpc.call('sessions.control', { id: session.id, controller: mine ? 'agent' : 'user' })
          }
        >
          {mine ? 'Hand back to agent' : 'Take control'}
        </button>
      </form>
      {refused ? (
        <Refused step={refused} />
      ) : (
        shot && (
          <button
            type="button"
            className="shot"
            disabled={!mine}
            title={mine ? 'Click on the page' : 'Take control to click'}
            onClick={(e) => {
              const img = e.currentTarget.querySelector('img')!;
              const rect = img.getBoundingClientRect();
              const x = ((e.clientX - rect.left) / rect.width) * 1280;
              const y = ((e.clientY - rect.top) / rect.height) * 800;
              void step(rpc.call('browser.click', { id: session.id, x: Math.round(x), y: Math.round(y) }));
            }}
          >
            <img
              src={`/api/screenshots/${shot.blob}`}
              alt={`The page ${shot.url}`}
              data-testid="browser-shot"
            />
          </button>
        )
      )}
      {mine && (
        <form
          className="panel-bar"
          onSubmit={(e) => {
            e.preventDefault();
            void step(rpc.call('browser.type', { id: session.id, text, submit: true })).then(() =>
              setText(''),
            );
          }}
        >
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Type into the page (Enter submits)"
            aria-label="Type into the page"
          />
        </form>
      )}
    </div>
  );
}

export function BrowserPanel() {
  const all = useStore(sessions).filter((s) => s.kind === 'browser' && s.status !== 'closed');
  const [active, setActive] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [first, setFirst] = useState<Record<string, Step>>({});
  const shown = all.find((s) => s.id === active) ?? all.at(-1);
  return (
    <div className="browser-panel">
      <form
        className="panel-bar"
        onSubmit={(e) => {
          e.preventDefault();
          void rpc.call('browser.open', { url }).then(
            ({ navigation, ...s }) => {
              if (navigation) setFirst((f) => ({ ...f, [s.id]: navigation }));
              setActive(s.id);
            },
            (err: Error) => toast(err.message, 'error'),
          );
        }}
      >
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://…"
          aria-label="Open a page"
        />
        <button type="submit">Open</button>
      </form>
      {all.length > 1 && (
        <label className="panel-pick">
          <span>Browser</span>
          <select value={shown?.id ?? ''} onChange={(e) => setActive(e.target.value)}>
            {all.map((s) => (
              <option
                key={s.id}
                value={s.id}
              >{`${s.title ?? 'browser'} (${s.controller === 'user' ? 'you' : 'agent'})`}</option>
            ))}
          </select>
        </label>
      )}
      {shown ? (
        <BrowserView key={shown.id} session={shown} first={first[shown.id]} />
      ) : (
        <div className="panel-empty" data-testid="browser-empty">
          <Globe aria-hidden="true" size={28} />
          <p>No browser open.</p>
          <p className="muted">The agent opens one when it browses. Open a page above to look yourself.</p>
        </div>
      )}
    </div>
  );
}
