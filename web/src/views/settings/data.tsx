/**
 * Settings → Data: where Cowork keeps everything and how big it is, its backups, export all, delete
 * everything.
 */
import { useEffect, useState } from 'react';
import { DELETE_ALL_PHRASE } from '../../../../src/contracts/shared-values';
import { FormError } from '../../components/form-error';
import { useRpc } from '../../rpc/use-rpc';
import { dataDeleted, rpc } from '../../state/cowork';
import type { RpcResult } from '../../state/types';

function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (; n >= 1024 && i < units.length - 1; i++) n /= 1024;
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function Data() {
  const page = useRpc();
  const [info, setInfo] = useState<RpcResult<'data.info'> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: measured once when the page opens
  useEffect(() => {
    void page.run(rpc.call('data.info'), setInfo);
  }, []);
  const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
  return (
    <section className="data">
      <h2>Your data</h2>
      <p>
        Everything Cowork keeps — chats, memory, checkpoints, the audit log, keys — is in one folder on this
        machine. Nothing is sent anywhere except to the model providers you add.
      </p>
      {info ? (
        <>
          <p>
            Folder: <code data-testid="data-home">{info.home}</code>
          </p>
          <table className="data-parts" data-testid="data-parts">
            <tbody>
              {info.parts
                .filter((p) => p.bytes > 0 || p.id !== 'other')
                .map((p) => (
                  <tr key={p.id}>
                    <td>{p.label}</td>
                    <td>
                      <code className="muted">{p.path}</code>
                    </td>
                    <td className="num">{formatBytes(p.bytes)}</td>
                  </tr>
                ))}
              <tr className="total">
                <td>In all</td>
                <td />
                <td className="num">
                  {formatBytes(info.totalBytes)}
                  {info.truncated ? '+' : ''}
                </td>
              </tr>
            </tbody>
          </table>
          <p className="muted">
            {count(info.counts.chats, 'chat', 'chats')} · {count(info.counts.runs, 'run', 'runs')} ·{' '}
            {count(info.counts.events, 'event', 'events')} ·{' '}
            {count(info.counts.auditEntries, 'audit entry', 'audit entries')}
          </p>
        </>
      ) : (
        <p className="muted">Measuring…</p>
      )}
      <h3>Backups</h3>
      <Backups />
      <h3>Export all</h3>
      <p>
        One <code>.tar.gz</code> file: the databases (chats, runs, audit log, memory index), checkpoints and
        your settings files, with a manifest. Your API keys and login tokens are never in it.
      </p>
      {/* A plain download: the browser's login cookie authenticates it, the page never holds a token. */}
      <a className="button" href={info?.exportUrl ?? '/api/data/export'} download>
        Export all
      </a>
      <h3>Delete everything</h3>
      <DeleteEverything />
    </section>
  );
}

/** The newest backup of the database; older ones are listed by `cowork data backups`. */
function Backups() {
  const page = useRpc();
  const [list, setList] = useState<RpcResult<'data.backups'> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when the page opens
  useEffect(() => {
    void page.run(rpc.call('data.backups'), setList);
  }, []);
  if (!list) return <p className="muted">Looking for backups…</p>;
  const newest = list.backups[0];
  return (
    <>
      <p>
        Cowork backs up its database every day and before each upgrade of its format, and keeps the last{' '}
        {list.kept} in <code>{list.folder}</code>. To go back to one, stop Cowork and run{' '}
        <code>cowork data restore</code>.
      </p>
      <p data-testid="data-newest-backup">
        {newest ? (
          <>
            Newest backup: <strong>{new Date(newest.createdAt).toLocaleString()}</strong> ·{' '}
            {formatBytes(newest.bytes)}
            {newest.events === null
              ? ''
              : ` · ${newest.events.toLocaleString()} event${newest.events === 1 ? '' : 's'}`}{' '}
            · {list.backups.length} kept
          </>
        ) : (
          'No backup yet: the first one is made when Cowork starts.'
        )}
      </p>
    </>
  );
}

/** Deleting everything asks for the phrase inline (no window.prompt), then ends the app. */
function DeleteEverything() {
  const deleting = useRpc('form');
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  if (!asking) {
    return (
      <>
        <p>
          Removes all of Cowork&apos;s data from this machine, including your keys, and stops Cowork. This
          cannot be undone: export first if you may want any of it back.
        </p>
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          Delete everything…
        </button>
      </>
    );
  }
  const confirm = () => {
    deleting.clear();
    void deleting.run(rpc.call('data.deleteAll', { confirm: DELETE_ALL_PHRASE }), () => {
      rpc.end();
      dataDeleted.set(true);
    });
  };
  return (
    <form
      className="confirm-delete"
      aria-label="Confirm deleting everything"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed === DELETE_ALL_PHRASE && !deleting.busy) confirm();
      }}
    >
      <p>
        <strong>
          This deletes all chats, memory, checkpoints, the audit log and your keys, then stops Cowork.
        </strong>{' '}
        Type <code>{DELETE_ALL_PHRASE}</code> to confirm.
      </p>
      <div className="inline">
        <input
          aria-label="Type the phrase to confirm"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder={DELETE_ALL_PHRASE}
        />
        <button
          type="submit"
          className="danger solid"
          disabled={typed !== DELETE_ALL_PHRASE || deleting.busy}
        >
          {deleting.busy ? 'Deleting…' : 'Delete everything'}
        </button>
        <button
          type="button"
          onClick={() => {
            setAsking(false);
            setTyped('');
            deleting.clear();
          }}
        >
          Cancel
        </button>
      </div>
      {deleting.error && <FormError>{deleting.error.message}</FormError>}
    </form>
  );
}
