import {
  Activity,
  Command as CommandIcon,
  MessageSquare,
  PanelLeft,
  Settings as SettingsIcon,
  ShieldAlert,
} from 'lucide-react';
import { type ComponentProps, lazy, Suspense, useEffect, useState } from 'react';
import { LinkHandler } from './app-window/link-handler';
import { Announcer } from './components/announcer';
import { ApprovalsPanel } from './components/approvals-panel';
import { useFocusRescue } from './components/focus-rescue';
import { CommandPalette } from './components/palette';
import { Tabs } from './components/panel-tabs';
import { Sidebar } from './components/sidebar';
import { SidebarResizer, useSidebarWidth } from './components/sidebar-resizer';
import { SkipLink } from './components/skip-link';
import { UndoConfirm } from './components/undo-confirm';
import { WorkforceStart } from './components/workforce-start';
import type { ConnectionState } from './rpc/connection';
import {
  approvals,
  connection,
  current,
  dataDeleted,
  diskFull,
  type Panel,
  panel as panelStore,
  rpc,
  runs,
  runsOf,
  settingsRequest,
  toasts,
} from './state/cowork';
import { useRememberedModel } from './state/remembered-model';
import { useStore } from './state/store';
import type { RpcResult, RunInfo } from './state/types';
import { workforceOfSession, workforces, workforcesRead } from './state/workforce';
import { CheckpointsPanel } from './views/checkpoints';
import { FirstScreen } from './views/first-screen';
import { MemoryPanel } from './views/memory';
import type { SettingsPage } from './views/settings';
import './components/shell.css';

// Loaded when first shown: xterm.js and the settings pages stay out of the first paint.
const TerminalPanel = lazy(() => import('./views/terminal').then((m) => ({ default: m.TerminalPanel })));
const BrowserPanel = lazy(() => import('./views/browser').then((m) => ({ default: m.BrowserPanel })));
const FilesPanel = lazy(() => import('./views/files').then((m) => ({ default: m.FilesPanel })));
const LogsPanel = lazy(() => import('./views/logs').then((m) => ({ default: m.LogsPanel })));
const SettingsView = lazy(() => import('./views/settings').then((m) => ({ default: m.SettingsView })));
const WorkforceScreen = lazy(() => import('./views/workforce').then((m) => ({ default: m.WorkforceScreen })));

type Mode = RunInfo['mode'];

const PANELS: readonly { id: Panel; label: string }[] = (
  ['approvals', 'checkpoints', 'files', 'terminal', 'browser', 'memory', 'logs'] as const
).map((id) => ({ id, label: id[0]!.toUpperCase() + id.slice(1) }));

/** Tokens and cost of the session shown, refreshed when one of its runs changes state. */
function useSessionUsage(sessionId: string | null, version: string) {
  const [usage, setUsage] = useState<RpcResult<'usage.summary'> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says when to ask again
  useEffect(() => {
    if (!sessionId) return setUsage(null);
    void rpc.call('usage.summary', { sessionId }).then(setUsage, () => setUsage(null));
  }, [sessionId, version]);
  return usage;
}

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  open: 'Connected',
  connecting: 'Connecting…',
  closed: 'Reconnecting…',
  'logged-out': 'Logged out',
};

function StatusBar() {
  const state = useStore(connection);
  const pending = useStore(approvals).length;
  const disk = useStore(diskFull);
  const { sessionId } = useStore(current);
  const list = runsOf(useStore(runs), sessionId);
  const usage = useSessionUsage(sessionId, list.map((r) => `${r.info.id}:${r.info.status}`).join());
  return (
    <footer className="status">
      <span className={`conn ${state}`} data-testid="connection">
        <span className="conn-dot" aria-hidden="true" />
        {CONNECTION_LABELS[state]}
      </span>
      {disk && (
        <span className="disk-full" role="alert" data-testid="disk-full">
          {disk}
        </span>
      )}
      {pending > 0 && (
        <span className="status-waiting" data-testid="approval-badge">
          <ShieldAlert size={14} />
          {pending} waiting for you
        </span>
      )}
      {list.length > 0 && (
        <span className="muted">
          <Activity size={14} />
          {list.length} run{list.length > 1 ? 's' : ''} in this session
        </span>
      )}
      {usage && (usage.tokensIn > 0 || usage.tokensOut > 0) && (
        <span className="muted" data-testid="usage">
          {usage.tokensIn.toLocaleString()} in · {usage.tokensOut.toLocaleString()} out
          {usage.costUsd !== null ? ` · $${usage.costUsd.toFixed(4)}` : ' · local (no cost)'}
        </span>
      )}
      <span className="muted right">
        <CommandIcon size={14} />
        Ctrl+K for commands
      </span>
    </footer>
  );
}

