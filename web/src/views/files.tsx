import { ChevronDown, ChevronRight, FileText, FolderOpen, ListTree } from 'lucide-react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { CodeText } from '../components/code-text';
import { FileOutline } from '../components/file-outline';
import '../components/panel-empty.css';
import { SymbolSearchBox } from '../components/symbol-search';
import { outlineShown } from '../state/code';
import { current, rpc, settingsRequest, toast } from '../state/cowork';
import { isPreviewed } from '../state/documents';
import { listFolder, openFile, readText, writeText } from '../state/files';
import { useStore } from '../state/store';
import './files.css';

const DocumentPreview = lazy(() =>
  import('../components/document-preview').then((m) => ({ default: m.DocumentPreview })),
);

/** A document, a sheet, a deck or an image: shown as itself (read again when the watcher reports a change). */
function FilePreview({ path, version }: { path: string; version: number }) {
  return (
    <div className="file-view" data-testid="file-view">
      <div className="panel-bar">
        <strong title={path}>{path.split('/').slice(-2).join('/')}</strong>
        <button type="button" onClick={() => openFile.set(null)}>
          Close
        </button>
      </div>
      <Suspense fallback={<p className="muted">Loading preview…</p>}>
        <DocumentPreview key={version} path={path} inFiles />
      </Suspense>
    </div>
  );
}

/** One folder level of the tree; folders open on click. */
function Folder({ path, version }: { path: string; version: number }) {
  const [entries, setEntries] = useState<{ path: string; type: string }[] | null>(null);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when the watcher reports changes
  useEffect(() => {
    listFolder(path).then(setEntries, () => setEntries([]));
  }, [path, version]);
  if (!entries) return <p className="muted">…</p>;
  return (
    <ul className="tree">
      {entries.map((e) => {
        const full = `${path}/${e.path}`;
        return (
          <li key={e.path}>
            {e.type === 'dir' ? (
              <>
                <button
                  type="button"
                  className="link"
                  aria-expanded={open[e.path] ?? false}
                  onClick={() => setOpen({ ...open, [e.path]: !open[e.path] })}
                >
                  {open[e.path] ? <ChevronDown size={14} /> : <ChevronRight size={14} />} {e.path}/
                </button>
                {open[e.path] && <Folder path={full} version={version} />}
              </>
            ) : (
              <button type="button" className="link" onClick={() => openFile.set({ path: full })}>
                <FileText size={14} /> {e.path}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The person's own edit of a text file: saved through the enclave as the person (the grants and
 * deny rules still decide; a read-only folder refuses it with the reason).
 */
function FileEditor({ path, text, onDone }: { path: string; text: string; onDone: () => void }) {
  const [draft, setDraft] = useState(text);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    setSaving(true);
    writeText(path, draft).then(
      () => {
        setSaving(false);
        toast(`Saved ${path.split('/').pop()}.`);
        onDone();
      },
      (err: Error) => {
        setSaving(false);
        setError(err.message);
      },
    );
  };
  return (
    <form
      className="file-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <textarea
        aria-label={`Contents of ${path.split('/').pop()}`}
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            save();
          }
        }}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={saving || draft === text}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The file being looked at, kept live: it is read again whenever the watcher reports a change. */
function FileView({
  folder,
  path,
  line,
  endLine,
  edit,
  version,
}: {
  folder: string;
  path: string;
  line?: number;
  endLine?: number;
  edit?: boolean;
  version: number;
}) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(edit ?? false);
  const outline = useStore(outlineShown);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when the watcher reports changes
  useEffect(() => {
    readText(path).then(
      (t) => {
        setText(t);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, [path, version]);
  return (
    <div className="file-view" data-testid="file-view">
      <div className="panel-bar">
        <strong title={path}>{path.split('/').slice(-2).join('/')}</strong>
        {text !== null && !editing && (
          <button type="button" aria-expanded={outline} onClick={() => outlineShown.set(!outline)}>
            <ListTree aria-hidden="true" size={14} /> Outline
          </button>
        )}
        {text !== null && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        <button type="button" onClick={() => openFile.set(null)}>
          Close
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {outline && !editing && <FileOutline folder={folder} path={path} version={version} />}
      {text !== null && editing && <FileEditor path={path} text={text} onDone={() => setEditing(false)} />}
      {text !== null && !editing && (
        <CodeText folder={folder} path={path} text={text} line={line} endLine={endLine} />
      )}
    </div>
  );
}

/**
 * The workspace's files: a tree driven by a file session (the daemon's watcher), and the open file
 * shown live.
 */
export function FilesPanel() {
  const { folder } = useStore(current);
  const file = useStore(openFile);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!folder) return;
    let sessionId: string | undefined;
    let closed = false;
    void rpc.call('files.watch', { folder }).then(
      (s) => {
        sessionId = s.id;
        if (closed) void rpc.call('sessions.close', { id: s.id }).catch(() => {});
      },
      (err: Error) => toast(err.message, 'error'),
    );
    const off = rpc.onEvent((e) => {
      if (e.type === 'file.changed' && e.sessionId === sessionId) setVersion((v) => v + 1);
    });
    return () => {
      closed = true;
      off();
      if (sessionId) void rpc.call('sessions.close', { id: sessionId }).catch(() => {});
    };
  }, [folder]);
  if (!folder)
    return (
      <div className="panel-empty" data-testid="files-empty">
        <FolderOpen aria-hidden="true" size={28} />
        <p>No folder yet.</p>
        <p className="muted">Grant Cowork a folder to see its files here, live.</p>
        <button type="button" className="primary" onClick={() => settingsRequest.set('folders')}>
          Grant a folder
        </button>
      </div>
    );
  return (
    <div className="files">
      <SymbolSearchBox folder={folder} />
      {file && isPreviewed(file.path) && !file.edit ? (
        <FilePreview key={file.path} path={file.path} version={version} />
      ) : file ? (
        <FileView
          key={file.path}
          folder={folder}
          path={file.path}
          line={file.line}
          endLine={file.endLine}
          edit={file.edit}
          version={version}
        />
      ) : (
        <Folder path={folder} version={version} />
      )}
    </div>
  );
}
