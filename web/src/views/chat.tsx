import { FolderPlus, KeyRound, TriangleAlert } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { InstructionsInUse } from '../components/instructions-in-use';
import { McpPicker, type ResourceAttachment, withAttachments } from '../components/mcp-picker';
import { chosenPersona, PersonaPicker } from '../components/persona-picker';
import { RunStatus, Transcript } from '../components/transcript';
import { undoRequest } from '../components/undo-confirm';
import { workforceStart } from '../components/workforce-start';
import {
  approvals,
  current,
  focusedProvider,
  grants,
  loadArtifacts,
  modelChoices,
  providers,
  type RunView,
  redoStep,
  rpc,
  runs,
  runsOf,
  toast,
  undoable,
} from '../state/cowork';
import { uploadFile } from '../state/files';
import { AUTO_MODEL } from '../state/remembered-model';
import { Store, useStore } from '../state/store';
import type { RunInfo } from '../state/types';
import type { SettingsPage } from './settings';
import './chat-setup.css';

export { AUTO_MODEL };

type OpenSettings = (page: SettingsPage) => void;

const MODES: readonly RunInfo['mode'][] = ['ask', 'auto-edit', 'read-only'];

/**
 * Files dropped on the chat are copied into the session's folder through the enclave (the person's
 * write, uploaded over HTTP so any size up to the daemon's cap works: a new file is allowed,
 * replacing one asks); the message then names them.
 */
async function attach(files: FileList, folder: string): Promise<string[]> {
  const names: string[] = [];
  for (const file of Array.from(files)) {
    if (file.size > 8 * 1024 * 1024) toast(`Copying ${file.name} (${Math.round(file.size / 1048576)} MB)…`);
    try {
      await uploadFile(`${folder}/${file.name}`, file);
      names.push(file.name);
    } catch (err) {
      toast(`${file.name}: ${(err as Error).message}`, 'error');
    }
  }
  return names;
}
export const SLASH_HELP =
  '/mode ask|auto-edit|read-only · /model provider/model · /undo · /redo · /revert · /help';

/** `/undo` and `/revert` ask first, with what will change (as the buttons do); `/redo` redoes at once. */
async function undoCommand(cmd: '/undo' | '/revert' | '/redo', sessionId: string | null): Promise<void> {
  const can = await undoable(sessionId);
  if (cmd === '/redo') return can.redo === null ? toast('Nothing to redo.') : redoStep(can.redo);
  if (cmd === '/undo' && can.step !== null) return undoRequest.set({ how: 'undo', checkpointId: can.step });
  if (cmd === '/revert' && can.runId !== null) return undoRequest.set({ how: 'revert', runId: can.runId });
  toast('Nothing to undo.');
}

/** "Working…" when a run has said nothing for 2 s. */
function useQuiet(lastEventAt: number, running: boolean): boolean {
  const [, tick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(t);
  }, [running]);
  return running && Date.now() - lastEventAt > 2000;
}

/** What a chat still needs before a message can be sent, most basic first. */
function useMissing(): 'model' | 'folder' | null {
  const { folder } = useStore(current);
  const models = modelChoices(useStore(providers));
  if (models.length === 0) return 'model';
  if (!folder) return 'folder';
  return null;
}

/** The one thing missing, and the button that fixes it (the chat's empty state and the composer). */
function SetupAction({
  missing,
  openSettings,
  primary = false,
}: {
  missing: 'model' | 'folder';
  openSettings: OpenSettings;
  primary?: boolean;
}) {
  const className = primary ? 'primary' : '';
  return missing === 'model' ? (
    <button type="button" className={className} onClick={() => openSettings('models')}>
      <KeyRound size={16} aria-hidden /> Add a model
    </button>
  ) : (
    <button type="button" className={className} onClick={() => openSettings('folders')}>
      <FolderPlus size={16} aria-hidden /> Grant a folder
    </button>
  );
}

/** A folder by its name, or its whole path where two granted folders share the name. */
function folderLabel(path: string, all: { path: string }[]): string {
  const name = (p: string) => p.split('/').pop() || p;
  return all.filter((g) => name(g.path) === name(path)).length > 1 ? path : name(path);
}

const MISSING_TEXT = {
  model: 'No model yet: Cowork needs a local model server or a cloud key to answer.',
  folder: 'No folder yet: Cowork works only inside a folder you grant.',
};

