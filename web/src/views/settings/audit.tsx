/** Settings → Audit log: every decision the door made, filtered, exported and verified. */
import { useEffect, useState } from 'react';
import { VirtualRows } from '../../components/virtual-rows';
import { useRpc } from '../../rpc/use-rpc';
import { rpc } from '../../state/cowork';
import { saveFile } from '../../state/save-file';
import type { AuditEnvelope } from '../../state/types';

const PAGE = 5000;

/** The whole log as JSON lines, downloaded (verify it later with `cowork audit verify FILE`). */
async function exportAudit(): Promise<void> {
  const lines: string[] = [];
  for (let after = 0; ; ) {
    const page = (await rpc.call('audit.read', { after, limit: PAGE })).entries;
    for (const e of page) lines.push(JSON.stringify(e));
    if (page.length < PAGE) break;
    after = page.at(-1)!.sequence;
  }
  saveFile(
    new Blob([`${lines.join('\n')}\n`], { type: 'application/x-ndjson' }),
    `cowork-audit-${new Date().toISOString().slice(0, 10)}.jsonl`,
  );
}

export function Audit() {
  const page = useRpc();
  const [entries, setEntries] = useState<AuditEnvelope[]>([]);
  const [filter, setFilter] = useState({ action: '', decision: '', session: '' });
  const [verified, setVerified] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when the page opens
  useEffect(() => {
    void page.run(rpc.call('audit.read', { after: 0, limit: PAGE }), (r) => setEntries(r.entries.reverse()));
  }, []);
  const shown = entries.filter(
    (e) =>
      (!filter.action || e.action.includes(filter.action)) &&
      (!filter.decision || e.decision === filter.decision) &&
      (!filter.session || (e.sessionId ?? '').includes(filter.session)),
  );
  const verify = () =>
    void page.run(rpc.call('audit.verify'), (r) =>
      setVerified(
        r.ok
          ? `Intact: ${r.count} entries verified.`
          : `NOT intact at entry ${r.firstBad?.sequence}: ${r.firstBad?.problem}`,
      ),
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
        <button type="button" onClick={() => void page.run(exportAudit())}>
          Export
        </button>
        <button type="button" onClick={verify}>
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
