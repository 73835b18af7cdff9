/**
 * Settings → Notes: the folder the agent's notes go to (note.create, note.append, note.list).
 * Only a folder inside a read-write grant can be chosen; the daemon says why when it is not.
 */
import { useEffect, useState } from 'react';
import { FolderInput } from '../../components/folder-input';
import { FormError } from '../../components/form-error';
import { useRpc } from '../../rpc/use-rpc';
import { rpc } from '../../state/cowork';

export function Notes() {
  const page = useRpc();
  const choosing = useRpc('form');
  const [folder, setFolder] = useState<string | null | undefined>(undefined);
  const [path, setPath] = useState('');
  useEffect(() => {
    void page.run(rpc.call('notes.folder', {}), (r) => setFolder(r.folder));
  }, [page.run]);
  const choose = (next: string | null) =>
    choosing.run(rpc.call('notes.setFolder', { folder: next }), (r) => {
      setFolder(r.folder);
      setPath('');
    });
  return (
    <section>
      <h2>Notes</h2>
      <p className="muted">
        The agent keeps notes as Markdown files (one per note, titled on its first line) in this folder. It
        must be inside a folder Cowork may write to.
      </p>
      {folder !== undefined && (
        <p data-testid="notes-folder">
          {folder === null ? (
            'No notes folder is chosen: the agent cannot keep notes.'
          ) : (
            <>
              Notes go to <strong>{folder}</strong>{' '}
              <button type="button" onClick={() => void choose(null)}>
                Stop keeping notes
              </button>
            </>
          )}
        </p>
      )}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void choose(path);
        }}
      >
        <FolderInput
          value={path}
          onChange={setPath}
          placeholder="/home/you/notes (Tab completes)"
          label="Notes folder"
        />
        <button type="submit" className="primary">
          {folder ? 'Change folder' : 'Choose folder'}
        </button>
      </form>
      {choosing.error && <FormError>{choosing.error.message}</FormError>}
    </section>
  );
}