/**
 * Under a run that failed on its model provider (its note says who and why): what to try, and that
 * provider's settings one click away (from the run's structured failure, not its text).
 */
function ProviderFailure({ run, openSettings }: { run: RunView; openSettings: OpenSettings }) {
  const f = run.failure;
  if (!f || run.info.status !== 'failed') return null;
  return (
    <div className="provider-failure" data-testid="provider-failure">
      <TriangleAlert size={18} aria-hidden className="icon" />
      <div>
        <strong>What to try</strong>
        <p>{f.hint}</p>
        <button
          type="button"
          className="primary"
          onClick={() => {
            focusedProvider.set(f.id);
            openSettings('models');
          }}
        >
          Open model settings
        </button>
      </div>
    </div>
  );
}

export function ChatView({
  model,
  setModel,
  mode,
  setMode,
  openSettings,
}: {
  model: string;
  setModel: (m: string) => void;
  mode: RunInfo['mode'];
  setMode: (m: RunInfo['mode']) => void;
  openSettings: OpenSettings;
}) {
  const missing = useMissing();
  const all = useStore(runs);
  const { sessionId, folder } = useStore(current);
  const pending = useStore(approvals);
  const list = runsOf(all, sessionId);
  const last = list.at(-1);
  const running = last?.info.status === 'running';
  const quiet = useQuiet(last?.lastEventAt ?? 0, running);
  const runIds = list.map((r) => r.info.id).join(' ');
  // A session opened: its runs' artifacts from the daemon's record (live ones come as run.artifact).
  useEffect(() => {
    if (runIds) void loadArtifacts(runIds.split(' ')).catch(() => {});
  }, [runIds]);

  const [dragging, setDragging] = useState(false);
  return (
    <main
      className={`chat ${dragging ? 'dragging' : ''}`}
      aria-label="Session"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (!folder) return toast('Grant a folder first.', 'error');
        void attach(e.dataTransfer.files, folder).then((names) => {
          if (names.length) draft.set((d) => `${d}${d ? '\n' : ''}(Attached: ${names.join(', ')})`);
        });
      }}
    >
      <Transcript runs={list} pending={pending} sessionKey={sessionId ?? ''}>
        {list.length === 0 && !missing && (
          <div className="empty">
            <h2>What should we work on?</h2>
            <p>In {folder}. Cowork asks before anything risky.</p>
          </div>
        )}
        {list.length === 0 && missing && (
          <div className="empty setup-needed" data-testid="chat-setup-needed">
            <h2>{missing === 'model' ? 'Add a model to start' : 'Grant a folder to start'}</h2>
            <p>{MISSING_TEXT[missing]}</p>
            <SetupAction missing={missing} openSettings={openSettings} primary />
          </div>
        )}
        {last && <ProviderFailure run={last} openSettings={openSettings} />}
        <RunStatus waiting={running && pending.some((a) => a.runId === last?.info.id)} quiet={quiet} />
      </Transcript>
      <Composer
        model={model}
        setModel={setModel}
        mode={mode}
        setMode={setMode}
        running={running}
        runningId={last?.info.id}
        missing={missing}
        openSettings={openSettings}
      />
    </main>
  );
}

/** The composer's text, shared so dropped attachments can be mentioned in it. */
const draft = new Store('');

/** Puts `text` in the composer (a sample task picked elsewhere), ready to send or edit. */
export function fillComposer(text: string): void {
  draft.set(text);
  focusComposer = true;
}
let focusComposer = false;
/** MCP resources attached to the next message: their text is sent with it. */
const attached = new Store<ResourceAttachment[]>([]);

