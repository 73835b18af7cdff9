/** Settings: one tab per page, each page in its own file under `settings/`. */
import { AppWindow } from './settings/app-window';
import { Audit } from './settings/audit';
import { Data } from './settings/data';
import { Folders } from './settings/folders';
import { McpServers } from './settings/mcp';
import { Models } from './settings/models';
import { Notes } from './settings/notes';
import { Rules } from './settings/rules';

export type SettingsPage = 'models' | 'folders' | 'notes' | 'mcp' | 'policy' | 'audit' | 'data' | 'app';

const PAGES: [SettingsPage, string][] = [
  ['models', 'Models'],
  ['folders', 'Folders'],
  ['notes', 'Notes'],
  ['mcp', 'MCP servers'],
  ['policy', 'Rules'],
  ['audit', 'Audit log'],
  ['data', 'Data'],
  ['app', 'App'],
];

export function SettingsView({ page, setPage }: { page: SettingsPage; setPage: (p: SettingsPage) => void }) {
  return (
    <main className="settings" aria-label="Settings">
      <nav className="tabs" aria-label="Settings pages">
        {PAGES.map(([id, label]) => (
          <button
            key={id}
            type="button"
            className={page === id ? 'active' : ''}
            aria-current={page === id ? 'page' : undefined}
            onClick={() => setPage(id)}
          >
            {label}
          </button>
        ))}
      </nav>
      {page === 'models' && <Models />}
      {page === 'folders' && <Folders />}
      {page === 'notes' && <Notes />}
      {page === 'mcp' && <McpServers />}
      {page === 'policy' && <Rules />}
      {page === 'audit' && <Audit />}
      {page === 'data' && <Data />}
      {page === 'app' && <AppWindow />}
    </main>
  );
}
