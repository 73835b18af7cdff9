import { ChevronDown, ChevronRight, FileWarning } from 'lucide-react';
import { useState } from 'react';
import { relativeTo } from '../state/code';
import { grants, panel, rpc } from '../state/cowork';
import type { EditImpactNote } from '../state/edit-note';
import { openFile } from '../state/files';
import { useStore } from '../state/store';

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
        {open ? (
          <ChevronDown className="edit-impact-chevron" aria-hidden="true" size={16} />
        ) : (
          <ChevronRight className="edit-impact-chevron" aria-hidden="true" size={16} />
        )}
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
