import { useEffect, useState } from 'react';
import { InstructionsInUse } from '../components/instructions-in-use';
import { McpPicker, type ResourceAttachment, withAttachments } from '../components/mcp-picker';
import { Transcript } from '../components/transcript';
import {
  approvals,
  current,
  grants,
  modelChoices,
  providers,
  rpc,
  runs,
  runsOf,
  toast,
  undoLastChange,
} from '../state/cowork';
import { uploadFile } from '../state/files';
import { Store, useStore } from '../state/store';
import type { RunInfo } from '../state/types';

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
/** The model picker's first choice: no model named, so the daemon's routes and default model decide. */
export const AUTO_MODEL = 'auto';
export const SLASH_HELP = '/mode ask|auto-edit|read-only · /model provider/model · /undo · /revert · /help';

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

export function ChatView({
  model,
  setModel,
  mode,
  setMode,
}: {
  model: string;
  setModel: (m: string) => void;
  mode: RunInfo['mode'];
  setMode: (m: RunInfo['mode']) => void;
}) {
  const all = useStore(runs);
  const { sessionId, folder } = useStore(current);
  const pending = useStore(approvals);
  const list = runsOf(all, sessionId);
  const last = list.at(-1);
  const running = last?.info.status === 'running';
  const quiet = useQuiet(last?.lastEventAt ?? 0, running);

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
        {list.length === 0 && (
          <div className="empty">
            <h2>What should we work on?</h2>
            <p>
              {folder ? `In ${folder}.` : 'Grant a folder first (Settings or Ctrl+K).'} Cowork asks before
              anything risky.
            </p>
          </div>
        )}
        {quiet && <div className="working">Working…</div>}
      </Transcript>
      <Composer
        model={model}
        setModel={setModel}
        mode={mode}
        setMode={setMode}
        running={running}
        runningId={last?.info.id}
      />
    </main>
  );
}

/** The composer's text, shared so dropped attachments can be mentioned in it. */
const draft = new Store('');
/** MCP resources attached to the next message: their text is sent with it. */
const attached = new Store<ResourceAttachment[]>([]);

function Composer({
  model,
  setModel,
  mode,
  setMode,
  running,
  runningId,
}: {
  model: string;
  setModel: (m: string) => void;
  mode: RunInfo['mode'];
  setMode: (m: RunInfo['mode']) => void;
  running: boolean;
  runningId: string | undefined;
}) {
  const text = useStore(draft);
  const setText = (t: string) => draft.set(t);
  const resources = useStore(attached);
  const [picking, setPicking] = useState(false);
  const { sessionId, folder } = useStore(current);
  const models = modelChoices(useStore(providers));
  const folders = useStore(grants);

  const send = async () => {
    const typed = text.trim();
    if (!typed) return;
    if (typed.startsWith('/')) return slash(typed);
    if (!folder) return toast('Grant a folder first.', 'error');
    if (models.length === 0) return toast('Add a model in Settings first.', 'error');
    const prompt = withAttachments(typed, resources);
    setText('');
    attached.set([]);
    try {
      const run = await rpc.call('runs.start', {
        prompt,
        folder,
        ...(model === AUTO_MODEL ? {} : { model }),
        mode,
        ...(sessionId ? { sessionId } : {}),
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
      else if (cmd === '/undo') toast((await undoLastChange(sessionId)) ? 'Undone.' : 'Nothing to undo.');
      else if (cmd === '/revert' && runningId) {
        await rpc.call('runs.revert', { runId: runningId });
        toast('Reverted.');
      } else toast(SLASH_HELP);
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
          rows={3}
        />
        <div className="composer-bar">
          <select
            value={folder ?? ''}
            onChange={(e) => current.set({ sessionId: null, folder: e.target.value })}
            aria-label="Folder"
          >
            {folders.map((g) => (
              <option key={g.path} value={g.path}>
                {g.path}
              </option>
            ))}
          </select>
          <select value={model} onChange={(e) => setModel(e.target.value)} aria-label="Model">
            <option value={AUTO_MODEL}>
              {models.length === 0 ? 'no model yet' : 'auto (routes, default)'}
            </option>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
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
          {running && runningId ? (
            <button
              type="button"
              className="danger"
              onClick={() => void rpc.call('runs.cancel', { runId: runningId })}
            >
              Stop
            </button>
          ) : (
            <button type="submit" className="primary">
              Send
            </button>
          )}
        </div>
        <InstructionsInUse folder={folder} />
      </form>
    </div>
  );
}
