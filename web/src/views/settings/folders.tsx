/** Settings → Folders: the folders Cowork may use, and granting one more. */
import { useState } from 'react';
import { FolderInput } from '../../components/folder-input';
import { FormError } from '../../components/form-error';
import { useRpc } from '../../rpc/use-rpc';
import { grants, refresh, rpc } from '../../state/cowork';
import { useStore } from '../../state/store';

export function Folders() {
  const list = useStore(grants);
  const page = useRpc();
  const granting = useRpc('form');
  const [path, setPath] = useState('');
  const [write, setWrite] = useState(true);
  return (
    <section>
      <h2>Folders Cowork may use</h2>
      <ul className="rows">
        {list.map((g) => (
          <li key={g.path}>
            <strong>{g.path}</strong>{' '}
            <span className="muted">{g.mode === 'rw' ? 'read and write' : 'read only'}</span>
            {g.runId && (
              <span
                className="note-badge"
                data-testid="grant-run-only"
                title={`Granted for one run only (${g.runId}); it ends with the run. Remove ends it now.`}
              >
                this run only
              </span>
            )}
            {g.containsCoworkData && (
              <span
                className="note-badge"
                data-testid="grant-contains-cowork-data"
                title="Cowork's own data folder (its token, secret store, database and policy) lies inside this folder. No operation or command can reach it."
              >
                contains Cowork's own data (always hidden)
              </span>
            )}
            <button
              type="button"
              onClick={() => void page.run(rpc.call('grants.remove', { path: g.path }), refresh)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void granting.run(rpc.call('grants.add', { path, mode: write ? 'rw' : 'ro' }), () => {
            setPath('');
            return refresh();
          });
        }}
      >
        <FolderInput
          value={path}
          onChange={setPath}
          placeholder="/home/you/projects/site (Tab completes)"
          label="Folder to grant"
        />
        <label>
          <input type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} /> may write
        </label>
        <button type="submit" className="primary">
          Grant
        </button>
      </form>
      {granting.error && <FormError>{granting.error.message}</FormError>}
    </section>
  );
}
