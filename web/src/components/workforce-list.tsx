/**
 * Workforces in the sidebar: a workforce is a kind of session, one row standing for all its worker
 * runs, with its prompt, its status (word and icon, as the daemon says it), "3/6 done", and whether
 * one of its workers is waiting for the person.
 */
import { Network } from 'lucide-react';
import { approvals, current } from '../state/cowork';
import { useStore } from '../state/store';
import { type WorkforceInfo, workforces } from '../state/workforce';
import { countsText, WORKFORCE_STATUS } from './workforce-status';

function WorkforceRow({
  w,
  active,
  waiting,
  ago,
  open,
}: {
  w: WorkforceInfo;
  active: boolean;
  waiting: number;
  ago: (iso: string) => string;
  open: () => void;
}) {
  const { label, Icon, tone } = WORKFORCE_STATUS[w.status];
  const title = w.prompt.replace(/\s+/g, ' ').trim().slice(0, 300);
  return (
    <li className={`session-row workforce-row ${tone}`} data-testid="workforce-row" data-workforce={w.id}>
      <button
        type="button"
        className={active ? 'active' : ''}
        aria-current={active ? 'page' : undefined}
        title={title}
        onClick={open}
      >
        <span className={`session-status wf-status tone-${tone}`} title={label}>
          <Icon aria-hidden="true" size={14} className={tone === 'running' ? 'spin' : undefined} />
        </span>
        <span className="session-text">
          <span className="session-title">{title || '(no prompt)'}</span>
          <span className="session-meta">
            <time dateTime={w.updatedAt}>{ago(w.updatedAt)}</time>
            {' · '}
            <span>{label}</span>
            {' · '}
            <span>{countsText(w.tasks)}</span>
            {waiting > 0 && <span className="wf-waiting"> · {waiting} waiting for you</span>}
          </span>
        </span>
      </button>
    </li>
  );
}

export function WorkforceList({ ago, onChat }: { ago: (iso: string) => string; onChat: () => void }) {
  const list = useStore(workforces);
  const pending = useStore(approvals);
  const { sessionId } = useStore(current);
  if (list.length === 0) return null;
  const sorted = [...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return (
    <>
      <h3>
        <Network aria-hidden="true" size={12} /> Workforces
      </h3>
      <ul aria-label="Workforces">
        {sorted.map((w) => (
          <WorkforceRow
            key={w.id}
            w={w}
            active={w.sessionId === sessionId}
            waiting={pending.filter((a) => a.sessionId === w.sessionId).length}
            ago={ago}
            open={() => {
              current.set({ sessionId: w.sessionId, folder: w.folder });
              onChat();
            }}
          />
        ))}
      </ul>
    </>
  );
}
