/**
 * The whole workforce's controls: pause / resume, stop (confirmed: running workers are cancelled),
 * and a message to the coordinator. Each is a request the daemon queues; it shows as queued until
 * the scheduler's next tick applies it.
 */
import { CirclePause, CirclePlay, CircleStop, Send } from 'lucide-react';
import { useId, useState } from 'react';
import { request, type WorkforceRequest, type WorkforceView } from '../state/workforce';
import { FormError } from './form-error';
import { QueuedList } from './workforce-actions';

type Whole = Extract<WorkforceRequest, 'workforce.pause' | 'workforce.resume' | 'workforce.stop'>;

/** A workforce that has ended takes no more requests. */
export function takesRequests(status: WorkforceView['workforce']['status']): boolean {
  return status !== 'completed' && status !== 'stopped' && status !== 'failed';
}

export function WorkforceControls({ view }: { view: WorkforceView }) {
  const { id, status } = view.workforce;
  const [busy, setBusy] = useState<Whole | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = takesRequests(status);
  const send = async (method: Whole) => {
    setBusy(method);
    setError(null);
    try {
      await request(method, { id });
      setConfirming(false);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const whole = view.pending.filter((p) => p.task === undefined && p.kind !== 'message');
  // A workforce that has ended takes nothing more: its status says how it ended.
  if (!open) return null;
  return (
    <div className="wf-controls">
      <fieldset className="wf-actions" aria-label="Workforce">
        {status === 'paused' ? (
          <button type="button" disabled={busy !== null} onClick={() => void send('workforce.resume')}>
            <CirclePlay aria-hidden="true" size={15} /> {busy === 'workforce.resume' ? 'Sending…' : 'Resume'}
          </button>
        ) : (
          <button type="button" disabled={busy !== null} onClick={() => void send('workforce.pause')}>
            <CirclePause aria-hidden="true" size={15} /> {busy === 'workforce.pause' ? 'Sending…' : 'Pause'}
          </button>
        )}
        <button
          type="button"
          className="danger"
          disabled={busy !== null}
          aria-expanded={confirming}
          onClick={() => setConfirming(true)}
        >
          <CircleStop aria-hidden="true" size={15} /> Stop…
        </button>
      </fieldset>
      {confirming && (
        <fieldset className="wf-confirm" aria-labelledby="wf-stop-q" data-testid="stop-confirm">
          <p id="wf-stop-q">
            Stop the whole workforce? Running workers are cancelled and the tasks not done are canceled. It
            cannot be resumed.
          </p>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it running
          </button>
          <button
            type="button"
            className="danger"
            disabled={busy !== null}
            onClick={() => void send('workforce.stop')}
          >
            {busy === 'workforce.stop' ? 'Sending…' : 'Stop the workforce'}
          </button>
        </fieldset>
      )}
      {error && <FormError>{error}</FormError>}
      <QueuedList pending={whole} label="Queued for the workforce" />
    </div>
  );
}

/** A message to the coordinator: queued, and given to the workers assigned after it. */
export function CoordinatorMessage({ view }: { view: WorkforceView }) {
  const { id, status } = view.workforce;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useId();
  const queued = view.pending.filter((p) => p.kind === 'message');
  const open = takesRequests(status);
  if (!open && view.messages.length === 0) return null;
  return (
    <section className="wf-message" aria-labelledby={`${field}-h`}>
      <h3 id={`${field}-h`}>To the coordinator</h3>
      {view.messages.length > 0 && (
        <ul className="wf-messages" aria-label="Messages applied">
          {view.messages.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: messages only ever grow at the end
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <QueuedList pending={queued} label="Messages queued" />
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            setBusy(true);
            setError(null);
            request('workforce.message', { id, text: text.trim() })
              .then(() => setText(''))
              .catch((err: Error) => setError(err.message))
              .finally(() => setBusy(false));
          }}
        >
          <p id={`${field}-hint`} className="muted">
            Queued, and applied at the next step, not mid-task: workers assigned after it are told.
          </p>
          <div className="wf-message-row">
            <textarea
              id={field}
              rows={2}
              aria-label="Message to the coordinator"
              aria-describedby={`${field}-hint`}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" disabled={busy || !text.trim()}>
              <Send aria-hidden="true" size={14} /> {busy ? 'Sending…' : 'Send'}
            </button>
          </div>
          {error && <FormError>{error}</FormError>}
        </form>
      )}
    </section>
  );
}
