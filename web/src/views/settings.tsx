import { useEffect, useState } from 'react';
import { DELETE_ALL_PHRASE } from '../../../src/contracts/shared-values';
import { FolderInput } from '../components/folder-input';
import { VirtualRows } from '../components/virtual-rows';
import { dataDeleted, grants, providers, refresh, rpc, toast } from '../state/cowork';
import { useStore } from '../state/store';
import type { PolicyDecision } from '../state/types';
import { Routing } from './routing';

export type SettingsPage = 'models' | 'folders' | 'policy' | 'audit' | 'data';

const fail = (err: Error) => toast(err.message, 'error');

function Models() {
  const list = useStore(providers);
  const [form, setForm] = useState({
    id: '',
    kind: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:11434/v1',
    model: '',
    key: '',
  });
  const add = async () => {
    const config = {
      id: form.id,
      kind: form.kind,
      ...(form.baseUrl ? { baseUrl: form.baseUrl } : {}),
      models: form.model ? [{ id: form.model }] : [],
      ...(form.model ? { defaultModel: form.model } : {}),
    };
    await rpc.call('providers.add', config);
    if (form.key) await rpc.call('providers.setKey', { id: form.id, key: form.key });
    setForm({ ...form, id: '', model: '', key: '' });
    await refresh();
  };
  const [found, setFound] = useState<{ name: string; baseUrl: string; models: string[] }[] | null>(null);
  const test = (id: string, model: string | undefined) => {
    if (!model) return toast('Give the provider a model first.', 'error');
    void rpc
      .call<{ supportsTools: boolean; detail: string }>('providers.probe', { id, model })
      .then(
        (r) =>
          toast(`${id}/${model}: ${r.supportsTools ? 'can call tools' : 'cannot call tools'} (${r.detail})`),
        fail,
      );
  };
  const detect = () =>
    void rpc
      .call<{ servers: { name: string; baseUrl: string; models: string[] }[] }>('providers.detect', {})
      .then((r) => setFound(r.servers), fail);
  return (
    <section>
      <h2>Models</h2>
      <ul className="rows">
        {list.map((p) => (
          <li key={p.id}>
            <strong>{p.id}</strong>{' '}
            <span className="muted">
              {p.kind} {p.baseUrl ?? ''} · {p.models.map((m) => m.id).join(', ')}
            </span>
            <button type="button" onClick={() => test(p.id, p.defaultModel ?? p.models[0]?.id)}>
              Test
            </button>
            <button
              type="button"
              onClick={() => void rpc.call('providers.remove', { id: p.id }).then(refresh, fail)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" onClick={detect}>
          Find local model servers
        </button>{' '}
        {found?.length === 0 && (
          <span className="muted">
            None running (Ollama, LM Studio, llama.cpp, vLLM on their usual ports).
          </span>
        )}
        {found?.map((s) => (
          <button
            key={s.baseUrl}
            type="button"
            className="link"
            onClick={() =>
              setForm({
                ...form,
                id: s.name,
                kind: 'openai-compatible',
                baseUrl: s.baseUrl,
                model: s.models[0] ?? '',
              })
            }
          >
            {s.name} ({s.models.length} models){' '}
          </button>
        ))}
      </p>
      <form
        className="grid"
        onSubmit={(e) => {
          e.preventDefault();
          void add().catch(fail);
        }}
      >
        <label>
          Name{' '}
          <input
            value={form.id}
            onChange={(e) => setForm({ ...form, id: e.target.value })}
            required
            pattern="[a-z0-9][a-z0-9_\-]*"
          />
        </label>
        <label>
          Kind
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            <option value="openai-compatible">OpenAI-compatible (Ollama, LM Studio, vLLM…)</option>
            <option value="openai">OpenAI</option>
            <option value="anthropic">Anthropic</option>
            <option value="gemini">Google Gemini</option>
          </select>
        </label>
        <label>
          Base URL{' '}
          <input value={form.baseUrl} onChange={(e) => setForm({ ...form, baseUrl: e.target.value })} />
        </label>
        <label>
          Model <input value={form.model} onChange={(e) => setForm({ ...form, model: e.target.value })} />
        </label>
        <label>
          Key{' '}
          <input
            type="password"
            autoComplete="off"
            value={form.key}
            onChange={(e) => setForm({ ...form, key: e.target.value })}
            placeholder="kept by the daemon, never shown again"
          />
        </label>
        <button type="submit" className="primary">
          Add model
        </button>
      </form>
      <Routing />
    </section>
  );
}

function Folders() {
  const list = useStore(grants);
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
              onClick={() => void rpc.call('grants.remove', { path: g.path }).then(refresh, fail)}
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
          void rpc.call('grants.add', { path, mode: write ? 'rw' : 'ro' }).then(() => {
            setPath('');
            return refresh();
          }, fail);
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
    </section>
  );
}

function Policy() {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [probe, setProbe] = useState({ action: 'exec', target: 'npm test' });
  const [why, setWhy] = useState<PolicyDecision | null>(null);
  useEffect(() => {
    void rpc
      .call<{ text: string | null }>('policy.get')
      .then((p) => setText(p.text ?? 'version: 1\nrules: []\n'), fail);
  }, []);
  const check = () => {
    const t = probe.target.trim();
    const params =
      probe.action === 'exec'
        ? { action: 'exec', argv: t.split(/\s+/) }
        : probe.action === 'net.fetch' || probe.action === 'browser.navigate'
          ? { action: probe.action, host: t }
          : { action: probe.action, path: t };
    void rpc.call<PolicyDecision>('policy.check', params).then(setWhy, (err: Error) => setError(err.message));
  };
  return (
    <section>
      <h2>Rules</h2>
      <textarea
        className="code"
        rows={14}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Policy rules"
        spellCheck={false}
      />
      {error && (
        <p className="error" role="alert" data-testid="policy-error">
          {error}
        </p>
      )}
      {saved && !error && <p className="muted">Saved (policy {saved.slice(0, 12)}).</p>}
      <button
        type="button"
        className="primary"
        onClick={() =>
          void rpc.call<{ policyHash: string }>('policy.set', { text }).then(
            (r) => {
              setError(null);
              setSaved(r.policyHash);
            },
            (err: Error) => setError(err.message),
          )
        }
      >
        Save rules
      </button>
      <h3>Why was this decided?</h3>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          check();
        }}
      >
        <select
          value={probe.action}
          onChange={(e) => setProbe({ ...probe, action: e.target.value })}
          aria-label="Action"
        >
          {['exec', 'fs.read', 'fs.write', 'fs.delete', 'net.fetch', 'browser.navigate'].map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <input
          value={probe.target}
          onChange={(e) => setProbe({ ...probe, target: e.target.value })}
          aria-label="Command, path or host"
        />
        <button type="submit">Check</button>
      </form>
      {why && (
        <p data-testid="policy-why">
          <strong>{why.decision}</strong> — {why.reason}{' '}
          <span className="muted">({why.ruleId ?? why.reasonCode})</span>
        </p>
      )}
    </section>
  );
}

interface AuditEntry {
  sequence: number;
  timestamp: string;
  actor: string;
  sessionId: string | null;
  action: string;
  target: string;
  decision: string;
  phase: string;
}

/** The whole log as JSON lines, downloaded (verify it later with `cowork audit verify FILE`). */
async function exportAudit(): Promise<void> {
  const lines: string[] = [];
  for (let after = 0; ; ) {
    const page = (await rpc.call<{ entries: AuditEntry[] }>('audit.read', { after, limit: 5000 })).entries;
    for (const e of page) lines.push(JSON.stringify(e));
    if (page.length < 5000) break;
    after = page.at(-1)!.sequence;
  }
  const url = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'application/x-ndjson' }));
  const a = Object.assign(document.createElement('a'), {
    href: url,
    download: `cowork-audit-${new Date().toISOString().slice(0, 10)}.jsonl`,
  });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Audit() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [filter, setFilter] = useState({ action: '', decision: '', session: '' });
  const [verified, setVerified] = useState<string | null>(null);
  useEffect(() => {
    void rpc
      .call<{ entries: AuditEntry[] }>('audit.read', { after: 0, limit: 5000 })
      .then((r) => setEntries(r.entries.reverse()), fail);
  }, []);
  const shown = entries.filter(
    (e) =>
      (!filter.action || e.action.includes(filter.action)) &&
      (!filter.decision || e.decision === filter.decision) &&
      (!filter.session || (e.sessionId ?? '').includes(filter.session)),
  );
  return (
    <section>
      <h2>Audit log</h2>
      <div className="inline">
        <input
          placeholder="action"
          value={filter.action}
          onChange={(e) => setFilter({ ...filter, action: e.target.value })}
          aria-label="Filter by action"
        />
        <select
          value={filter.decision}
          onChange={(e) => setFilter({ ...filter, decision: e.target.value })}
          aria-label="Filter by decision"
        >
          <option value="">any decision</option>
          <option>allow</option>
          <option>deny</option>
          <option>ask_user</option>
        </select>
        <input
          placeholder="session"
          value={filter.session}
          onChange={(e) => setFilter({ ...filter, session: e.target.value })}
          aria-label="Filter by session"
        />
        <span className="muted">{shown.length} entries</span>
        <button type="button" onClick={() => void exportAudit().catch(fail)}>
          Export
        </button>
        <button
          type="button"
          onClick={() =>
            void rpc
              .call<{ ok: boolean; count: number; firstBad?: { sequence: number | null; problem: string } }>(
                'audit.verify',
              )
              .then(
                (r) =>
                  setVerified(
                    r.ok
                      ? `Intact: ${r.count} entries verified.`
                      : `NOT intact at entry ${r.firstBad?.sequence}: ${r.firstBad?.problem}`,
                  ),
                fail,
              )
          }
        >
          Verify
        </button>
        {verified && <span data-testid="audit-verified">{verified}</span>}
      </div>
      <VirtualRows
        items={shown}
        rowHeight={28}
        className="audit-list"
        testId="audit-list"
        rowKey={(e) => e.sequence}
        rowClass={(e) => `audit-row ${e.decision}`}
      >
        {(e) => (
          <>
            <span>{e.timestamp.slice(11, 19)}</span>
            <span>{e.actor}</span>
            <span>{e.action}</span>
            <span className="decision">{e.decision}</span>
            <span className="target">{e.target}</span>
          </>
        )}
      </VirtualRows>
    </section>
  );
}