function Composer({
  model,
  setModel,
  mode,
  setMode,
  running,
  runningId,
  missing,
  openSettings,
}: {
  model: string;
  setModel: (m: string) => void;
  mode: RunInfo['mode'];
  setMode: (m: RunInfo['mode']) => void;
  running: boolean;
  runningId: string | undefined;
  missing: 'model' | 'folder' | null;
  openSettings: OpenSettings;
}) {
  const text = useStore(draft);
  const setText = (t: string) => draft.set(t);
  const resources = useStore(attached);
  const [picking, setPicking] = useState(false);
  const { sessionId, folder } = useStore(current);
  const models = modelChoices(useStore(providers));
  const folders = useStore(grants);
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!focusComposer) return;
    focusComposer = false;
    box.current?.focus();
  }, []);

  const send = async () => {
    const typed = text.trim();
    if (!typed) return;
    if (typed.startsWith('/')) return slash(typed);
    if (missing || !folder) return; // the composer already says what is missing, with its button
    const prompt = withAttachments(typed, resources);
    setText('');
    attached.set([]);
    try {
      const run = await rpc.call('runs.start', {
        prompt,
        folder,
        ...(model === AUTO_MODEL ? {} : { model }),
        mode,
        origin: 'ui',
        ...(sessionId ? { sessionId } : {}),
        ...(chosenPersona.get() ? { persona: chosenPersona.get() } : {}),
      });
      current.set({ sessionId: run.sessionId, folder });
    } catch (err) {
      setText(typed);
      attached.set(resources);
      toast((err as Error).message, 'error');
    }
  };

  const slash = async (line: string) => {
    const [cmd, arg] = line.split(/\s+/, 2);
    setText('');
    try {
      if (cmd === '/mode' && MODES.includes(arg as RunInfo['mode'])) setMode(arg as RunInfo['mode']);
      else if (cmd === '/model' && arg) setModel(arg);
      else if (cmd === '/undo' || cmd === '/revert' || cmd === '/redo') await undoCommand(cmd, sessionId);
      else toast(SLASH_HELP);
    } catch (err) {
      toast((err as Error).message, 'error');
    }
  };

  return (
    <div className="composer">
      {picking && (
        <McpPicker
          onAttach={(a) => {
            attached.set((old) => [...old.filter((o) => o.uri !== a.uri || o.server !== a.server), a]);
            setPicking(false);
          }}
          onPrompt={(t) => {
            setText(text ? `${text}\n\n${t}` : t);
            setPicking(false);
          }}
          onClose={() => setPicking(false)}
        />
      )}
      {resources.length > 0 && (
        <ul className="attachments" aria-label="Attached resources">
          {resources.map((a) => (
            <li key={`${a.server} ${a.uri}`} data-testid="attached-resource">
              {a.server}: {a.uri}
              <button
                type="button"
                aria-label={`Remove ${a.uri}`}
                onClick={() => attached.set((old) => old.filter((o) => o !== a))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {missing && (
        <div className="composer-missing" id="composer-missing" data-testid="composer-missing">
          <span>{MISSING_TEXT[missing]}</span>
          <SetupAction missing={missing} openSettings={openSettings} />
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
          placeholder="Ask Cowork… (Enter to send, Shift+Enter for a new line, / for commands)"
          aria-label="Message"
          id="composer"
          {...(missing ? { 'aria-describedby': 'composer-missing' } : {})}
          ref={box}
          rows={3}
        />
        <div className="composer-bar">
          {folders.length > 0 && (
            <select
              value={folder ?? ''}
              onChange={(e) => current.set({ sessionId: null, folder: e.target.value })}
              aria-label="Folder"
              title={folder ? `Folder: ${folder}` : 'Folder'}
            >
              {!folder && <option value="">Choose a folder…</option>}
              {folders.map((g) => (
                <option key={g.path} value={g.path} title={g.path}>
                  {folderLabel(g.path, folders)}
                </option>
              ))}
            </select>
          )}
          {models.length > 0 && (
            <select value={model} onChange={(e) => setModel(e.target.value)} aria-label="Model">
              <option value={AUTO_MODEL}>auto (routes, default)</option>
              {models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          )}
          <PersonaPicker />
          <select
            value={mode}
            onChange={(e) => setMode(e.target.value as (typeof MODES)[number])}
            aria-label="Approval mode"
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="mcp-open"
            aria-expanded={picking}
            title="Attach a resource or use a prompt from an MCP server"
            onClick={() => setPicking(!picking)}
          >
            MCP…
          </button>
          <button
            type="button"
            title="Split the request into tasks run by several workers at once"
            disabled={missing !== null}
            onClick={() => workforceStart.set({ prompt: text.trim(), onStarted: () => setText('') })}
          >
            As a workforce…
          </button>
          {running && runningId ? (
            <button
              type="button"
              className="danger"
              onClick={() => void rpc.call('runs.cancel', { runId: runningId })}
            >
              Stop
            </button>
          ) : (
            <button
              type="submit"
              className="primary"
              disabled={missing !== null}
              {...(missing ? { 'aria-describedby': 'composer-missing' } : {})}
            >
              Send
            </button>
          )}
        </div>
        <InstructionsInUse folder={folder} />
      </form>
    </div>
  );
}
