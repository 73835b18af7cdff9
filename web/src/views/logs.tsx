import { useEffect, useState } from 'react';
import { VirtualRows } from '../components/virtual-rows';
import { rpc } from '../state/cowork';
import type { RpcNotification } from '../state/types';
import './logs.css';

type LogEntry = RpcNotification<'logs.batch'>['entries'][number];

const MAX = 10_000;

/** The daemon's log (redacted), streamed in batches, filtered by level and module, virtualised. */
export function LogsPanel() {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [level, setLevel] = useState('');
  const [module, setModule] = useState('');
  useEffect(() => {
    let id: string | undefined;
    const off = rpc.onNotification('logs.batch', (p) => {
      if (p.subscriptionId === id) setEntries((prev) => [...prev, ...p.entries].slice(-MAX));
    });
    void rpc.call('logs.subscribe', { after: 0 }).then((r) => {
      id = r.subscriptionId;
    });
    return () => {
      off();
      if (id) void rpc.call('logs.unsubscribe', { subscriptionId: id }).catch(() => {});
    };
  }, []);
  const shown = entries.filter((e) => (!level || e.level === level) && (!module || e.module === module));
  const modules = [...new Set(entries.map((e) => e.module))].sort();
  return (
    <div className="logs">
      <div className="panel-bar">
        <select value={level} onChange={(e) => setLevel(e.target.value)} aria-label="Level">
          <option value="">all levels</option>
          {['debug', 'info', 'warn', 'error'].map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
        <select value={module} onChange={(e) => setModule(e.target.value)} aria-label="Module">
          <option value="">all modules</option>
          {modules.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </div>
      <VirtualRows
        items={shown}
        rowHeight={22}
        className="log-list"
        testId="log-list"
        rowKey={(e) => e.seq}
        rowClass={(e) => `log-row ${e.level}`}
      >
        {(e) => (
          <>
            <span>{e.time.slice(11, 19)}</span> <span className="lvl">{e.level}</span>{' '}
            <span className="mod">{e.module}</span> {e.msg}{' '}
            <span className="muted">{Object.keys(e.fields).length ? JSON.stringify(e.fields) : ''}</span>
          </>
        )}
      </VirtualRows>
    </div>
  );
}