function Toasts() {
  const list = useStore(toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} className={`toast ${t.tone}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}

/** The last screen after "delete everything": nothing is left to connect to. */
function Deleted() {
  return (
    <main className="deleted" data-testid="data-deleted">
      <h1>All of Cowork's data was deleted. Cowork has stopped.</h1>
      <p className="muted">
        Chats, memory, checkpoints, the audit log and your keys are gone from this machine. To use Cowork
        again, run <code>cowork start</code>; it begins fresh.
      </p>
    </main>
  );
}

export function App() {
  if (useStore(dataDeleted)) return <Deleted />;
  return <Workspace />;
}

/**
 * The main area for the session in the address: a workforce's is its task graph (a workforce is a
 * kind of session), any other the chat. Until the workforces are read, a session is neither yet.
 */
function SessionScreen(props: ComponentProps<typeof FirstScreen>) {
  const { sessionId } = useStore(current);
  const workforce = workforceOfSession(useStore(workforces), sessionId);
  const read = useStore(workforcesRead);
  const waiting = <main className="chat" aria-busy="true" />;
  if (sessionId && !read) return waiting;
  if (!workforce) return <FirstScreen {...props} />;
  return (
    <Suspense fallback={waiting}>
      <WorkforceScreen workforce={workforce} />
    </Suspense>
  );
}

function Workspace() {
  const [view, setView] = useState<'chat' | 'settings'>('chat');
  const [settingsPage, setSettingsPage] = useState<SettingsPage>('models');
  const panel = useStore(panelStore);
  const setPanel = (p: Panel) => panelStore.set(p);
  const [sidebar, setSidebar] = useState(true);
  const [sidebarWidth, setSidebarWidth] = useSidebarWidth();
  const [model, setModel] = useRememberedModel();
  const [mode, setMode] = useState<Mode>('ask');
  const pending = useStore(approvals);
  const openSettings = (p: SettingsPage) => {
    setSettingsPage(p);
    setView('settings');
  };
  const requested = useStore(settingsRequest);
  // biome-ignore lint/correctness/useExhaustiveDependencies: opening is what the request asks for
  useEffect(() => {
    if (!requested) return;
    settingsRequest.set(null);
    openSettings(requested);
  }, [requested]);
  useFocusRescue();
  const onWorkforce = workforceOfSession(useStore(workforces), useStore(current).sessionId) !== null;
  return (
    <div className={`app ${sidebar ? '' : 'no-sidebar'}`}>
      <SkipLink chatting={view === 'chat' && !onWorkforce} />
      <header className="topbar">
        <button
          type="button"
          className="icon"
          aria-label="Sidebar"
          aria-expanded={sidebar}
          title={sidebar ? 'Hide the sidebar' : 'Show the sidebar'}
          onClick={() => setSidebar(!sidebar)}
        >
          <PanelLeft size={16} />
        </button>
        <h1 className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Cowork
        </h1>
        <span className="grow" />
        <nav className="views" aria-label="Views">
          <button
            type="button"
            className={view === 'chat' ? 'active' : ''}
            aria-current={view === 'chat' ? 'page' : undefined}
            onClick={() => setView('chat')}
          >
            <MessageSquare size={15} />
            Chat
          </button>
          <button
            type="button"
            className={view === 'settings' ? 'active' : ''}
            aria-current={view === 'settings' ? 'page' : undefined}
            onClick={() => setView('settings')}
          >
            <SettingsIcon size={15} />
            Settings
          </button>
        </nav>
      </header>
      {sidebar && <Sidebar onChat={() => setView('chat')} />}
      {sidebar && <SidebarResizer width={sidebarWidth} setWidth={setSidebarWidth} />}
      {view === 'chat' ? (
        <SessionScreen
          model={model}
          setModel={setModel}
          mode={mode}
          setMode={setMode}
          openSettings={openSettings}
        />
      ) : (
        <Suspense fallback={<main className="settings" aria-label="Settings" />}>
          <SettingsView page={settingsPage} setPage={setSettingsPage} />
        </Suspense>
      )}
      <aside className="context" aria-label="Context">
        <Tabs
          label="Context panels"
          idPrefix="context"
          tabs={PANELS}
          selected={panel}
          onSelect={setPanel}
          badge={(p) =>
            p === 'approvals' &&
            pending.length > 0 && (
              <span className="badge" data-testid="approvals-count">
                {pending.length}
              </span>
            )
          }
        >
          {panel === 'approvals' && <ApprovalsPanel />}
          {panel === 'checkpoints' && <CheckpointsPanel />}
          <Suspense fallback={<p className="muted">Loading…</p>}>
            {panel === 'files' && <FilesPanel />}
            {panel === 'terminal' && <TerminalPanel />}
            {panel === 'browser' && <BrowserPanel />}
            {panel === 'logs' && <LogsPanel />}
          </Suspense>
          {panel === 'memory' && <MemoryPanel />}
        </Tabs>
      </aside>
      <Announcer />
      <StatusBar />
      <Toasts />
      <UndoConfirm />
      <LinkHandler openChat={() => setView('chat')} />
      <WorkforceStart model={model} mode={mode} />
      <CommandPalette
        actions={{
          openSettings,
          setModel,
          setMode,
          openChat: () => setView('chat'),
          openFiles: () => setPanel('files'),
        }}
      />
    </div>
  );
}
