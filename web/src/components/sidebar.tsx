import {
  Ban,
  CircleCheck,
  CirclePause,
  CircleX,
  Folder,
  Hand,
  LoaderCircle,
  type LucideIcon,
  Plus,
  Terminal,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import {
  approvals,
  type ChatSession,
  chatSessions,
  current,
  grants,
  runs,
  type SessionStatus,
} from '../state/cowork';
import { useStore } from '../state/store';
import { workforceSessionIds, workforces } from '../state/workforce';
import { WorkforceList } from './workforce-list';
import './sidebar.css';
import './spin.css';

/** A status in words and by shape (an icon), never by colour alone. */
const STATUS: Record<SessionStatus, { label: string; Icon: LucideIcon }> = {
  running: { label: 'Running', Icon: LoaderCircle },
  waiting: { label: 'Waiting for you', Icon: Hand },
  failed: { label: 'Failed', Icon: CircleX },
  stopped: { label: 'Stopped', Icon: Ban },
  interrupted: { label: 'Interrupted', Icon: CirclePause },
  done: { label: 'Done', Icon: CircleCheck },
};

/** "just now", "5 min ago", "3 h ago", "yesterday", "Mar 4". */
export function relativeTime(iso: string, now: number): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 2 * 86_400) return 'yesterday';
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)} days ago`;
  return new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** A minute's tick: enough for "5 min ago". */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** One row of the list, or several failed attempts at the same thing folded into one. */
interface Entry {
  session: ChatSession;
  /** Failed sessions with the same title right after it in the list (older), folded into this row. */
  folded: ChatSession[];
}

/** Failed attempts in a row at the same prompt ("hello" ×3) become one row: "3 failed attempts". */
export function foldFailures(list: ChatSession[]): Entry[] {
  const out: Entry[] = [];
  for (const s of list) {
    const last = out.at(-1);
    if (last && s.status === 'failed' && last.session.status === 'failed' && last.session.title === s.title)
      last.folded.push(s);
    else out.push({ session: s, folded: [] });
  }
  return out;
}

function SessionRow({
  entry,
  active,
  now,
  open,
}: {
  entry: Entry;
  active: string | null;
  now: number;
  open: (s: ChatSession) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const { session: s, folded } = entry;
  const { label, Icon } = STATUS[s.status];
  const attempts = folded.length + 1;
  const current = s.sessionId === active || folded.some((f) => f.sessionId === active);
  return (
    <li className={`session-row ${s.status}`}>
      <button
        type="button"
        className={current ? 'active' : ''}
        aria-current={current ? 'page' : undefined}
        title={s.title}
        onClick={() => open(s)}
      >
        <span className={`session-status ${s.status}`} title={label}>
          <Icon aria-hidden="true" size={14} className={s.status === 'running' ? 'spin' : undefined} />
        </span>
        <span className="session-text">
          <span className="session-title">{s.title || '(no prompt)'}</span>
          <span className="session-meta">
            <time dateTime={s.updatedAt}>{relativeTime(s.updatedAt, now)}</time>
            {' · '}
            <span>{folded.length > 0 ? `${attempts} failed attempts` : label}</span>
          </span>
        </span>
      </button>
      {folded.length > 0 && (
        <>
          <button
            type="button"
            className="link fold-toggle"
            aria-expanded={expanded}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? 'Hide the earlier attempts' : `Show ${folded.length} earlier attempts`}
          </button>
          {expanded && (
            <ul className="folded">
              {folded.map((f) => (
                <li key={f.sessionId}>
                  <button
                    type="button"
                    className={f.sessionId === active ? 'active' : ''}
                    aria-current={f.sessionId === active ? 'page' : undefined}
                    onClick={() => open(f)}
                  >
                    <time dateTime={f.updatedAt}>{relativeTime(f.updatedAt, now)}</time> · Failed
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </li>
  );
}

function SessionList({
  heading,
  icon,
  list,
  onChat,
}: {
  heading: string;
  icon?: LucideIcon;
  list: ChatSession[];
  onChat: () => void;
}) {
  const { sessionId } = useStore(current);
  const now = useNow();
  if (list.length === 0) return null;
  const HeadingIcon = icon;
  const open = (s: ChatSession) => {
    current.set({ sessionId: s.sessionId, folder: s.folder });
    onChat();
  };
  return (
    <>
      <h3>
        {HeadingIcon && <HeadingIcon aria-hidden="true" size={12} />} {heading}
      </h3>
      <ul aria-label={heading}>
        {foldFailures(list).map((e) => (
          <SessionRow key={e.session.sessionId} entry={e} active={sessionId} now={now} open={open} />
        ))}
      </ul>
    </>
  );
}

/** Workspaces (granted folders) and the sessions in them: the app's, then `cowork run`'s. */
export function Sidebar({ onChat }: { onChat: () => void }) {
  // A workforce's worker runs are in its session: its row stands for them, not a chat each.
  const inWorkforces = workforceSessionIds(useStore(workforces));
  const chats = chatSessions(useStore(runs), useStore(approvals)).filter(
    (c) => !inWorkforces.has(c.sessionId),
  );
  const folders = useStore(grants);
  const now = useNow();
  const { sessionId, folder } = useStore(current);
  return (
    <nav className="sidebar" aria-label="Workspaces and sessions">
      <button
        type="button"
        className="primary new"
        onClick={() => {
          current.set({ sessionId: null, folder });
          onChat();
        }}
      >
        <Plus aria-hidden="true" size={15} /> New session
      </button>
      <h3>Workspaces</h3>
      {folders.length === 0 && <p className="muted sidebar-empty">No folder granted yet.</p>}
      <ul aria-label="Workspaces">
        {folders.map((g) => {
          const here = g.path === folder && !sessionId;
          return (
            <li key={g.path}>
              <button
                type="button"
                className={`workspace ${g.path === folder ? 'active' : ''}`}
                aria-current={here ? 'page' : g.path === folder ? 'true' : undefined}
                title={g.path}
                onClick={() => {
                  current.set({ sessionId: null, folder: g.path });
                  onChat();
                }}
              >
                <Folder aria-hidden="true" size={14} />
                <span className="session-title">{g.path.split('/').pop() || g.path}</span>
                <span className="muted">{g.mode === 'rw' ? 'read-write' : 'read-only'}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <WorkforceList ago={(iso) => relativeTime(iso, now)} onChat={onChat} />
      <SessionList heading="Sessions" list={chats.filter((c) => c.origin !== 'cli')} onChat={onChat} />
      <SessionList
        heading="From the command line"
        icon={Terminal}
        list={chats.filter((c) => c.origin === 'cli')}
        onChat={onChat}
      />
    </nav>
  );
}
