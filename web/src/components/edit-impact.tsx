import { FileWarning } from 'lucide-react';
import { useState } from 'react';
import { relativeTo } from '../state/code';
import { grants, panel, rpc } from '../state/cowork';
import { openFile } from '../state/files';
import { useStore } from '../state/store';

/**
 * What the enclave's edit note says (src/perception/edit-impact.ts editImpactLine): the first line
 * of an edit approval's detail when the edit changes an exported signature something else uses.
 */
export interface EditImpactNote {
  count: number;
  changed: string[];
  /** The files the note names (at most five); `more` is how many it leaves unnamed. */
  files: string[];
  more: number;
}

const NOTE = /^Affects (\d+) files?: changes (.+?), used in (.+?)(?: and (\d+) more)?\.$/;

/** The note at the head of an approval's detail, and the rest (the diff); no note: null. */
export function splitEditNote(detail: string): { note: EditImpactNote; rest: string } | null {
  const end = detail.indexOf('\n');
  const first = end < 0 ? detail : detail.slice(0, end);
  const m = NOTE.exec(first);
  if (!m) return null;
  return {
    note: {
      count: Number(m[1]),
      changed: m[2]!.split(', '),
      files: m[3]!.split(', '),
      more: Number(m[4] ?? 0),
    },
    rest: end < 0 ? '' : detail.slice(end + 1).replace(/^\n/, ''),
  };
}

/** The granted folder holding `path` (the innermost), for paths shown relative to it. */
function folderOf(list: { path: string }[], path: string): string | undefined {
  return list
    .map((g) => g.path)
    .filter((f) => path === f || path.startsWith(`${f}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * "Affects N files" on an edit's approval card, said before the diff; expanded, the files that use
 * what the edit changes (each opens in the Files panel). The note names at most five: the rest
 * are asked of the index (code.impact) when the person expands it.
 */
export function EditImpact({ note }: { note: EditImpactNote }) {
  const [open, setOpen] = useState(false);
  const [all, setAll] = useState<string[] | null>(null);
  const folders = useStore(grants);
  const folder = folderOf(folders, note.files[0] ?? '');
  const files = all ?? note.files;
  const expand = () => {
    setOpen(!open);
    if (open || all || note.more === 0 || !folder) return;
    Promise.all(note.changed.map((symbol) => rpc.call('code.impact', { folder, symbol }))).then(
      (found) => setAll([...new Set([...note.files, ...found.flatMap((r) => r.files)])]),
      () => {},
    );
  };
  const unnamed = all ? 0 : note.more;
  return (
    <div className="edit-impact" data-testid="edit-impact">
      <button type="button" className="edit-impact-head" aria-expanded={open} onClick={expand}>
        <FileWarning aria-hidden="true" size={16} />
        <strong>
          Affects {note.count} file{note.count === 1 ? '' : 's'}
        </strong>
        <span>
          changes <code>{note.changed.join(', ')}</code>
        </span>
      </button>
      {open && (
        <ul className="edit-impact-files" aria-label="Files that use what this edit changes">
          {files.map((f) => (
            <li key={f}>
              <button
                type="button"
                className="link"
                title={f}
                onClick={() => {
                  openFile.set({ path: f });
                  panel.set('files');
                }}
              >
                {folder ? relativeTo(folder, f) : f}
              </button>
            </li>
          ))}
          {unnamed > 0 && <li className="muted">and {unnamed} more</li>}
        </ul>
      )}
    </div>
  );
}
