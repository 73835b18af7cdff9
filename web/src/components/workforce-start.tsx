/**
 * "Run as a workforce…": the prompt goes to a planner that splits it into tasks, run by several
 * workers at once in the folder shown. Opened from the composer (with what is typed there) or the
 * palette; the workforce then opens in the main area.
 */
import { Network } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { current, toast } from '../state/cowork';
import { AUTO_MODEL } from '../state/remembered-model';
import { Store, useStore } from '../state/store';
import type { RunInfo } from '../state/types';
import { runWorkforce } from '../state/workforce';
import { FormError } from './form-error';
import './workforce-start.css';

/** The dialog's request: open, with this prompt to start from (and who to tell once it started). */
export const workforceStart = new Store<{ prompt: string; onStarted?: () => void } | null>(null);

const MAX_WORKERS = 16;

export function WorkforceStart({ model, mode }: { model: string; mode: RunInfo['mode'] }) {
  const requested = useStore(workforceStart);
  const { folder } = useStore(current);
  const dialog = useRef<HTMLDialogElement>(null);
  const [prompt, setPrompt] = useState('');
  const [workers, setWorkers] = useState('4');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  useEffect(() => {
    setError(null);
    setBusy(false);
    if (!requested) return dialog.current?.close();
    setPrompt(requested.prompt);
    if (!dialog.current?.open) dialog.current?.showModal();
  }, [requested]);
  const close = () => workforceStart.set(null);
  const count = Number(workers);
  const valid = prompt.trim() !== '' && Number.isInteger(count) && count >= 1 && count <= MAX_WORKERS;
  const start = async () => {
    if (!folder || !valid) return;
    setBusy(true);
    setError(null);
    try {
      const w = await runWorkforce({
        prompt: prompt.trim(),
        folder,
        workers: count,
        mode,
        ...(model === AUTO_MODEL ? {} : { model }),
        origin: 'ui',
      });
      current.set({ sessionId: w.sessionId, folder });
      requested?.onStarted?.();
      toast('Workforce started: the planner is splitting the work into tasks.');
      close();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <dialog
      ref={dialog}
      className="workforce-start"
      aria-labelledby={`${id}-title`}
      data-testid="workforce-start"
      onClose={close}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <h2 id={`${id}-title`}>
          <Network aria-hidden="true" size={18} /> Run as a workforce
        </h2>
        <p className="muted">
          A planner splits the request into tasks; workers run them in parallel in{' '}
          {folder ? <code>{folder}</code> : 'a granted folder'}, each asking before anything risky ({mode}{' '}
          mode).
        </p>
        <label htmlFor={`${id}-prompt`}>What should the workforce do?</label>
        <textarea
          id={`${id}-prompt`}
          rows={5}
          value={prompt}
          required
          onChange={(e) => setPrompt(e.target.value)}
        />
        <label htmlFor={`${id}-workers`}>Workers in parallel</label>
        <input
          id={`${id}-workers`}
          type="number"
          min={1}
          max={MAX_WORKERS}
          step={1}
          value={workers}
          onChange={(e) => setWorkers(e.target.value)}
        />
        {requested && !folder && <FormError>Grant a folder first: a workforce works inside one.</FormError>}
        {error && <FormError>{error}</FormError>}
        <div className="workforce-start-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !folder || !valid}>
            {busy ? 'Starting…' : 'Start the workforce'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