interface DataInfo {
  home: string;
  parts: { id: string; label: string; path: string; bytes: number; files: number }[];
  totalBytes: number;
  truncated: boolean;
  counts: { chats: number; runs: number; events: number; auditEntries: number };
  exportUrl: string;
}

function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (; n >= 1024 && i < units.length - 1; i++) n /= 1024;
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function Data() {
  const [info, setInfo] = useState<DataInfo | null>(null);
  useEffect(() => {
    void rpc.call<DataInfo>('data.info').then(setInfo, fail);
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

/** Deleting everything asks for the phrase inline (no window.prompt), then ends the app. */
function DeleteEverything() {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
    setBusy(true);
    setError(null);
    rpc.call('data.deleteAll', { confirm: typed }).then(
      () => {
        rpc.end();
        dataDeleted.set(true);
      },
      (err: Error) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };
  return (
    <form
      className="confirm-delete"
      aria-label="Confirm deleting everything"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed === DELETE_ALL_PHRASE && !busy) confirm();
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
        <button type="submit" className="danger solid" disabled={typed !== DELETE_ALL_PHRASE || busy}>
          {busy ? 'Deleting…' : 'Delete everything'}
        </button>
        <button
          type="button"
          onClick={() => {
            setAsking(false);
            setTyped('');
            setError(null);
          }}
        >
          Cancel
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function SettingsView({ page, setPage }: { page: SettingsPage; setPage: (p: SettingsPage) => void }) {
  const pages: [SettingsPage, string][] = [
    ['models', 'Models'],
    ['folders', 'Folders'],
    ['policy', 'Rules'],
    ['audit', 'Audit log'],
    ['data', 'Data'],
  ];
  return (
    <main className="settings" aria-label="Settings">
      <nav className="tabs">
        {pages.map(([id, label]) => (
          <button key={id} type="button" className={page === id ? 'active' : ''} onClick={() => setPage(id)}>
            {label}
          </button>
        ))}
      </nav>
      {page === 'models' && <Models />}
      {page === 'folders' && <Folders />}
      {page === 'policy' && <Policy />}
      {page === 'audit' && <Audit />}
      {page === 'data' && <Data />}
    </main>
  );
}
