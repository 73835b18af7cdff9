import { useEffect, useState } from 'react';
import { LessonProposals } from '../components/lesson-proposals';
import { Personas } from '../components/personas';
import { current, panel, rpc, toast } from '../state/cowork';
import { openFile } from '../state/files';
import { useStore } from '../state/store';
import type { RpcParamsInput, RpcResult } from '../state/types';

type Lesson = RpcResult<'memory.lessons.add'>;

/** What Cowork remembers: search the index, its folders and jobs, the embedder, and the lessons. */
export function MemoryPanel() {
  const { folder } = useStore(current);
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<RpcResult<'memory.search'> | null>(null);
  const [status, setStatus] = useState<RpcResult<'memory.status'> | null>(null);
  const [embedder, setEmbedder] = useState<RpcResult<'memory.embedder.get'> | null>(null);
  const [lessons, setLessons] = useState<Lesson[]>([]);
  const [lesson, setLesson] = useState('');
  const load = () => {
    void rpc
      .call('memory.status')
      .then(setStatus)
      .catch(() => {});
    void rpc
      .call('memory.embedder.get')
      .then(setEmbedder)
      .catch(() => {});
    void rpc
      .call('memory.lessons.list')
      .then((l) => setLessons(l.lessons))
      .catch(() => {});
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, then follow events
  useEffect(() => {
    load();
    const off = rpc.onEvent((e) => {
      if (e.type.startsWith('memory.'))
        void rpc
          .call('memory.status')
          .then(setStatus)
          .catch(() => {});
    });
    return () => {
      off();
    };
  }, []);
  const act = (p: Promise<unknown>) => p.then(load, (err: Error) => toast(err.message, 'error'));

  return (
    <div className="memory">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim())
            void rpc
              .call('memory.search', { text: query.trim() })
              .then(setResult, (err: Error) => toast(err.message, 'error'));
        }}
      >
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search your files"
          aria-label="Search memory"
        />
      </form>

      {result && (
        <ol className="hits">
          {result.hits.length === 0 && <li className="muted">Nothing found.</li>}
          {result.hits.map((h) => (
            <li key={`${h.path}:${h.startLine}`}>
              <button
                type="button"
                className="link"
                title="Open the file at this chunk"
                onClick={() => {
                  // A document's lines are of its Markdown: it opens as its preview, not at a line.
                  openFile.set(
                    h.locator ? { path: h.path } : { path: h.path, line: h.startLine, endLine: h.endLine },
                  );
                  panel.set('files');
                }}
              >
                {h.path.split('/').slice(-2).join('/')}
                {h.locator ? ` (${h.locator})` : `:${h.startLine}–${h.endLine}`}
              </button>
              <span className="muted">
                {' '}
                {h.matchedBy.join('+')} · {h.score}
              </span>
              <pre>{h.content.slice(0, 300)}</pre>
            </li>
          ))}
        </ol>
      )}
      <h3>Index</h3>
      {status && (
        <p className="muted">
          {status.files} {status.files === 1 ? 'file' : 'files'}, {status.chunks} chunks, {status.vectors}{' '}
          vectors · {embedder?.state === 'ready' ? embedder.id : 'keyword search only'}
        </p>
      )}
      {embedder?.message && <p className="muted">{embedder.message}</p>}
      {status?.jobs
        .filter((j) => j.status === 'running' || j.status === 'paused')
        .map((j) => (
          <div key={j.id} className="job">
            <progress max={j.total || 1} value={j.done} /> {j.done}/{j.total} {j.status}
            <button type="button" onClick={() => void act(rpc.call('memory.cancel', { id: j.id }))}>
              Cancel
            </button>
          </div>
        ))}
      <ul className="folders">
        {status?.folders.map((f) => (
          <li key={f}>
            {f}{' '}
            <button type="button" onClick={() => void act(rpc.call('memory.removeFolder', { folder: f }))}>
              Forget
            </button>
          </li>
        ))}
      </ul>
      {folder && !status?.folders.includes(folder) && (
        <button type="button" onClick={() => void act(rpc.call('memory.index', { folder }))}>
          Index {folder}
        </button>
      )}
      <LessonProposals onLearned={load} />
      <h3>Lessons</h3>
      <ul className="lessons">
        {lessons.map((l) => (
          <LessonRow key={l.id} lesson={l} onChange={(p) => void act(p)} />
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (lesson.trim())
            void act(rpc.call('memory.lessons.add', { text: lesson.trim(), workspace: folder })).then(() =>
              setLesson(''),
            );
        }}
      >
        <input
          value={lesson}
          onChange={(e) => setLesson(e.target.value)}
          placeholder="Teach a preference (e.g. write dates as YYYY-MM-DD)"
          aria-label="New lesson"
        />
      </form>
      <Personas lessons={lessons} />
    </div>
  );
}

/** A lesson: its kind toggles between rule and preference; its text is edited in place. */
function LessonRow({ lesson, onChange }: { lesson: Lesson; onChange: (p: Promise<unknown>) => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(lesson.text);
  const update = (patch: RpcParamsInput<'memory.lessons.update'>['patch']) =>
    onChange(rpc.call('memory.lessons.update', { id: lesson.id, patch }));
  return (
    <li>
      <button
        type="button"
        className={`kind ${lesson.kind}`}
        title="Switch between a rule (must) and a preference"
        onClick={() => update({ kind: lesson.kind === 'hard' ? 'soft' : 'hard' })}
      >
        {lesson.kind === 'hard' ? 'must' : 'prefer'}
      </button>{' '}
      {editing ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            setEditing(false);
            if (text.trim() && text !== lesson.text) update({ text: text.trim() });
          }}
        >
          <input value={text} onChange={(e) => setText(e.target.value)} aria-label="Lesson text" />
          <button type="submit">Save</button>
        </form>
      ) : (
        <button type="button" className="link" title="Edit" onClick={() => setEditing(true)}>
          {lesson.text}
        </button>
      )}
      <span className="muted"> {lesson.workspace ?? 'everywhere'}</span>
      <button
        type="button"
        aria-label={`Delete lesson ${lesson.text}`}
        onClick={() => onChange(rpc.call('memory.lessons.remove', { id: lesson.id }))}
      >
        Delete
      </button>
    </li>
  );
}
