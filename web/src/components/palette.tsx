import { Command } from 'cmdk';
import { useEffect, useState } from 'react';
import {
  chatSessions,
  current,
  grants,
  modelChoices,
  providers,
  type RunView,
  redoStep,
  runs,
  runsOf,
  toast,
  undoable,
} from '../state/cowork';
import { useStore } from '../state/store';
import { workforceSessionIds, workforces } from '../state/workforce';
import type { SettingsPage } from '../views/settings';
import { exportMenu } from './run-export';
import { openSymbol, SearchState, SymbolLabel, useSymbolSearch } from './symbol-search';
import { undoRequest } from './undo-confirm';
import { workforceStart } from './workforce-start';
import { WORKFORCE_STATUS } from './workforce-status';

type Undoable = Awaited<ReturnType<typeof undoable>>;
const NOTHING: Undoable = { step: null, runId: null, redo: null };

export interface PaletteActions {
  openSettings(page: SettingsPage): void;
  setModel(m: string): void;
  setMode(m: 'ask' | 'auto-edit' | 'read-only'): void;
  openChat(): void;
  /** Shows the Files panel (a symbol chosen here opens there). */
  openFiles(): void;
}

/** `#name` (or `@name`) asks for symbols, as VS Code's workspace symbols: the name, else null. */
function symbolMode(search: string): string | null {
  return /^[#@]/.test(search) ? search.slice(1) : null;
}

/**
 * The palette in symbol mode: the folder's symbols matching the name, best first (the index's
 * order, not cmdk's); choosing one opens its file at its line in the Files panel.
 */
function PaletteSymbols({
  folder,
  query,
  onOpen,
}: {
  folder: string | null;
  query: string;
  onOpen: () => void;
}) {
  const found = useSymbolSearch(folder, query);
  if (!folder) return <Command.Empty>Choose a folder first: symbols are searched in it.</Command.Empty>;
  if (!query.trim()) return <p className="palette-hint">Type a symbol's name (function, class, type…).</p>;
  const symbols = 'symbols' in found ? found.symbols : [];
  return (
    <>
      <SearchState found={found} />
      {symbols.length > 0 && (
        <Command.Group heading="Symbols">
          {symbols.map((s) => (
            <Command.Item
              key={`${s.path}:${s.range.line}:${s.qualifiedName}`}
              value={`${s.path}:${s.range.line}:${s.qualifiedName}`}
              className="palette-symbol"
              onSelect={() => {
                onOpen();
                openSymbol(s);
              }}
            >
              <SymbolLabel folder={folder} symbol={s} />
            </Command.Item>
          ))}
        </Command.Group>
      )}
    </>
  );
}

/** What a session is found by besides its title: every prompt and summary of its runs. */
function sessionKeywords(all: Map<string, RunView>, sessionId: string): string[] {
  const words: string[] = [];
  for (const r of all.values())
    if (r.info.sessionId === sessionId)
      words.push(r.info.prompt.slice(0, 500), r.info.summary?.slice(0, 500) ?? '');
  return words.filter(Boolean);
}

/** Ctrl/Cmd+K: every place and command by name; sessions by anything asked or answered in them. */
export function CommandPalette({ actions }: { actions: PaletteActions }) {
  const [open, setOpen] = useState(false);
  const all = useStore(runs);
  const teams = useStore(workforces);
  const inWorkforces = workforceSessionIds(teams);
  const chats = chatSessions(all).filter((c) => !inWorkforces.has(c.sessionId));
  const models = modelChoices(useStore(providers));
  const folders = useStore(grants);
  const { sessionId, folder } = useStore(current);
  const last = runsOf(all, sessionId).at(-1)?.info;
  // Asked each time it opens: Undo and Revert are offered only when there is something to put back.
  const [can, setCan] = useState<Undoable>(NOTHING);
  useEffect(() => {
    setCan(NOTHING);
    if (open) void undoable(sessionId).then(setCan, () => {});
  }, [open, sessionId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const [search, setSearch] = useState('');
  useEffect(() => {
    if (!open) setSearch('');
  }, [open]);
  const run = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };
  const symbolQuery = symbolMode(search);
  return (
    <Command.Dialog
      open={open}
      onOpenChange={setOpen}
      label="Command palette"
      className="palette"
      // The index ranks symbols itself: cmdk's own filter would reorder and drop them.
      shouldFilter={symbolQuery === null}
    >
      <Command.Input
        placeholder="Type a command or search… (# for a symbol)"
        value={search}
        onValueChange={setSearch}
      />
      <Command.List>
        {symbolQuery !== null ? (
          <PaletteSymbols folder={folder} query={symbolQuery} onOpen={run(actions.openFiles)} />
        ) : (
          <>
            <Command.Empty>Nothing matches.</Command.Empty>
            <Command.Group heading="Session">
              <Command.Item
                onSelect={run(() => {
                  current.set((c) => ({ ...c, sessionId: null }));
                  actions.openChat();
                })}
              >
                New session
              </Command.Item>
              <Command.Item
                onSelect={run(() => {
                  actions.openChat();
                  // After the palette has closed and handed the focus back, so the dialog can take it.
                  setTimeout(() => workforceStart.set({ prompt: '' }));
                })}
              >
                Run as a workforce…
              </Command.Item>
              {can.step !== null && (
                <Command.Item onSelect={run(() => undoRequest.set({ how: 'undo', checkpointId: can.step! }))}>
                  Undo last change…
                </Command.Item>
              )}
              {can.redo !== null && (
                <Command.Item
                  onSelect={run(
                    () => void redoStep(can.redo!).catch((e: Error) => toast(e.message, 'error')),
                  )}
                >
                  Redo the change undone last
                </Command.Item>
              )}
              {can.runId !== null && (
                <Command.Item onSelect={run(() => undoRequest.set({ how: 'revert', runId: can.runId! }))}>
                  Revert the last run…
                </Command.Item>
              )}
              {last && last.status !== 'running' && (
                <Command.Item
                  onSelect={run(() => {
                    actions.openChat();
                    // After the dialog has closed and handed the focus back, so the choices can take it.
                    setTimeout(() => exportMenu.set(last.id));
                  })}
                >
                  Export this run…
                </Command.Item>
              )}
              {(['ask', 'auto-edit', 'read-only'] as const).map((m) => (
                <Command.Item key={m} onSelect={run(() => actions.setMode(m))}>{`Mode: ${m}`}</Command.Item>
              ))}
            </Command.Group>
            <Command.Group heading="Model">
              <Command.Item onSelect={run(() => actions.setModel('auto'))}>
                Use auto (routes, default model)
              </Command.Item>
              {models.map((m) => (
                <Command.Item key={m} onSelect={run(() => actions.setModel(m))}>{`Use ${m}`}</Command.Item>
              ))}
            </Command.Group>
            {chats.length > 0 && (
              <Command.Group heading="Sessions">
                {chats.map((c) => (
                  <Command.Item
                    key={c.sessionId}
                    value={`session ${c.sessionId} ${c.title}`}
                    keywords={sessionKeywords(all, c.sessionId)}
                    onSelect={run(() => {
                      current.set({ sessionId: c.sessionId, folder: c.folder });
                      actions.openChat();
                    })}
                  >
                    {c.title}
                  </Command.Item>
                ))}
              </Command.Group>
            )}
            {teams.length > 0 && (
              <Command.Group heading="Workforces">
                {teams.map((w) => (
                  <Command.Item
                    key={w.id}
                    value={`workforce ${w.id} ${w.prompt.slice(0, 300)}`}
                    onSelect={run(() => {
                      current.set({ sessionId: w.sessionId, folder: w.folder });
                      actions.openChat();
                    })}
                  >
                    {`Workforce: ${w.prompt.replace(/\s+/g, ' ').slice(0, 120)} (${WORKFORCE_STATUS[w.status].label})`}
                  </Command.Item>
                ))}
              </Command.Group>
            )}
            <Command.Group heading="Folders">
              {folders.map((g) => (
                <Command.Item
                  key={g.path}
                  onSelect={run(() => current.set({ sessionId: null, folder: g.path }))}
                >{`Work in ${g.path}`}</Command.Item>
              ))}
              <Command.Item onSelect={run(() => actions.openSettings('folders'))}>
                Grant a folder…
              </Command.Item>
            </Command.Group>
            <Command.Group heading="Settings">
              <Command.Item onSelect={run(() => actions.openSettings('models'))}>
                Settings: Models
              </Command.Item>
              <Command.Item onSelect={run(() => actions.openSettings('folders'))}>
                Settings: Folders
              </Command.Item>
              <Command.Item onSelect={run(() => actions.openSettings('policy'))}>
                Settings: Rules
              </Command.Item>
              <Command.Item onSelect={run(() => actions.openSettings('audit'))}>
                Settings: Audit log
              </Command.Item>
              <Command.Item onSelect={run(() => actions.openSettings('data'))}>Settings: Data</Command.Item>
            </Command.Group>
          </>
        )}
      </Command.List>
    </Command.Dialog>
  );
}
