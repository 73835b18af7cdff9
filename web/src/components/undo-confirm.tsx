import { Undo2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { CoworkError } from '../../../src/contracts/cowork-error';
import { current, rpc, toast } from '../state/cowork';
import { Store, useStore } from '../state/store';
import type { UndoChange } from '../state/types';
import { DiffText } from './diff';
import { FileChanges } from './file-changes';
import './confirm-dialog.css';
import './undo-confirm.css';

/** An undo of one step or a revert of a whole run, waiting for the person to confirm it. */
export type UndoRequest = { how: 'revert'; runId: string } | { how: 'undo'; checkpointId: number };
export const undoRequest = new Store<UndoRequest | null>(null);

type Conflict = { message: string; diff: string | null };

/**
 * The confirmation before an undo or a revert: which files go back, each with its lines +/-
 * (asked of the daemon for the files as they are now). A file changed outside Cowork since is
 * refused by the daemon; the dialog then shows how and offers to overwrite it.
 */
export function UndoConfirm() {
  const request = useStore(undoRequest);
  const { folder } = useStore(current);
  const dialog = useRef<HTMLDialogElement>(null);
  const [files, setFiles] = useState<UndoChange[] | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setFiles(null);
    setConflict(null);
    setBusy(false);
    if (!request) return dialog.current?.close();
    if (!dialog.current?.open) dialog.current?.showModal();
    const params =
      request.how === 'revert' ? { runId: request.runId } : { checkpointId: request.checkpointId };
    void rpc.call('checkpoints.preview', params).then(
      (r) => setFiles(r.files),
      (err: Error) => setConflict({ message: err.message, diff: null }),
    );
  }, [request]);
  const close = () => undoRequest.set(null);
  const perform = async (force: boolean) => {
    if (!request) return;
    setBusy(true);
    try {
      if (request.how === 'revert') await rpc.call('runs.revert', { runId: request.runId, force });
      else await rpc.call('checkpoints.undo', { checkpointId: request.checkpointId, force });
      toast(request.how === 'revert' ? 'Run reverted.' : 'Change undone.');
      close();
    } catch (err) {
      const e = err as CoworkError;
      const diff = e.code === 'CONFLICT' ? e.details?.['diff'] : undefined;
      setConflict({ message: e.message, diff: typeof diff === 'string' ? diff : null });
      setBusy(false);
    }
  };
  const revert = request?.how === 'revert';
  const verb = revert ? 'Revert run' : 'Undo change';
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog undo-confirm"
      aria-labelledby="undo-confirm-title"
      data-testid="undo-confirm"
      onClose={close}
    >
      <h2 id="undo-confirm-title">
        <Undo2 aria-hidden="true" size={18} /> {revert ? 'Revert this run?' : 'Undo this change?'}
      </h2>
      {files === null && !conflict && <p className="muted">Checking what would change…</p>}
      {files?.length === 0 && (
        <p>Nothing to put back: {revert ? 'this run' : 'this step'} changed no file that is still changed.</p>
      )}
      {files && files.length > 0 && (
        <>
          <p>
            {files.length === 1 ? 'This file goes' : `These ${files.length} files go`} back to how{' '}
            {files.length === 1 ? 'it was' : 'they were'} before {revert ? 'the run' : 'the change'}:
          </p>
          <FileChanges files={files} folder={folder} />
        </>
      )}
      {conflict && (
        <div className="undo-conflict" role="alert">
          <p className="error">{conflict.message}</p>
          {conflict.diff && <DiffText text={conflict.diff} />}
        </div>
      )}
      <div className="confirm-dialog-actions">
        <button type="button" onClick={close}>
          Cancel
        </button>
        {conflict?.diff ? (
          <button type="button" className="danger" disabled={busy} onClick={() => void perform(true)}>
            Overwrite and {revert ? 'revert' : 'undo'}
          </button>
        ) : (
          <button
            type="button"
            className="danger"
            disabled={busy || !files || files.length === 0}
            onClick={() => void perform(false)}
          >
            {verb}
          </button>
        )}
      </div>
    </dialog>
  );
}
