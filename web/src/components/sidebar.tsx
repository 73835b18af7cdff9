import { chatSessions, current, grants, runs } from '../state/cowork';
import { useStore } from '../state/store';

/** Workspaces (granted folders) and the sessions in them. */
export function Sidebar({ onChat }: { onChat: () => void }) {
  const chats = chatSessions(useStore(runs));
  const folders = useStore(grants);
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
        New session
      </button>
      <h3>Workspaces</h3>
      <ul>
        {folders.map((g) => (
          <li key={g.path}>
            <button
              type="button"
              className={g.path === folder ? 'active' : ''}
              title={g.path}
              onClick={() => {
                current.set({ sessionId: null, folder: g.path });
                onChat();
              }}
            >
              {g.path.split('/').pop() || g.path} <span className="muted">{g.mode}</span>
            </button>
          </li>
        ))}
      </ul>
      <h3>Sessions</h3>
      <ul>
        {chats.map((c) => (
          <li key={c.sessionId}>
            <button
              type="button"
              className={c.sessionId === sessionId ? 'active' : ''}
              onClick={() => {
                current.set({ sessionId: c.sessionId, folder: c.folder });
                onChat();
              }}
            >
              {c.running && <span className="dot running" role="img" aria-label="running" />} {c.title}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
